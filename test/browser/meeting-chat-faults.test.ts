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
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    await api('POST', 'emulator/faults', { target: 'chat', status: 503 });
    const texts = ['one', 'two', 'three', 'four'];
    await sendAll(chat, texts);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const sends = performance.getEntriesByType('resource').filter((entry) => /\/messages\?api-version=[^&]*$/.test(entry.name)).length;
    // Tried, answered 503; before any re-send the queue looks for the message (a 5xx is ambiguous).
    expect(sends, 'the head message was tried while the server failed').to.be.at.least(1);
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    await clearFaults();
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('429 with Retry-After: waits as told, each message once and in order', async () => {
    const { chat, guest, threadId } = await readyChat();
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    // Every chat request is throttled for 3 s with Retry-After: 2.
    await api('POST', 'emulator/faults', { target: 'chat', status: 429, retryAfterSeconds: 2 });
    const texts = ['a', 'b', 'c'];
    await sendAll(chat, texts);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // sendMessage is POST …/messages?api-version=… (polls add maxPageSize/startTime).
    const sends = performance
      .getEntriesByType('resource')
      .filter((entry) => /\/messages\?api-version=[^&]*$/.test(entry.name)).length;
    // Honouring Retry-After: the first try and one retry 2 s later; a plain backoff would try 3–5 times.
    expect(sends).to.be.within(1, 2);
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    await clearFaults();
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('dropped connections: no duplicate after the ambiguous failure, order kept', async () => {
    const { chat, guest, threadId } = await readyChat();
    await api('POST', 'emulator/faults', { target: 'chat', drop: true });
    const texts = ['x1', 'x2', 'x3'];
    await sendAll(chat, texts);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    await clearFaults();
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
    // Every chat request answers 400 (polls too, so none of them can use up the fault first).
    await api('POST', 'emulator/faults', { target: 'chat', status: 400 });
    chat.send('bad luck');
    await waitFor(() => chat.messages.some((m) => m.text === 'bad luck' && m.status === 'failed'), 'failed');
    await clearFaults();
    await waitFor(() => failed.length === 1, 'acs-message-failed');
    expect(failed).to.deep.equal(['bad luck:chat-send-failed']);
    const retry = await waitFor(() => shadow(chat).querySelector<HTMLButtonElement>('button.retry'), 'retry button');
    retry.click();
    await expectDeliveredOnce(chat, guest, threadId, ['bad luck']);
  });
});
