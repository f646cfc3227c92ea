/**
 * <acs-meeting-chat> with the real @azure/communication-chat client against the local emulator.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import type { ChatStatus } from '../../src/services/chat-service.js';
import {
  API,
  api,
  ignoreResizeObserverLoop,
  inMeeting,
  join,
  listAll,
  messageNodes,
  newGuest,
  newMeeting,
  shadow,
  teamsPost,
  textOf,
  typeAndSend,
  waitFor,
  type TestMeetingHost,
} from './meeting-chat-helpers.js';
import { emulatorPath } from './helpers/emulator.js';
import { settle, until } from './helpers/wait.js';

async function mount(locale = 'en'): Promise<{ host: TestMeetingHost; chat: AcsMeetingChat; states: string[] }> {
  const host = await fixture<TestMeetingHost>(html`
    <test-meeting-host><acs-meeting-chat slot="chat" locale=${locale} style="height: 420px"></acs-meeting-chat></test-meeting-host>
  `);
  const chat = host.querySelector('acs-meeting-chat')!;
  const states: string[] = [];
  chat.addEventListener('acs-chat-state-changed', (event) => states.push(`${event.detail.state}:${event.detail.reason ?? ''}`));
  return { host, chat, states };
}

async function status(chat: AcsMeetingChat, wanted: ChatStatus, reason?: string): Promise<void> {
  await waitFor(
    () => {
      if (wanted === 'ready') return lastState(chat) === 'ready:' && shadow(chat).querySelector('[part="composer"]');
      return lastState(chat) === `${wanted}:${reason ?? ''}`;
    },
    `state ${wanted}${reason ? ` (${reason})` : ''}; last ${lastState(chat)}`,
    20_000,
  );
}

const lastStates = new WeakMap<AcsMeetingChat, string>();
function lastState(chat: AcsMeetingChat): string | undefined {
  return lastStates.get(chat);
}
document.addEventListener('acs-chat-state-changed', (event) => {
  lastStates.set(event.target as AcsMeetingChat, `${event.detail.state}:${event.detail.reason ?? ''}`);
});

describe('<acs-meeting-chat> with the real chat SDK and the emulator', function () {
  this.timeout(60_000);
  before(ignoreResizeObserverLoop);

  it('renders a Teams user’s HTML: link, mention and inline image (as blob:)', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting({ topic: 'Design review' });
    await join(threadId, guest);
    const { host, chat } = await mount();
    const received: string[] = [];
    chat.addEventListener('acs-message-received', (event) => received.push(event.detail.message.text));
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');

    const pixel =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    await teamsPost(threadId, {
      displayName: 'Anna Teams',
      html:
        '<p>Read <a href="https://learn.microsoft.com/">the docs</a>, ' +
        '<span itemtype="http://schema.skype.com/Mention" itemscope itemid="0">Guest</span>!</p>',
      images: [{ contentType: 'image/png', data: pixel }],
    });
    const node = await waitFor(() => messageNodes(chat).find((n) => n.textContent?.includes('the docs')), 'Teams message');
    const link = node.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://learn.microsoft.com/');
    expect(link.getAttribute('target')).to.equal('_blank');
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(node.querySelector('.mention')?.textContent).to.equal('Guest');
    expect(node.textContent).to.contain('Teams');
    const img = await waitFor(() => node.querySelector<HTMLImageElement>('.acs-inline-image img'), 'inline image');
    expect(img.src.startsWith('blob:')).to.equal(true);
    await waitFor(() => img.complete && img.naturalWidth === 1, 'image decoded');
    expect(received.some((text) => text.includes('the docs'))).to.equal(true);
    await expect(chat).to.be.accessible();
  });

  it('sends a message that reaches the emulator once, with its client id in metadata', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    await join(threadId, guest, 'Gina Guest');
    const { host, chat } = await mount();
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');
    const sent: string[] = [];
    chat.addEventListener('acs-message-sent', (event) => sent.push(event.detail.message.text));
    await typeAndSend(chat, 'Hello from the guest');
    await waitFor(() => sent.length === 1, 'acs-message-sent');
    const stored = (await listAll(threadId, guest)).filter((m) => m.type === 'text');
    expect(stored.map((m) => m.content?.message)).to.deep.equal(['Hello from the guest']);
    expect(stored[0]!.metadata?.['clientMessageId']).to.be.a('string');
    const own = await waitFor(() => messageNodes(chat).find((n) => n.classList.contains('own')), 'own message');
    expect(own.textContent).to.contain('Hello from the guest');
    const box = shadow(chat).querySelector<HTMLTextAreaElement>('textarea[part="composer"]')!;
    expect(box.value).to.equal('');
  });

  it('edits and deletes both ways', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    await join(threadId, guest);
    const { host, chat } = await mount();
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');

    // Teams side edits and deletes its own message.
    const teamsId = await teamsPost(threadId, { displayName: 'Tom', text: 'first version' });
    await waitFor(() => textOf(chat).includes('first version'), 'Teams message');
    await api('PATCH', `emulator/meetings/${encodeURIComponent(threadId)}/messages/${teamsId}`, { text: 'second version' });
    await waitFor(() => textOf(chat).includes('second version') && textOf(chat).includes('Edited'), 'Teams edit');
    await api('DELETE', `emulator/meetings/${encodeURIComponent(threadId)}/messages/${teamsId}`);
    await waitFor(() => textOf(chat).includes('This message was deleted.') && !textOf(chat).includes('second version'), 'Teams delete');

    // Guest side edits and deletes its own message.
    chat.send('guest draft');
    const own = await waitFor(
      () => messageNodes(chat).find((n) => n.classList.contains('own') && n.dataset['status'] === 'sent'),
      'sent own message',
    );
    const id = own.dataset['id']!;
    own.querySelector<HTMLButtonElement>('button.edit')!.click();
    const editor = await waitFor(() => shadow(chat).querySelector<HTMLTextAreaElement>('.edit textarea'), 'editor');
    editor.value = 'guest final';
    editor.dispatchEvent(new Event('input'));
    shadow(chat).querySelector<HTMLButtonElement>('.edit button.save')!.click();
    await waitFor(() => textOf(chat).includes('guest final'), 'own edit shown');
    const edited = await api<{ content: { message: string }; editedOn?: string }>(
      'GET',
      emulatorPath(`chat/threads/${encodeURIComponent(threadId)}/messages/${id}?${API}`),
      undefined,
      guest.token,
    );
    expect(edited.content.message).to.equal('guest final');
    expect(edited.editedOn).to.be.a('string');

    const ownAgain = messageNodes(chat).find((n) => n.dataset['id'] === id)!;
    ownAgain.querySelector<HTMLButtonElement>('button.delete')!.click();
    await waitFor(() => messageNodes(chat).find((n) => n.dataset['id'] === id)?.textContent?.includes('This message was deleted.'), 'own delete shown');
    const all = await listAll(threadId, guest);
    expect(all.find((m) => m.id === id)?.deletedOn).to.be.a('string');
  });

  it('sends typing notifications and read receipts, and shows "Seen" when someone read own messages', async () => {
    const guest = await newGuest();
    const other = await newGuest();
    const threadId = await newMeeting();
    await join(threadId, guest);
    await join(threadId, other, 'Olga');
    const { host, chat } = await mount();
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    const box = shadow(chat).querySelector<HTMLTextAreaElement>('textarea[part="composer"]')!;
    box.value = 'typ';
    box.dispatchEvent(new Event('input'));
    await waitFor(
      () => performance.getEntriesByType('resource').some((entry) => entry.name.includes(`${encodeURIComponent(threadId)}/typing`)),
      'POST …/typing',
    );

    // A message from Teams is read by the guest (at the bottom, visible): a receipt is stored.
    const teamsId = await teamsPost(threadId, { displayName: 'Tom', text: 'please read' });
    await waitFor(() => textOf(chat).includes('please read'), 'message');
    const receipts = async () =>
      (
        await api<{ value: { chatMessageId: string; senderCommunicationIdentifier: { rawId: string } }[] }>(
          'GET',
          emulatorPath(`chat/threads/${encodeURIComponent(threadId)}/readReceipts?${API}`),
          undefined,
          guest.token,
        )
      ).value;
    await until(
      async () => (await receipts()).some((r) => r.chatMessageId === teamsId && r.senderCommunicationIdentifier.rawId === guest.userId),
      'a read receipt from the guest',
      10_000,
      200,
    );

    // Another participant reads the guest's message: it shows "Seen".
    chat.send('did you see this?');
    const own = await waitFor(
      () => messageNodes(chat).find((n) => n.classList.contains('own') && n.dataset['status'] === 'sent' && !n.dataset['id']!.startsWith('local:')),
      'sent',
    );
    await api('POST', emulatorPath(`chat/threads/${encodeURIComponent(threadId)}/readReceipts?${API}`), { chatMessageId: own.dataset['id'] }, other.token);
    await waitFor(() => messageNodes(chat).find((n) => n.dataset['id'] === own.dataset['id'])?.querySelector('.seen'), '"Seen"', 15_000);
  });

  it('before joining: 403 → unavailable (forbidden); lobby → not-joined; after leaving → read-only with history', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    const { host, chat, states } = await mount();
    const errors: string[] = [];
    chat.addEventListener('acs-error', (event) => errors.push(event.detail.code));
    host.set(inMeeting(guest, threadId, { phase: 'lobby', chatAvailable: false }));
    await status(chat, 'unavailable', 'not-joined');
    expect(shadow(chat).textContent).to.contain('The chat opens when you join the meeting.');
    await expect(chat).to.be.accessible();

    // The meeting says connected but Teams has not let this user in: the chat answers 403.
    host.set(inMeeting(guest, threadId));
    await status(chat, 'unavailable', 'forbidden');
    await waitFor(() => errors.includes('chat-forbidden'), 'acs-error chat-forbidden');

    // Joined for real.
    await join(threadId, guest);
    host.set(inMeeting(guest, threadId, { phase: 'lobby', chatAvailable: false }));
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');
    await teamsPost(threadId, { displayName: 'Tom', text: 'history line' });
    await waitFor(() => textOf(chat).includes('history line'), 'history');

    // Leaves: the meeting ends for this user; the history stays, read-only.
    await api('DELETE', `emulator/meetings/${encodeURIComponent(threadId)}/participants/${encodeURIComponent(guest.userId)}`).catch(() => undefined);
    host.set(inMeeting(guest, threadId, { phase: 'ended', chatAvailable: false }));
    await status(chat, 'read-only', 'left');
    expect(textOf(chat)).to.contain('history line');
    expect(shadow(chat).querySelector('[part="composer"]')).to.equal(null);
    expect(shadow(chat).querySelector('[part="notice"]')?.textContent).to.contain('You left the meeting');
    expect(states).to.include('read-only:left');
    await expect(chat).to.be.accessible();
  });

  it('a guest removed by Teams gets 403 while polling → read-only, history kept', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    await join(threadId, guest);
    const { host, chat } = await mount();
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');
    await teamsPost(threadId, { displayName: 'Tom', text: 'before removal' });
    await waitFor(() => textOf(chat).includes('before removal'), 'message');
    await api('DELETE', `emulator/meetings/${encodeURIComponent(threadId)}/participants/${encodeURIComponent(guest.userId)}`);
    await status(chat, 'read-only', 'forbidden');
    expect(textOf(chat)).to.contain('before removal');
  });

  it('channel meetings: a clear "not available" state', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting({ channel: true });
    expect(threadId).to.match(/@thread\.(tacv2|skype)$/);
    const { host, chat } = await mount();
    const errors: string[] = [];
    const messages: string[] = [];
    chat.addEventListener('acs-error', (event) => {
      errors.push(event.detail.code);
      messages.push(event.detail.message);
    });
    host.set(inMeeting(guest, threadId));
    await status(chat, 'unavailable', 'channel-meeting');
    expect(shadow(chat).textContent).to.contain('Chat is not available for channel meetings.');
    await waitFor(() => errors.length > 0, 'acs-error');
    expect(errors).to.deep.equal(['chat-channel-meeting']);
    expect(messages[0]).to.equal((await import('../../src/i18n/errors.js')).errorMessage('chat-channel-meeting', 'en'));
    await expect(chat).to.be.accessible();
  });

  it('Teams identities: says that ACS chat does not offer it and Graph is needed', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    const { host, chat } = await mount('fr');
    host.set(inMeeting(guest, threadId, { identity: 'teams' }));
    await status(chat, 'unavailable', 'teams-identity');
    // The French strings are a lazy chunk: the element renders once they are in.
    await chat.updateComplete;
    expect(shadow(chat).textContent).to.contain('Microsoft Graph');
    expect(shadow(chat).textContent).to.contain('n’est pas proposée par Azure Communication Services');
  });

  it('for="meeting-id" wires to a meeting elsewhere in the page; the draft survives re-attaching', async () => {
    const guest = await newGuest();
    const threadId = await newMeeting();
    await join(threadId, guest);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <test-meeting-host id="m1"></test-meeting-host>
      <aside><acs-meeting-chat for="m1" locale="it" style="height: 400px"></acs-meeting-chat></aside>
    </div>`);
    const host = wrapper.querySelector<TestMeetingHost>('#m1')!;
    const chat = wrapper.querySelector('acs-meeting-chat')!;
    host.set(inMeeting(guest, threadId));
    await status(chat, 'ready');
    const box = shadow(chat).querySelector<HTMLTextAreaElement>('textarea[part="composer"]')!;
    expect(box.getAttribute('aria-label')).to.equal('Scrivi un messaggio');
    box.value = 'half-written';
    box.dispatchEvent(new Event('input'));
    const aside = chat.parentElement!;
    chat.remove();
    // Off the page until every task the detachment queued has run (its update, its observers).
    await chat.updateComplete;
    await settle();
    aside.append(chat);
    await waitFor(() => shadow(chat).querySelector<HTMLTextAreaElement>('textarea[part="composer"]')?.value === 'half-written', 'draft kept');
    await expect(chat).to.be.accessible();
  });

  it('standalone ACS chat with token-url + thread-id', async () => {
    const guest = await newGuest();
    const created = await api<{ chatThread: { id: string } }>(
      'POST',
      emulatorPath(`chat/threads?${API}`),
      { topic: 'Support', participants: [{ communicationIdentifier: { rawId: guest.userId, communicationUser: { id: guest.userId } }, displayName: 'Me' }] },
      guest.token,
    );
    const threadId = created.chatThread.id;
    // The element fetches its own token for a new user: add that user too, once we know it.
    const chat = await fixture<AcsMeetingChat>(html`<acs-meeting-chat style="height: 400px"></acs-meeting-chat>`);
    const session = (await import('../../src/core/token-source.js')).createTokenSession({ url: emulatorPath('api/token') });
    const mine = await session.current();
    await api(
      'POST',
      emulatorPath(`chat/threads/${encodeURIComponent(threadId)}/participants/:add?${API}`),
      { participants: [{ communicationIdentifier: { rawId: mine.userId, communicationUser: { id: mine.userId } }, displayName: 'Standalone' }] },
      guest.token,
    );
    chat.tokenProvider = async () => mine;
    chat.threadId = threadId;
    chat.displayName = 'Standalone';
    await status(chat, 'ready');
    chat.send('standalone works');
    await waitFor(() => messageNodes(chat).find((n) => n.dataset['status'] === 'sent'), 'sent');
    const all = await listAll(threadId, guest);
    expect(all.some((m) => m.content?.message === 'standalone works')).to.equal(true);
  });
});
