import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeMessages } from '../../src/services/chat/merge.js';
import { SendQueue } from '../../src/services/chat/send-queue.js';
import type { OutgoingMessage, SendFailure } from '../../src/services/chat/send-queue.js';
import type { ChatMessage } from '../../src/services/chat-service.js';

function msg(id: string, seq: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    sequenceId: String(seq),
    type: 'text',
    sender: { id: 'u', displayName: 'U', kind: 'acs' },
    own: false,
    text: `m${id}`,
    createdOn: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    status: 'received',
    ...extra,
  };
}

test('merge keeps one copy per id and server order', () => {
  const a = mergeMessages([], [msg('3', 3), msg('1', 1)]);
  assert.deepEqual(a.map((m) => m.id), ['1', '3']);
  const b = mergeMessages(a, [msg('2', 2), msg('3', 3), msg('1', 1)]);
  assert.deepEqual(b.map((m) => m.id), ['1', '2', '3']);
  assert.equal(mergeMessages(b, [msg('2', 2)]), b, 'no change returns the same array');
});

test('merge replaces a queued message by its server copy (client message id)', () => {
  const local = msg('local:c1', 0, { sequenceId: undefined, own: true, status: 'sending', clientMessageId: 'c1' });
  const list = mergeMessages([msg('1', 1)], [local]);
  assert.deepEqual(list.map((m) => m.id), ['1', 'local:c1']);
  const server = msg('9', 9, { own: true, status: 'sent', clientMessageId: 'c1' });
  const merged = mergeMessages(list, [server]);
  assert.deepEqual(merged.map((m) => m.id), ['1', '9']);
});

test('merge applies edits and deletions, never resurrects a deleted message', () => {
  const list = mergeMessages([], [msg('1', 1)]);
  const edited = mergeMessages(list, [msg('1', 1, { text: 'new', editedOn: new Date(1_800_000_000_000).toISOString() })]);
  assert.equal(edited[0]!.text, 'new');
  const deleted = mergeMessages(edited, [msg('1', 1, { text: '', deletedOn: new Date(1_800_000_001_000).toISOString() })]);
  assert.ok(deleted[0]!.deletedOn);
  const stale = mergeMessages(deleted, [msg('1', 1, { text: 'old' })]);
  assert.ok(stale[0]!.deletedOn);
  assert.equal(stale[0]!.text, '');
});

interface Harness {
  queue: SendQueue;
  sent: string[];
  failed: string[];
  stored: { id: string; clientMessageId: string; text: string }[];
  waits: number[];
}

function harness(script: (message: OutgoingMessage, attempt: number, store: () => void) => Promise<void>): Harness {
  const h: Harness = { sent: [], failed: [], stored: [], waits: [], queue: undefined as unknown as SendQueue };
  const attempts = new Map<string, number>();
  h.queue = new SendQueue({
    async send(message) {
      const n = attempts.get(message.clientMessageId) ?? 0;
      attempts.set(message.clientMessageId, n + 1);
      const store = () => h.stored.push({ id: `s${h.stored.length}`, ...message });
      await script(message, n, store);
      if (!h.stored.some((s) => s.clientMessageId === message.clientMessageId)) store();
      return { id: h.stored.find((s) => s.clientMessageId === message.clientMessageId)!.id };
    },
    async find(clientMessageId) {
      const found = h.stored.find((s) => s.clientMessageId === clientMessageId);
      return found ? { id: found.id } : undefined;
    },
    classify(error): SendFailure {
      const status = (error as { status?: number }).status;
      if (status === undefined) return { retry: true, ambiguous: true };
      if (status === 429) return { retry: true, ambiguous: false, retryAfter: '2' };
      if (status >= 500) return { retry: true, ambiguous: true };
      return { retry: false, ambiguous: false };
    },
    onSent: (message) => h.sent.push(message.text),
    onFailed: (message) => h.failed.push(message.text),
    sleep: async (ms) => {
      h.waits.push(ms);
    },
    maxAttempts: 4,
  });
  return h;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('send queue: one at a time, in order, retries 5xx and honours Retry-After on 429', async () => {
  const h = harness(async (message, attempt) => {
    if (message.text === 'a' && attempt === 0) throw Object.assign(new Error('503'), { status: 503 });
    if (message.text === 'b' && attempt < 2) throw Object.assign(new Error('429'), { status: 429 });
  });
  h.queue.enqueue({ clientMessageId: '1', text: 'a' });
  h.queue.enqueue({ clientMessageId: '2', text: 'b' });
  h.queue.enqueue({ clientMessageId: '3', text: 'c' });
  await settle();
  assert.deepEqual(h.sent, ['a', 'b', 'c']);
  assert.deepEqual(h.stored.map((s) => s.text), ['a', 'b', 'c']);
  assert.deepEqual(h.waits.slice(1), [2000, 2000], '429 waits for Retry-After');
});

test('send queue: a dropped connection after the server stored the message does not send it twice', async () => {
  const h = harness(async (message, attempt, store) => {
    if (message.text === 'x' && attempt === 0) {
      store();
      throw new Error('socket hang up');
    }
  });
  h.queue.enqueue({ clientMessageId: '1', text: 'x' });
  h.queue.enqueue({ clientMessageId: '2', text: 'y' });
  await settle();
  assert.deepEqual(h.stored.map((s) => s.text), ['x', 'y']);
  assert.deepEqual(h.sent, ['x', 'y']);
});

test('send queue: exhausted retries fail the message and everything behind it; a 4xx fails at once', async () => {
  const h = harness(async (message) => {
    if (message.text === 'bad') throw Object.assign(new Error('500'), { status: 500 });
  });
  h.queue.enqueue({ clientMessageId: '1', text: 'bad' });
  h.queue.enqueue({ clientMessageId: '2', text: 'after' });
  await settle();
  assert.deepEqual(h.failed, ['bad', 'after']);
  assert.equal(h.waits.length, 3);
  assert.equal(h.stored.length, 0);

  const h2 = harness(async () => {
    throw Object.assign(new Error('400'), { status: 400 });
  });
  h2.queue.enqueue({ clientMessageId: '1', text: 'z' });
  await settle();
  assert.deepEqual(h2.failed, ['z']);
  assert.equal(h2.waits.length, 0);
});
