/**
 * The send queue under emulator faults: every message sent arrives exactly once, in order.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import {
  api,
  ignoreResizeObserverLoop,
  clearFaults,
  inMeeting,
  join,
  listAll,
  newGuest,
  newMeeting,
  shadow,
  waitFor,
  type Guest,
  type TestMeetingHost,
} from './meeting-chat-helpers.js';

async function readyChat(): Promise<{ chat: AcsMeetingChat; guest: Guest; threadId: string }> {
  const guest = await newGuest();
  const threadId = await newMeeting();
  await join(threadId, guest);
  const host = await fixture<TestMeetingHost>(html`
    <test-meeting-host><acs-meeting-chat slot="chat" style="height: 420px"></acs-meeting-chat></test-meeting-host>
  `);
  const chat = host.querySelector('acs-meeting-chat')!;
  host.set(inMeeting(guest, threadId));
  await waitFor(() => shadow(chat).querySelector('[part="composer"]'), 'ready', 20_000);
  return { chat, guest, threadId };
}

async function sendAll(chat: AcsMeetingChat, texts: string[]): Promise<void> {
  for (const text of texts) expect(chat.send(text), `queued ${text}`).to.not.equal(undefined);
}

async function expectDeliveredOnce(chat: AcsMeetingChat, guest: Guest, threadId: string, texts: string[], timeoutMs = 45_000) {
  await waitFor(
    () => texts.every((text) => chat.messages.some((m) => m.text === text && m.status === 'sent')),
    `all sent (${chat.messages.map((m) => `${m.text}:${m.status}`).join(', ')})`,
    timeoutMs,
  );
  const stored = (await listAll(threadId, guest)).filter((m) => m.type === 'text').map((m) => m.content?.message);
  expect(stored).to.deep.equal(texts);
  // And the element shows each once.
  await waitFor(() => texts.every((text) => chat.messages.filter((m) => m.text === text).length === 1), 'shown once');
  expect(chat.messages.filter((m) => m.own).map((m) => m.text)).to.deep.equal(texts);
}

describe('<acs-meeting-chat> send queue under faults', function () {
  this.timeout(90_000);
  before(ignoreResizeObserverLoop);
  afterEach(clearFaults);

  it('5xx: retried, each message once and in order', async () => {
    const { chat, guest, threadId } = await readyChat();
    await api('POST', 'emulator/faults', { target: 'chat', status: 503, count: 3 });
    const texts = ['one', 'two', 'three', 'four'];
    await sendAll(chat, texts);
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('429 with Retry-After: waits as told, each message once and in order', async () => {
    const { chat, guest, threadId } = await readyChat();
    const sentAt: number[] = [];
    chat.addEventListener('acs-message-sent', () => sentAt.push(performance.now()));
    await api('POST', 'emulator/faults', { target: 'chat', status: 429, retryAfterSeconds: 2, count: 2 });
    const started = performance.now();
    const texts = ['a', 'b', 'c'];
    await sendAll(chat, texts);
    await expectDeliveredOnce(chat, guest, threadId, texts);
    // Two throttled answers of 2 s each before anything could be stored (polling may take one).
    expect(sentAt[0]! - started).to.be.greaterThan(1_900);
  });

  it('dropped connections: no duplicate after the ambiguous failure, order kept', async () => {
    const { chat, guest, threadId } = await readyChat();
    await api('POST', 'emulator/faults', { target: 'chat', drop: true, count: 3 });
    const texts = ['x1', 'x2', 'x3'];
    await sendAll(chat, texts);
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('emulator unreachable for a while (every chat request dropped for 6 s): all arrive once, in order', async () => {
    const { chat, guest, threadId } = await readyChat();
    await api('POST', 'emulator/faults', { target: 'chat', drop: true });
    const texts = ['r1', 'r2', 'r3', 'r4', 'r5'];
    await sendAll(chat, texts);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    expect(shadow(chat).textContent).to.contain('Sending…');
    await clearFaults();
    await expectDeliveredOnce(chat, guest, threadId, texts, 60_000);
  });

  it('a message that fails for good ends "failed"; Retry sends it once', async () => {
    const { chat, guest, threadId } = await readyChat();
    const failed: string[] = [];
    chat.addEventListener('acs-message-failed', (event) => failed.push(`${event.detail.message.text}:${event.detail.error.code}`));
    await api('POST', 'emulator/faults', { target: 'chat', status: 400, count: 1 });
    chat.send('bad luck');
    await waitFor(() => chat.messages.some((m) => m.text === 'bad luck' && m.status === 'failed'), 'failed');
    expect(failed).to.deep.equal(['bad luck:chat-send-failed']);
    const retry = await waitFor(() => shadow(chat).querySelector<HTMLButtonElement>('button.retry'), 'retry button');
    retry.click();
    await expectDeliveredOnce(chat, guest, threadId, ['bad luck']);
  });
});
