/**
 * <acs-meeting-chat> UI against an in-memory ChatService (the page-supplied `service` property):
 * grouping, separators, typing, composer keys and limit, unread/jump, virtualization, scroll
 * position on older pages, failed messages, axe in en/fr/it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import {
  MAX_MESSAGE_LENGTH,
  type ChatListener,
  type ChatMessage,
  type ChatSender,
  type ChatService,
  type ChatState,
} from '../../src/services/chat-service.js';
import '../../src/define.js';
import { ignoreResizeObserverLoop, messageNodes, shadow, waitFor } from './meeting-chat-helpers.js';
import { frames } from './helpers/wait.js';

const anna: ChatSender = { id: '8:orgid:anna', displayName: 'Anna', kind: 'teams' };
const ben: ChatSender = { id: '8:acs:ben', displayName: 'Ben', kind: 'acs' };
const me: ChatSender = { id: '8:acs:me', displayName: 'Me', kind: 'acs' };

let seq = 0;
function message(sender: ChatSender, text: string, at: Date, extra: Partial<ChatMessage> = {}): ChatMessage {
  seq++;
  return {
    id: `m${seq}`,
    sequenceId: String(seq),
    type: 'text',
    sender,
    own: sender === me,
    text,
    createdOn: at.toISOString(),
    status: sender === me ? 'sent' : 'received',
    ...extra,
  };
}

class FakeChatService implements ChatService {
  state: ChatState = { status: 'ready', messages: [], hasOlder: false, loadingOlder: false, typing: [], selfId: me.id };
  listeners = new Set<ChatListener>();
  sent: string[] = [];
  retried: string[] = [];
  typingSent = 0;
  older: ChatMessage[] = [];
  /** Requests for older messages in flight: each gets its page when the test calls deliverOlder(). */
  #olderRequests: Array<() => void> = [];
  getState() {
    return this.state;
  }
  subscribe(listener: ChatListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(patch: Partial<ChatState>) {
    const previous = this.state;
    this.state = { ...previous, ...patch };
    for (const listener of this.listeners) listener(this.state, previous);
  }
  async start() {}
  async loadOlder() {
    if (!this.older.length) return;
    this.set({ loadingOlder: true });
    await new Promise<void>((resolve) => this.#olderRequests.push(resolve));
    const page = this.older.splice(-50);
    this.set({ messages: [...page, ...this.state.messages], loadingOlder: false, hasOlder: this.older.length > 0 });
  }
  /** Answers the requests for older messages in flight, as the server would. */
  deliverOlder() {
    for (const answer of this.#olderRequests.splice(0)) answer();
  }
  send(text: string) {
    this.sent.push(text);
    const m = message(me, text, new Date(), { status: 'sending', id: `local:${seq}` });
    this.set({ messages: [...this.state.messages, m] });
    return m;
  }
  retry(id: string) {
    this.retried.push(id);
  }
  async edit() {}
  async delete() {}
  sendTyping() {
    this.typingSent++;
  }
  markRead() {}
  async fetchImage(): Promise<Blob> {
    throw new Error('no images here');
  }
  stop() {}
  dispose() {}
}

async function mount(service: FakeChatService, locale = 'en', height = 400): Promise<AcsMeetingChat> {
  const chat = await fixture<AcsMeetingChat>(html`<acs-meeting-chat locale=${locale} style=${`height: ${height}px`}></acs-meeting-chat>`);
  chat.service = service;
  await waitFor(() => shadow(chat).querySelector('[part="composer"]'), 'ready');
  return chat;
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('<acs-meeting-chat> UI', function () {
  this.timeout(30_000);
  before(ignoreResizeObserverLoop);

  it('groups by sender and time, separates days, marks Teams users, aligns own messages, shows system messages', async () => {
    const service = new FakeChatService();
    const yesterday = new Date(Date.now() - 86_400_000);
    yesterday.setHours(12, 0, 0, 0);
    service.state.messages = [
      message(anna, 'old one', yesterday),
      message(anna, 'hello', minutesAgo(3)),
      message(anna, 'again', minutesAgo(2)),
      { ...message(ben, '', minutesAgo(2)), type: 'system', system: { kind: 'participant-added', names: ['Ben'] } },
      message(me, 'mine', minutesAgo(1)),
    ];
    const chat = await mount(service);
    await waitFor(() => messageNodes(chat).length === 4, 'rows');
    const root = shadow(chat);
    const dates = Array.from(root.querySelectorAll('.row.date')).map((d) => d.textContent?.trim());
    expect(dates).to.deep.equal(['Yesterday', 'Today']);
    const nodes = messageNodes(chat);
    expect(nodes[1]!.classList.contains('group-start')).to.equal(true);
    expect(nodes[2]!.classList.contains('group-start')).to.equal(false);
    expect(nodes[1]!.querySelector('.badge')?.textContent).to.equal('Teams');
    expect(nodes[3]!.classList.contains('own')).to.equal(true);
    expect(root.querySelector('.row.system')?.textContent).to.contain('Ben joined the chat.');
    await expect(chat).to.be.accessible();
  });

  it('typing indicator: one, two, several people (en, fr)', async () => {
    const service = new FakeChatService();
    const chat = await mount(service);
    const typing = () => shadow(chat).querySelector('[part="typing"]')!.textContent!.trim();
    service.set({ typing: [anna] });
    await waitFor(() => typing() === 'Anna is typing…', 'one');
    service.set({ typing: [anna, ben] });
    await waitFor(() => typing() === 'Anna and Ben are typing…', 'two');
    service.set({ typing: [anna, ben, { ...ben, id: 'x', displayName: 'Cleo' }] });
    await waitFor(() => typing() === '3 people are typing…', 'three');
    chat.locale = 'fr';
    await waitFor(() => typing() === '3 personnes sont en train d’écrire…', 'fr');
    chat.locale = 'it';
    service.set({ typing: [anna] });
    await waitFor(() => typing() === 'Anna sta scrivendo…', 'it');
  });

  it('Enter sends, Shift+Enter does not; typing is reported; the limit shows before it is hit', async () => {
    const service = new FakeChatService();
    const chat = await mount(service);
    const box = shadow(chat).querySelector<HTMLTextAreaElement>('textarea[part="composer"]')!;
    const send = shadow(chat).querySelector<HTMLButtonElement>('[part="send-button"]')!;
    expect(send.disabled).to.equal(true);
    box.value = 'line one';
    box.dispatchEvent(new Event('input'));
    expect(service.typingSent).to.equal(1);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true }));
    expect(service.sent).to.deep.equal([]);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(service.sent).to.deep.equal(['line one']);
    await waitFor(() => box.value === '', 'cleared');

    expect(box.maxLength).to.equal(MAX_MESSAGE_LENGTH);
    const limit = () => shadow(chat).querySelector('#composer-limit')!.textContent!.trim();
    box.value = 'x'.repeat(MAX_MESSAGE_LENGTH - 1000);
    box.dispatchEvent(new Event('input'));
    await chat.updateComplete;
    expect(limit()).to.equal('');
    box.value = 'x'.repeat(MAX_MESSAGE_LENGTH - 100);
    box.dispatchEvent(new Event('input'));
    await waitFor(() => limit() === '100 characters left', 'near the limit');
    box.value = 'x'.repeat(MAX_MESSAGE_LENGTH - 1);
    box.dispatchEvent(new Event('input'));
    await waitFor(() => limit() === '1 character left', 'singular');
  });

  it('failed own message: "Not sent." with Retry; acs-message-failed fired', async () => {
    const service = new FakeChatService();
    const chat = await mount(service);
    const failed: string[] = [];
    chat.addEventListener('acs-message-failed', (event) => failed.push(event.detail.error.code));
    const queued = chat.send('will fail')!;
    service.set({
      messages: service.state.messages.map((m) =>
        m.id === queued.id ? { ...m, status: 'failed' as const, failure: { code: 'network' as const, message: 'x' } } : m,
      ),
    });
    const retry = await waitFor(() => shadow(chat).querySelector<HTMLButtonElement>('button.retry'), 'retry');
    expect(shadow(chat).textContent).to.contain('Not sent.');
    await waitFor(() => failed.length === 1, 'acs-message-failed');
    expect(failed).to.deep.equal(['network']);
    retry.click();
    expect(service.retried).to.deep.equal([queued.id]);
  });

  it('keeps few nodes for 3000 messages; unread count and "jump to latest" when scrolled up', async () => {
    const service = new FakeChatService();
    service.state.messages = Array.from({ length: 3000 }, (_, i) => message(i % 2 ? anna : ben, `message ${i}`, minutesAgo(3000 - i)));
    const chat = await mount(service);
    await waitFor(() => messageNodes(chat).some((n) => n.textContent?.includes('message 2999')), 'newest shown');
    expect(messageNodes(chat).length).to.be.lessThan(150);
    const list = shadow(chat).querySelector<HTMLElement>('[part="message-list"]')!;
    const counts: number[] = [];
    chat.addEventListener('acs-unread-changed', (event) => counts.push(event.detail.count));
    // The user scrolls up.
    list.scrollTop = list.scrollTop - 2000;
    list.dispatchEvent(new WheelEvent('wheel'));
    // The element has taken the scroll as the user's: it stops following the end and offers the jump.
    await waitFor(() => shadow(chat).querySelector('[part="jump"]'), 'scrolled up: "jump to latest"');
    service.set({ messages: [...service.state.messages, message(anna, 'fresh news', new Date())] });
    await waitFor(() => counts.at(-1) === 1, 'unread 1');
    const jump = await waitFor(() => shadow(chat).querySelector<HTMLButtonElement>('[part="jump"]'), 'jump button');
    expect(jump.textContent?.trim()).to.equal('1 new message');
    jump.click();
    await waitFor(() => counts.at(-1) === 0, 'unread 0');
    await waitFor(() => messageNodes(chat).some((n) => n.textContent?.includes('fresh news')), 'newest after jump');
    expect(messageNodes(chat).length).to.be.lessThan(150);
  });

  it('loads older pages when scrolled to the top and keeps the visible message in place', async () => {
    const service = new FakeChatService();
    const all = Array.from({ length: 200 }, (_, i) => message(i % 3 ? anna : ben, `history ${i}`, minutesAgo(400 - i)));
    service.older = all.slice(0, 150);
    service.state.messages = all.slice(150);
    service.state.hasOlder = true;
    const chat = await mount(service);
    await waitFor(() => messageNodes(chat).some((n) => n.textContent?.includes('history 199')), 'newest');
    const list = shadow(chat).querySelector<HTMLElement>('[part="message-list"]')!;
    // Remember the first visible row at the moment the element asks for older messages.
    let anchor: { text: string; top: number } | undefined;
    const load = service.loadOlder.bind(service);
    service.loadOlder = () => {
      const first = messageNodes(chat).find((n) => n.getBoundingClientRect().top >= list.getBoundingClientRect().top);
      anchor ??= first && { text: first.querySelector('.text')!.textContent!, top: first.getBoundingClientRect().top };
      return load();
    };
    // Scroll up in steps like a user until the first page of older messages arrives.
    for (let i = 0; i < 40 && service.older.length === 150 && !service.state.loadingOlder; i++) {
      list.dispatchEvent(new WheelEvent('wheel'));
      list.scrollTop = Math.max(0, list.scrollTop - 400);
      // The scroll event (which may ask for older messages) and the virtualizer's layout run in the next frames.
      await frames();
    }
    await waitFor(() => service.state.loadingOlder, 'the request for older messages');
    service.deliverOlder();
    await waitFor(() => service.state.messages.length === 100, 'older page merged');
    expect(service.older.length).to.equal(100);
    // The element puts the anchor row back after the virtualizer has laid out the merged list.
    const anchorRow = () => messageNodes(chat).find((n) => n.querySelector('.text')?.textContent === anchor!.text);
    await waitFor(() => {
      const same = anchorRow();
      return same && Math.abs(same.getBoundingClientRect().top - anchor!.top) < 40;
    }, `anchor ${anchor?.text} rendered back near ${anchor?.top} px`);
    await frames();
    expect(Math.abs(anchorRow()!.getBoundingClientRect().top - anchor!.top)).to.be.lessThan(40);
  });

  for (const locale of ['en', 'fr', 'it']) {
    it(`is accessible with messages (${locale})`, async () => {
      const service = new FakeChatService();
      service.state.messages = [message(anna, 'ciao', minutesAgo(5)), message(me, 'salut', minutesAgo(4))];
      service.state.readUpTo = service.state.messages[1]!.createdOn;
      const chat = await mount(service, locale);
      await waitFor(() => messageNodes(chat).length === 2, 'rows');
      expect(shadow(chat).querySelector('.seen')).to.not.equal(null);
      await expect(chat).to.be.accessible();
    });
  }
});
