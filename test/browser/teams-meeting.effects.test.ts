/**
 * Background effects and noise suppression in `<acs-teams-meeting>` against the emulator: the
 * picker (its own chunk) opens from the setup preview, Blur really blurs the camera's pixels (the
 * canvas engine of the simulated service), a built-in background replaces them, the choice goes
 * into the meeting's self view, keyboard and axe; and a browser that cannot draw effects gets no
 * choices but the reason.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { createMeeting, emulatorPath } from './helpers/emulator.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}

const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);

async function mount(meeting: CreatedMeeting): Promise<AcsTeamsMeeting> {
  const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    token-url=${emulatorPath('api/token')}
    meeting-link=${meeting.meetingLink}
    display-name="Effie"
    locale="en"
  ></acs-teams-meeting>`);
  el.scrollIntoView();
  return el;
}

/** One frame of a playing `<video>` as RGBA pixels (at a fixed 320×180). */
function frame(video: HTMLVideoElement): Uint8ClampedArray {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

/**
 * Sharpness of a frame's top-left corner (outside the oval the canvas engine keeps sharp): the
 * mean absolute difference between horizontally neighbouring pixels. Chromium's fake camera is a
 * flat green frame with a timestamp printed in that corner (and a shape in the middle), so raw
 * frames score well above zero there; a blur brings it close to zero.
 */
function edgeEnergy(pixels: Uint8ClampedArray, width = 320): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < 24; y++) {
    for (let x = 0; x < 84; x++) {
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs((pixels[i + c] ?? 0) - (pixels[i + 4 + c] ?? 0));
      count++;
    }
  }
  return sum / count;
}

/** The average colour of a 10×10 block at (x, y). */
function colorAt(pixels: Uint8ClampedArray, x: number, y: number, width = 320): [number, number, number] {
  const total = [0, 0, 0];
  for (let dy = 0; dy < 10; dy++) for (let dx = 0; dx < 10; dx++) for (let c = 0; c < 3; c++) total[c]! += pixels[((y + dy) * width + x + dx) * 4 + c] ?? 0;
  return total.map((v) => Math.round(v / 100)) as [number, number, number];
}

const playing = (video: HTMLVideoElement | null | undefined): video is HTMLVideoElement => Boolean(video && video.readyState >= 2 && video.videoWidth > 0);

