/**
 * <acs-meeting-chat> with the real <acs-teams-meeting> (simulated meeting service on the emulator):
 * slotted and wired with `for=`, before joining, in the meeting, and after the meeting ended.
 */
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import type { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { api, ignoreResizeObserverLoop, shadow, teamsPost, textOf, typeAndSend, waitFor } from './meeting-chat-helpers.js';
import { createMeeting, emulatorPath } from './helpers/emulator.js';

interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}

function lastState(chat: AcsMeetingChat, states: string[]): string | undefined {
  void chat;
  return states.at(-1);
}

describe('<acs-meeting-chat> with <acs-teams-meeting> on the emulator', function () {
  this.timeout(90_000);
  before(ignoreResizeObserverLoop);

  it('slotted: ready after joining → Teams message shown, guest message stored → read-only (left) when the meeting ends', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const meetingEl = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
      token-url=${emulatorPath('api/token')}
      meeting-link=${meeting.meetingLink}
      display-name="Chat Guest"
      locale="en"
      skip-setup
    >
      <acs-meeting-chat slot="chat" style="height: 400px"></acs-meeting-chat>
    </acs-teams-meeting>`);
    const chat = meetingEl.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
    const states: string[] = [];
    chat.addEventListener('acs-chat-state-changed', (event) => states.push(`${event.detail.state}:${event.detail.reason ?? ''}`));

    await waitFor(() => lastState(chat, states) === 'ready:', `chat ready (states: ${states.join(' ')})`, 45_000);
    const unread: number[] = [];
    chat.addEventListener('acs-unread-changed', (event) => unread.push(event.detail.count));
    // The chat panel is closed: the message counts as unread and the toggle shows a badge.
    await teamsPost(meeting.threadId, { displayName: 'Tina Teams', html: '<p>Welcome <b>guest</b></p>' });
    await waitFor(() => chat.messages.some((m) => m.text === 'Welcome guest'), 'Teams message received', 15_000);
    await waitFor(() => unread.at(-1) === 1, 'unread 1');
    const toggle = await waitFor(() => meetingEl.shadowRoot!.querySelector<HTMLButtonElement>('#ctl-chat'), 'chat toggle');
    await waitFor(() => meetingEl.shadowRoot!.querySelector('[data-unread="1"]'), 'badge on the toggle');
    toggle.click();
    await waitFor(() => textOf(chat).includes('Welcome guest'), 'Teams message shown', 15_000);
    await waitFor(() => unread.at(-1) === 0, 'unread back to 0');
    await typeAndSend(chat, 'Thanks!');
    await waitFor(() => chat.messages.some((m) => m.text === 'Thanks!' && m.status === 'sent'), 'sent');

    await api('POST', `emulator/meetings/${encodeURIComponent(meeting.threadId)}/end`);
    await waitFor(() => lastState(chat, states) === 'read-only:left', `read-only (states: ${states.join(' ')})`, 20_000);
    expect(chat.messages.map((m) => m.text)).to.include.members(['Welcome guest', 'Thanks!']);
    expect(shadow(chat).querySelector('[part="composer"]')).to.equal(null);

    // After the call the panel stays open beside the end screen: the history is visible, read-only.
    const root = meetingEl.shadowRoot!;
    await waitFor(() => root.querySelector('[part="end-screen"]'), 'end screen');
    await meetingEl.updateComplete;
    const panel = root.querySelector<HTMLElement>('[part="chat-panel"]')!;
    expect(panel.hidden, 'chat panel hidden after the call').to.equal(false);
    expect(chat.getBoundingClientRect().height, 'chat height').to.be.greaterThan(100);
    expect(chat.getBoundingClientRect().width, 'chat width').to.be.greaterThan(100);
    await waitFor(() => textOf(chat).includes('Welcome guest') && textOf(chat).includes('Thanks!'), 'history shown after the call');
    const notice = shadow(chat).querySelector<HTMLElement>('[part="notice"]')!;
    expect(notice.textContent).to.contain('You left the meeting');
    expect(notice.getBoundingClientRect().height).to.be.greaterThan(0);
    // The end screen has its own Chat toggle, so a closed panel can be reopened to read the history.
    const endToggle = root.querySelector<HTMLButtonElement>('[part="end-screen"] #end-chat')!;
    expect(endToggle.getAttribute('aria-pressed')).to.equal('true');
    endToggle.click();
    await meetingEl.updateComplete;
    expect(panel.hidden).to.equal(true);
    expect(endToggle.getAttribute('aria-pressed')).to.equal('false');
    endToggle.click();
    await meetingEl.updateComplete;
    expect(panel.hidden).to.equal(false);
    await expect(meetingEl).to.be.accessible();
  });

  it('for="…": a chat elsewhere in the page follows the meeting element', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const page = await fixture<HTMLDivElement>(html`<div>
      <acs-teams-meeting
        id="the-meeting"
        token-url=${emulatorPath('api/token')}
        meeting-link=${meeting.meetingLink}
        display-name="For Guest"
        locale="en"
        skip-setup
      ></acs-teams-meeting>
      <acs-meeting-chat for="the-meeting" style="height: 300px"></acs-meeting-chat>
    </div>`);
    const chat = page.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
    await waitFor(() => shadow(chat).querySelector('[part="composer"]'), 'ready', 45_000);
    await teamsPost(meeting.threadId, { displayName: 'Tina Teams', text: 'hello over there' });
    await waitFor(() => textOf(chat).includes('hello over there'), 'message', 15_000);
    const meetingEl = page.querySelector<AcsTeamsMeeting>('acs-teams-meeting')!;
    await meetingEl.leave();
    await waitFor(() => shadow(chat).querySelector('[part="notice"]')?.textContent?.includes('You left the meeting'), 'left notice', 20_000);
    expect(textOf(chat)).to.contain('hello over there');
    expect(shadow(chat).querySelector('[part="composer"]')).to.equal(null);
    await expect(chat).to.be.accessible();
  });

  it('for="…": a meeting the page adds later (a framework rendering the chat first) is found', async () => {
    const meeting = await createMeeting<CreatedMeeting>({});
    const page = await fixture<HTMLDivElement>(html`<div>
      <acs-meeting-chat for="later-meeting" style="height: 300px"></acs-meeting-chat>
    </div>`);
    const chat = page.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
    await chat.updateComplete;
    // Later (two frames: past any one-off lookup the chat does after its first render), in another
    // part of the page, with the id set after insertion.
    await nextFrame();
    await nextFrame();
    const meetingEl = document.createElement('acs-teams-meeting') as AcsTeamsMeeting;
    meetingEl.setAttribute('token-url', emulatorPath('api/token'));
    meetingEl.setAttribute('meeting-link', meeting.meetingLink);
    meetingEl.setAttribute('display-name', 'Later Guest');
    meetingEl.setAttribute('locale', 'en');
    meetingEl.setAttribute('skip-setup', '');
    page.prepend(meetingEl);
    meetingEl.id = 'later-meeting';
    await waitFor(() => shadow(chat).querySelector('[part="composer"]'), 'ready', 45_000);
    await teamsPost(meeting.threadId, { displayName: 'Tina Teams', text: 'found you' });
    await waitFor(() => textOf(chat).includes('found you'), 'message', 15_000);
    await meetingEl.leave();
  });
});
