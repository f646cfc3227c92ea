/**
 * Issue 14, breakout rooms, end to end on the emulator: the organizer (control API) creates a room,
 * assigns the guest and opens the rooms; <acs-teams-meeting> announces the assignment, joins (with
 * the Join button, from the keyboard, or on its own with auto-move), shows the room's name and end
 * time, and comes back when the guest returns or the rooms close; <acs-meeting-chat for="…">
 * switches to the room's chat thread and back; `acs-breakout-room-changed` reports each step; axe
 * in each new state.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import type { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { breakoutEndTime } from '../../src/components/teams-meeting/breakout-banner.js';
import type { AcsBreakoutRoomChangedDetail, AcsErrorDetail, AcsParticipantDetail } from '../../src/events.js';
import { control as controlApi, createMeeting, emulatorPath } from './helpers/emulator.js';
import { ignoreResizeObserverLoop, shadow, teamsPost, textOf, waitFor } from './meeting-chat-helpers.js';
import { until } from './helpers/wait.js';
import '../../src/define.js';

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}

const meetingPath = (meeting: CreatedMeeting, rest = '') => `emulator/meetings/${encodeURIComponent(meeting.threadId)}${rest}`;
const $ = <E extends Element = HTMLElement>(el: AcsTeamsMeeting, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const banner = (el: AcsTeamsMeeting) => $(el, '[part="breakout"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function meetingWithChat(name: string) {
  const meeting = await createMeeting<CreatedMeeting>({ topic: 'Workshop' });
  const page = await fixture<HTMLDivElement>(html`<div>
    <acs-teams-meeting
      id=${`m-${name}`}
      token-url=${emulatorPath('api/token')}
      meeting-link=${meeting.meetingLink}
      display-name=${name}
      locale="en"
      skip-setup
      start-camera-off
    ></acs-teams-meeting>
    <acs-meeting-chat for=${`m-${name}`} locale="en" style="height: 300px"></acs-meeting-chat>
  </div>`);
  const el = page.querySelector<AcsTeamsMeeting>('acs-teams-meeting')!;
  const chat = page.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
  const rooms: AcsBreakoutRoomChangedDetail['room'][] = [];
  el.addEventListener('acs-breakout-room-changed', (event) => rooms.push(event.detail.room));
  const left: AcsParticipantDetail['participant'][] = [];
  el.addEventListener('acs-participant-left', (event) => left.push(event.detail.participant));
  await until(() => $(el, '[part="controls"]'), 'the in-meeting controls', 45_000);
  await waitFor(() => shadow(chat).querySelector('[part="composer"]'), 'the chat', 45_000);
  const snapshot = await controlApi<{ participants: { id: string; displayName: string }[] }>('GET', meetingPath(meeting));
  const guestId = snapshot.participants.find((p) => p.displayName === name)!.id;
  const room = await controlApi<{ id: string; threadId: string }>('POST', meetingPath(meeting, '/breakout-rooms'), { name: 'Design' });
  await controlApi('POST', meetingPath(meeting, `/breakout-rooms/${room.id}/assign`), { participantId: guestId });
  return { meeting, el, chat, rooms, room, left };
}

describe('<acs-teams-meeting> breakout rooms against the emulator (issue 14)', function () {
  this.timeout(120_000);
  before(() => ignoreResizeObserverLoop());

  it('announces the assignment, joins with the Join button from the keyboard, switches the chat, returns, and comes back when rooms close', async () => {
    const { meeting, el, chat, rooms, room, left } = await meetingWithChat('Room Guest');
    await teamsPost(meeting.threadId, { displayName: 'Tina Teams', text: 'hello main meeting' });
    await waitFor(() => textOf(chat).includes('hello main meeting'), 'the main chat message', 15_000);
    expect(rooms).to.deep.equal([], 'assigned while rooms are closed: nothing to say yet');

    await controlApi('PATCH', meetingPath(meeting, '/breakout-rooms'), { autoMove: false, canReturn: true, open: true, durationSeconds: 900 });
    await until(() => rooms.at(-1)?.state === 'assigned', 'the assignment event');
    expect(rooms.at(-1)).to.include({ id: room.id, name: 'Design', threadId: room.threadId, autoJoin: false, canReturn: true });
    await until(() => banner(el).includes('You’ve been assigned to the breakout room Design.'), 'the assignment notice');
    const notice = $(el, '[part="breakout"]')!;
    expect(notice.closest('[aria-live="polite"]'), 'inside a polite live region').to.not.equal(null);
    expect(el.state.breakoutRoom?.state).to.equal('assigned');
    await expect(el).to.be.accessible();

    // Keyboard: the Join button takes the focus and Enter; the focus then goes to the microphone.
    const join = $<HTMLButtonElement>(el, '#breakout-join')!;
    expect(join.textContent?.trim()).to.equal('Join room');
    join.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => el.state.breakoutRoom?.state === 'joined', 'in the room');
    expect(rooms.map((r) => r?.state)).to.include('joining');
    await until(() => el.shadowRoot!.activeElement?.id === 'ctl-mic', 'the focus on the microphone');
    const endsAt = el.state.breakoutRoom!.endsAt!;
    expect(endsAt).to.be.a('number');
    await until(() => banner(el).includes(`Breakout room: Design Ends at ${breakoutEndTime('en', endsAt)}`), 'the room name and end time');
    expect($(el, '#breakout-join')).to.equal(null);
    expect(el.state.participants.map((p) => p.displayName)).to.not.include('Adele Vance', 'the room has only its own people');
    expect(left, 'moving into a room is not people leaving the meeting').to.deep.equal([]);

    // The chat follows the room's thread: the main meeting's message is not there, the room's is.
    await waitFor(() => !textOf(chat).includes('hello main meeting') && shadow(chat).querySelector('[part="composer"]'), 'the room chat', 30_000);
    await teamsPost(meeting.threadId, { displayName: 'Tina Teams', text: 'hello room', roomId: room.id });
    await waitFor(() => textOf(chat).includes('hello room'), 'the room chat message', 15_000);
    await expect(el).to.be.accessible();
    await expect(chat).to.be.accessible();

    // Return to the main meeting, then back in, then the organizer closes the rooms.
    $<HTMLButtonElement>(el, '#breakout-return')!.click();
    await until(() => el.state.breakoutRoom?.state === 'assigned', 'back in the main meeting');
    await until(() => ($(el, '[part="toasts"]')?.textContent ?? '').includes('You’re back in the main meeting.'), 'the return announced');
    await waitFor(() => textOf(chat).includes('hello main meeting') && !textOf(chat).includes('hello room'), 'the main chat again', 30_000);

    await el.joinBreakoutRoom();
    await until(() => el.state.breakoutRoom?.state === 'joined', 'in the room again');
    await controlApi('PATCH', meetingPath(meeting, '/breakout-rooms'), { open: false });
    await until(() => el.state.breakoutRoom === null, 'rooms closed');
    expect(rooms.at(-1)).to.equal(null);
    expect(banner(el)).to.equal('');
    await waitFor(() => textOf(chat).includes('hello main meeting'), 'the main chat after the rooms closed', 30_000);
    expect(el.state.phase).to.equal('connected');
    await expect(el).to.be.accessible();
    expect(left).to.deep.equal([]);

    // No room any more: joining one fails clearly, with a toast and acs-error.
    const refused = oneEvent(el, 'acs-error');
    void el.joinBreakoutRoom();
    expect(((await refused).detail as AcsErrorDetail).code).to.equal('operation-failed');
    await until(() => ($(el, '[part="toasts"]')?.textContent ?? '').includes('Couldn’t move you between rooms. Try again.'), 'the failure toast');
    expect(el.state.phase).to.equal('connected');
  });

  it('with auto-move the guest is moved on its own (no Join button); without permission there is no Return button', async () => {
    const { meeting, el, rooms } = await meetingWithChat('Auto Guest');
    await controlApi('PATCH', meetingPath(meeting, '/breakout-rooms'), { open: true });
    await until(() => el.state.breakoutRoom?.state === 'joined', 'moved into the room');
    expect(rooms[0]?.autoJoin).to.equal(true);
    await until(() => banner(el) === 'Breakout room: Design', 'the room name, no end time');
    expect($(el, '#breakout-join')).to.equal(null);
    expect($(el, '#breakout-return')).to.equal(null);
    // The page may still ask: the organizer has not allowed it, and the element says so.
    const refused = oneEvent(el, 'acs-error');
    void el.returnToMainMeeting();
    const error = (await refused).detail as AcsErrorDetail;
    expect(error.code).to.equal('not-allowed');
    expect(error.message).to.equal('The meeting doesn’t let you do that right now. Ask the organizer if you need it.');
    expect(el.state.breakoutRoom?.state).to.equal('joined');
    await controlApi('PATCH', meetingPath(meeting, '/breakout-rooms'), { open: false });
    await until(() => rooms.at(-1) === null, 'back when the rooms close');
  });
});