describe('<acs-teams-meeting> background effects (emulator)', function () {
  this.timeout(90_000);

  it('blurs the preview (pixels change), replaces the background, and the meeting starts with the effect', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: false, topic: 'Effects' });
    const el = await mount(meeting);
    const rawVideo = () => $<HTMLVideoElement>(el, '[part="preview"] > video');
    await until(() => playing(rawVideo()), 'the raw camera preview');
    // The fake camera's frames: sharp (a well-defined baseline, measured, not assumed).
    let raw = 0;
    await until(() => (raw = edgeEnergy(frame(rawVideo()!))) > 3, 'a raw frame with detail');

    const button = $<HTMLButtonElement>(el, '#setup-effects')!;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    button.click();
    await until(() => el.shadowRoot!.querySelectorAll('input[name="video-effect"]').length === 5, 'the five effect choices');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();

    const changed = oneEvent(el, 'acs-video-effect-changed');
    $<HTMLInputElement>(el, 'input[name="video-effect"][value="blur"]')!.click();
    expect((await changed).detail).to.deep.equal({ effect: 'blur' });

    const processedVideo = () => $<HTMLVideoElement>(el, '[part="preview"] .processed video');
    await until(() => playing(processedVideo()), 'the processed preview');
    expect(rawVideo(), 'the raw video is replaced by the processed one').to.equal(null);
    let blurred = Infinity;
    await until(() => (blurred = edgeEnergy(frame(processedVideo()!))) < raw / 3, `a blurred frame (raw ${raw.toFixed(1)}, now ${blurred.toFixed(1)})`);

    // Keyboard: arrows move through the radio group like any radio group.
    $<HTMLInputElement>(el, 'input[name="video-effect"][value="blur"]')!.focus();
    const next = oneEvent(el, 'acs-video-effect-changed');
    await sendKeys({ press: 'ArrowRight' });
    expect((await next).detail).to.deep.equal({ effect: 'image:office' });

    // A built-in background: the sunset's dark violet sky fills the top corner.
    $<HTMLInputElement>(el, 'input[name="video-effect"][value="image:sunset"]')!.click();
    await until(() => {
      const [r, g, b] = colorAt(frame(processedVideo()!), 5, 5);
      return Math.abs(r - 0x2b) < 24 && Math.abs(g - 0x1a) < 24 && Math.abs(b - 0x4f) < 24;
    }, 'the sunset background in the corner');
    await expect(el).to.be.accessible();

    // Back to blur, then join: the self view in the meeting is the processed camera.
    $<HTMLInputElement>(el, 'input[name="video-effect"][value="blur"]')!.click();
    $<HTMLButtonElement>(el, '[part="join-button"]')!.click();
    await until(() => el.state.phase === 'connected', 'the meeting');
    expect(el.state.videoEffect).to.equal('blur');
    const selfVideo = () => $<HTMLVideoElement>(el, '[data-self] video');
    await until(() => playing(selfVideo()), 'the self view');
    await until(() => edgeEnergy(frame(selfVideo()!)) < raw / 3, 'a blurred self view');

    // In the meeting: More → Background effects, the same picker; the self view is its preview.
    await until(() => $(el, '#ctl-more'), 'the More button');
    $<HTMLButtonElement>(el, '#ctl-more')!.click();
    await until(() => $(el, '#more-menu #ctl-effects'), 'Background effects in the More menu');
    $<HTMLButtonElement>(el, '#more-menu #ctl-effects')!.click();
    await until(() => $(el, '#effects-menu input[name="video-effect"][value="blur"]'), 'the in-meeting picker');
    expect($<HTMLInputElement>(el, '#effects-menu input[value="blur"]')!.checked).to.equal(true);
    await expect(el).to.be.accessible();
    const inMeeting = oneEvent(el, 'acs-video-effect-changed');
    $<HTMLInputElement>(el, '#effects-menu input[value="image:sunset"]')!.click();
    expect((await inMeeting).detail).to.deep.equal({ effect: 'image:sunset' });
    await until(() => el.state.videoEffect === 'image:sunset', 'the meeting state');
    await until(() => {
      const [r, g, b] = colorAt(frame(selfVideo()!), 5, 5);
      return Math.abs(r - 0x2b) < 24 && Math.abs(g - 0x1a) < 24 && Math.abs(b - 0x4f) < 24;
    }, 'the sunset behind the self view');
    $<HTMLInputElement>(el, '#effects-menu input[value="none"]')!.click();
    await until(() => el.state.videoEffect === 'none', 'no effect');
    await until(() => edgeEnergy(frame(selfVideo()!)) > raw / 2, 'a sharp self view again');
    await el.leave();
  });

  it('turns noise suppression on in the device settings, on the preview track and into the meeting', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: false, topic: 'Noise' });
    const el = await mount(meeting);
    await until(() => $(el, '#noise-suppression'), 'the noise suppression switch');
    $<HTMLDetailsElement>(el, 'details.settings')!.open = true;
    const box = $<HTMLInputElement>(el, '#noise-suppression')!;
    expect(box.checked).to.equal(false);
    box.click();
    await until(() => {
      const setup = (el as unknown as { setup?: { previewStream?: MediaStream } }).setup;
      return setup?.previewStream?.getAudioTracks()[0]?.getSettings().noiseSuppression === true;
    }, 'the preview microphone with noise suppression');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part="join-button"]')!.click();
    await until(() => el.state.phase === 'connected', 'the meeting');
    expect(el.state.noiseSuppression).to.equal(true);
    // In the meeting's device settings, the same switch.
    // On the bar, or in More when the bar is narrow.
    await until(() => $(el, '.controls #ctl-devices') ?? $(el, '#ctl-more'), 'the controls');
    if (!$(el, '.controls #ctl-devices')) {
      $<HTMLButtonElement>(el, '#ctl-more')!.click();
      await until(() => $(el, '#more-menu #ctl-devices'), 'device settings in the More menu');
    }
    $<HTMLButtonElement>(el, '#ctl-devices')!.click();
    await until(() => $(el, '#dev-noise'), 'the noise suppression switch in the meeting');
    expect($<HTMLInputElement>(el, '#dev-noise')!.checked).to.equal(true);
    $<HTMLInputElement>(el, '#dev-noise')!.click();
    await until(() => el.state.noiseSuppression === false, 'noise suppression off');
    await expect(el).to.be.accessible();
    await el.leave();
  });

  it('an effect that cannot start at Join: the meeting goes on without it, and the user is told', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: false, topic: 'Effect refused' });
    const el = await mount(meeting);
    await until(() => $(el, '#setup-effects'), 'the effects button');
    $<HTMLButtonElement>(el, '#setup-effects')!.click();
    await until(() => $(el, 'input[name="video-effect"][value="blur"]'), 'the choices');
    $<HTMLInputElement>(el, 'input[name="video-effect"][value="blur"]')!.click();
    await until(() => playing($<HTMLVideoElement>(el, '[part="preview"] .processed video')), 'the blurred preview');
    // From here the browser can no longer draw effects: the service joins without one.
    const captureStream = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'captureStream')!;
    delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).captureStream;
    try {
      const errors: { code: string; recoverable: boolean; message: string }[] = [];
      el.addEventListener('acs-error', (event) => errors.push((event as CustomEvent).detail));
      $<HTMLButtonElement>(el, '[part="join-button"]')!.click();
      await until(() => el.state.phase === 'connected', 'the meeting');
      expect(el.state.videoEffect).to.equal('none');
      expect(el.state.cameraOn).to.equal(true);
      await until(() => errors.length > 0, 'acs-error');
      expect(errors.map((e) => [e.code, e.recoverable])).to.deep.equal([['operation-failed', true]]);
      await until(() => el.shadowRoot!.textContent?.includes('The background effect couldn’t start. Others see your camera without it.'), 'the toast');
      await expect(el).to.be.accessible();
      await el.leave();
    } finally {
      Object.defineProperty(HTMLCanvasElement.prototype, 'captureStream', captureStream);
    }
  });

  it('hides the choices and says why in a browser that cannot draw effects', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ lobby: false, topic: 'No effects' });
    // A browser without canvas captureStream (e.g. an old Safari): the engine must say "browser".
    const captureStream = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'captureStream')!;
    delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).captureStream;
    try {
      const el = await mount(meeting);
      await until(() => $(el, '#setup-effects'), 'the effects button');
      $<HTMLButtonElement>(el, '#setup-effects')!.click();
      await until(() => $(el, '[data-effects-unavailable]'), 'the reason');
      expect($(el, '[data-effects-unavailable]')!.getAttribute('data-effects-unavailable')).to.equal('browser');
      expect($(el, '[data-effects-unavailable]')!.textContent?.trim()).to.equal('Background effects aren’t available in this browser.');
      expect(el.shadowRoot!.querySelectorAll('input[name="video-effect"]').length).to.equal(0);
      await expect(el).to.be.accessible();
    } finally {
      Object.defineProperty(HTMLCanvasElement.prototype, 'captureStream', captureStream);
    }
  });
});
