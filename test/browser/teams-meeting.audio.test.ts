/**
 * Issue 14, mobile audio: when the browser holds the page's sound until a gesture (iOS Safari,
 * Android Chrome, autoplay policies), <acs-teams-meeting> shows "Tap to turn on sound", fires
 * `acs-audio-blocked`, and resumes on a real tap.
 *
 * The shared Chromium launch (web-test-runner.config.mjs) passes `--autoplay-policy=no-user-gesture-required`
 * for every file and has no per-file flags, so this file holds the sound itself: before the
 * element loads, `AudioContext` is replaced by a subclass that stays 'suspended' until `resume()` is
 * called with a real user activation (`navigator.userActivation.isActive`), as a phone does. The
 * tap is a real keyboard press through the browser (`sendKeys`), not a synthetic click.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { guestJoining, shadow$ as $ } from './helpers/emulator-meeting.js';
import { until } from './helpers/wait.js';

const RealAudioContext = window.AudioContext;
/** Resumes attempted without a gesture, to prove a scripted click is not enough. */
let refusedResumes = 0;

class HeldAudioContext extends RealAudioContext {
  #held = true;
  override get state(): AudioContextState {
    return this.#held ? 'suspended' : super.state;
  }
  override resume(): Promise<void> {
    if (!navigator.userActivation.isActive) {
      refusedResumes += 1;
      // As Chromium does: the promise waits for a gesture that never comes.
      return new Promise(() => undefined);
    }
    this.#held = false;
    return super.resume().then(() => {
      this.dispatchEvent(new Event('statechange'));
    });
  }
}

describe('<acs-teams-meeting> audio blocked until a tap (issue 14)', function () {
  this.timeout(60_000);

  before(() => {
    window.AudioContext = HeldAudioContext;
  });
  after(() => {
    window.AudioContext = RealAudioContext;
  });

  it('shows "Tap to turn on sound", fires acs-audio-blocked once, and resumes on a real tap', async () => {
    const { el } = await guestJoining({ topic: 'Sound', cameraOff: true });
    let blockedEvents = 0;
    el.addEventListener('acs-audio-blocked', () => (blockedEvents += 1));

    const prompt = await until(() => $<HTMLButtonElement>(el, '[part="audio-blocked"]'), 'the tap-to-turn-on-sound prompt');
    expect(el.state.phase).to.equal('connected');
    expect(prompt.textContent?.trim()).to.equal('Tap to turn on sound');
    expect(blockedEvents).to.equal(1);
    await expect(el).to.be.accessible();

    // A scripted click carries no user activation: the sound stays held and the prompt stays.
    prompt.click();
    expect(refusedResumes).to.equal(1);
    expect($(el, '[part="audio-blocked"]')).to.not.equal(null);

    prompt.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !$(el, '[part="audio-blocked"]'), 'the prompt gone after the tap');
    expect(blockedEvents).to.equal(1);
  });

  it('says nothing when the browser lets the sound play', async () => {
    window.AudioContext = RealAudioContext;
    try {
      const { el } = await guestJoining({ topic: 'Sound allowed', cameraOff: true });
      let blockedEvents = 0;
      el.addEventListener('acs-audio-blocked', () => (blockedEvents += 1));
      await until(() => el.state.phase === 'connected' && $(el, '[part="controls"]'), 'the meeting');
      await el.updateComplete;
      expect(new RealAudioContext().state, 'this launch allows sound without a gesture').to.equal('running');
      expect($(el, '[part="audio-blocked"]')).to.equal(null);
      expect(blockedEvents).to.equal(0);
    } finally {
      window.AudioContext = HeldAudioContext;
    }
  });
});
