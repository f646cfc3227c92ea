/**
 * Issue 14, capabilities: the organizer's meeting options and role changes, played through the
 * emulator's control API, reach <acs-teams-meeting> end to end: controls locked with the reason,
 * the change announced, `acs-capabilities-changed`, and a forbidden command refused with a
 * localized `acs-error` (`not-allowed`).
 */
import { expect, oneEvent } from '@open-wc/testing';
import type { AcsCapabilitiesChangedDetail, AcsErrorDetail } from '../../src/events.js';
import { control as controlApi } from './helpers/emulator.js';
import { guestJoining, meetingPath, participantPath, shadow$ as $ } from './helpers/emulator-meeting.js';
import { control } from './helpers/meeting-controls.js';
import { until } from './helpers/wait.js';
import ja from '../../src/i18n/locales/ja-JP.js';

describe('<acs-teams-meeting> capabilities against the emulator (issue 14)', function () {
  this.timeout(60_000);

  it('locks controls with the reason, announces changes, fires acs-capabilities-changed, refuses with not-allowed', async () => {
    const { meeting, el } = await guestJoining({ topic: 'Options', cameraOff: true });
    const changes: AcsCapabilitiesChangedDetail[] = [];
    const errors: AcsErrorDetail[] = [];
    el.addEventListener('acs-capabilities-changed', (event) => changes.push(event.detail));
    el.addEventListener('acs-error', (event) => errors.push(event.detail));
    await until(() => $(el, '[part="controls"]'), 'the in-meeting controls');
    await until(() => changes.length > 0, 'the initial acs-capabilities-changed');
    expect(changes[0].initial).to.equal(true);
    expect(changes[0].role).to.equal('attendee');
    expect(changes[0].capabilities.unmuteMic).to.deep.equal({ allowed: true });

    await controlApi('PATCH', meetingPath(meeting), { attendeeMic: false, whoCanPresent: 'organizers' });
    await until(() => changes.some((change) => !change.initial && !change.capabilities.unmuteMic.allowed), 'the restriction event');
    const last = changes.at(-1)!;
    expect(last.capabilities.unmuteMic).to.deep.equal({ allowed: false, reason: 'meeting' });
    expect(last.capabilities.shareScreen).to.deep.equal({ allowed: false, reason: 'role' });
    await until(() => el.state.muted, 'the hard mute');

    const mic = await control(el, 'ctl-mic');
    expect(mic.getAttribute('aria-disabled')).to.equal('true');
    expect(mic.title).to.equal('The organizer has turned off microphones for attendees');
    const toasts = () => $(el, '[part="toasts"]')?.textContent ?? '';
    await until(() => toasts().includes('The organizer has turned off microphones for attendees'), 'the announcement');
    await expect(el).to.be.accessible();

    const refused = oneEvent(el, 'acs-error');
    mic.click();
    const error = (await refused).detail as AcsErrorDetail;
    expect(error.code).to.equal('not-allowed');
    expect(error.message).to.equal('The meeting doesn’t let you do that right now. Ask the organizer if you need it.');
    expect(el.state.muted).to.equal(true);

    // The organizer makes the guest a presenter: everything is allowed again, and said so.
    const snapshot = await controlApi<{ participants: { id: string; displayName: string }[] }>('GET', meetingPath(meeting));
    const guest = snapshot.participants.find((p) => p.displayName === 'Guest')!;
    await controlApi('PATCH', participantPath(meeting, guest.id), { role: 'presenter' });
    await until(() => changes.at(-1)!.role === 'presenter', 'the role change');
    await until(() => toasts().includes('You’re now a presenter'), 'the role announcement');
    expect((await control(el, 'ctl-mic')).getAttribute('aria-disabled')).to.equal(null);
    await el.setMuted(false);
    await until(() => !el.state.muted, 'the unmute');
    expect(errors.map((e) => e.code)).to.deep.equal(['not-allowed']);
  });

  it('several changes at once read as Japanese sentences in a Japanese page (「。」, no spaces)', async () => {
    const { meeting, el } = await guestJoining({ topic: 'Options ja', cameraOff: true, locale: 'ja-JP' });
    await until(() => $(el, '[part="controls"]'), 'the in-meeting controls');
    await controlApi('PATCH', meetingPath(meeting), { attendeeMic: false, whoCanPresent: 'organizers' });
    const toasts = () => $(el, '[part="toasts"]')?.textContent ?? '';
    await until(() => toasts().includes(`${ja.meetingUi['capability.unmuteMic.meeting']}。`), 'the announcement, ended with 。');
    expect(toasts()).to.not.match(/[^\s]\. /, 'no Latin full stop between Japanese sentences');
  });
});
