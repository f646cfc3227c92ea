/**
 * Issue 14, capabilities: the organizer's meeting options and role changes, played through the
 * emulator's control API, reach <acs-teams-meeting> end to end: controls locked with the reason,
 * the change announced, `acs-capabilities-changed`, and a forbidden command refused with a
 * localized `acs-error` (`not-allowed`).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import type { AcsCapabilitiesChangedDetail, AcsErrorDetail } from '../../src/events.js';
import { control as controlApi, createMeeting, emulatorPath } from './helpers/emulator.js';
import { control } from './helpers/meeting-controls.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}

const meetingPath = (meeting: CreatedMeeting, rest = '') => `emulator/meetings/${encodeURIComponent(meeting.threadId)}${rest}`;
const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);

describe('<acs-teams-meeting> capabilities against the emulator (issue 14)', function () {
  this.timeout(60_000);

  it('locks controls with the reason, announces changes, fires acs-capabilities-changed, refuses with not-allowed', async () => {
    const meeting = await createMeeting<CreatedMeeting>({ topic: 'Options' });
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
      token-url=${emulatorPath('api/token')}
      meeting-link=${meeting.meetingLink}
      display-name="Guest"
      locale="en"
      skip-setup
      start-camera-off
    ></acs-teams-meeting>`);
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
    await controlApi('PATCH', meetingPath(meeting, `/participants/${encodeURIComponent(guest.id)}`), { role: 'presenter' });
    await until(() => changes.at(-1)!.role === 'presenter', 'the role change');
    await until(() => toasts().includes('You’re now a presenter'), 'the role announcement');
    expect((await control(el, 'ctl-mic')).getAttribute('aria-disabled')).to.equal(null);
    await el.setMuted(false);
    await until(() => !el.state.muted, 'the unmute');
    expect(errors.map((e) => e.code)).to.deep.equal(['not-allowed']);
  });
});
