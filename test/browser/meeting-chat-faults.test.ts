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
import { until } from './helpers/wait.js';

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

/** How many requests the chat fault rule has failed so far, by HTTP method (the emulator counts them). */
async function chatFailures(): Promise<Record<string, number>> {
  const { value } = await api<{ value: { target: string; failures?: Record<string, number> }[] }>('GET', 'emulator/faults');
  return value.find((rule) => rule.target === 'chat')?.failures ?? {};
}

/** Send attempts (POST …/messages?api-version=…; polls add maxPageSize/startTime) seen by the page. */
function sendAttempts(): PerformanceResourceTiming[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => /\/messages\?api-version=[^&]*$/.test(entry.name));
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
    // Tried, answered 503; before any re-send the queue looks for the message (a 5xx is ambiguous).
    await waitFor(() => sendAttempts().length >= 1, 'the head message tried while the server fails');
    let failures: Record<string, number> = {};
    await until(async () => ((failures = await chatFailures()).POST ?? 0) >= 1 && (failures.GET ?? 0) >= 1, 'a failed send and a failed look-up');
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    await clearFaults();
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('429 with Retry-After: waits as told, each message once and in order', async () => {
    const { chat, guest, threadId } = await readyChat();
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    // Every chat request is throttled with Retry-After: 2 until the faults are cleared.
    await api('POST', 'emulator/faults', { target: 'chat', status: 429, retryAfterSeconds: 2 });
    const texts = ['a', 'b', 'c'];
    await sendAll(chat, texts);
    // Honouring Retry-After: the retry comes no sooner than 2 s after the 429 (a plain backoff
    // would retry within a few hundred milliseconds).
    await waitFor(() => sendAttempts().length >= 2, 'the first try and its retry', 20_000);
    const [first, second] = sendAttempts();
    expect(second.startTime - first.responseEnd, 'waited Retry-After before retrying').to.be.at.least(1_900);
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    await clearFaults();
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('dropped connections: no duplicate after the ambiguous failure, order kept', async () => {
    const { chat, guest, threadId } = await readyChat();
    await api('POST', 'emulator/faults', { target: 'chat', drop: true });
    const texts = ['x1', 'x2', 'x3'];
    await sendAll(chat, texts);
    await until(async () => ((await chatFailures()).POST ?? 0) >= 1, 'a send dropped by the emulator');
    expect(chat.messages.filter((m) => m.own).every((m) => m.status === 'sending')).to.equal(true);
    await clearFaults();
    await expectDeliveredOnce(chat, guest, threadId, texts);
  });

  it('emulator unreachable for a while (every chat request dropped: a send and several more requests): all arrive once, in order', async () => {
    const { chat, guest, threadId } = await readyChat();
    await api('POST', 'emulator/faults', { target: 'chat', drop: true });
    const texts = ['r1', 'r2', 'r3', 'r4', 'r5'];
    await sendAll(chat, texts);
    // Unreachable for a while: a send dropped and several requests after it (the SDK's own retries
    // of the send, then the queue's look-ups for the ambiguous message, and polls), and the queue
    // still holds every message. Counting sends alone waited on the SDK's retries (seen once to
    // take over 30 s in a full run): after an ambiguous failure the queue looks before it re-sends.
    const total = (failures: Record<string, number>) => Object.values(failures).reduce((sum, n) => sum + n, 0);
    await until(async () => {
      const failures = await chatFailures();
      return (failures.POST ?? 0) >= 1 && total(failures) >= 4;
    }, 'a dropped send and three more dropped requests', 30_000);
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
