/**
 * The chat's rows (date separators, system rows, sender groups), built incrementally, are exactly
 * what the old full rebuild gave, for history paged in oldest-last, new messages, edits,
 * deletions and sent messages; and rows of unchanged messages are kept, not rebuilt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows, dayOf, RowBuilder, type ChatRow } from '../../src/components/meeting-chat/rows.js';
import { mergeMessages, replaceMessage } from '../../src/services/chat/merge.js';
import { messageKey, type ChatMessage } from '../../src/services/chat-service.js';

/** The full rebuild the list used before (kept verbatim as the reference), with the own-only key. */
function referenceRows(messages: readonly ChatMessage[]): ChatRow[] {
  const rows: ChatRow[] = [];
  let day = '';
  let previous: ChatMessage | undefined;
  for (const message of messages) {
    const messageDay = dayOf(message.createdOn);
    if (messageDay !== day) {
      day = messageDay;
      rows.push({ kind: 'date', key: `date:${day}`, day });
      previous = undefined;
    }
    if (message.type === 'system') {
      rows.push({ kind: 'system', key: message.id, message });
      previous = undefined;
      continue;
    }
    const groupStart =
      !previous ||
      previous.sender.id !== message.sender.id ||
      previous.own !== message.own ||
      Date.parse(message.createdOn) - Date.parse(previous.createdOn) > 5 * 60_000;
    rows.push({ kind: 'message', key: messageKey(message), message, groupStart });
    previous = message;
  }
  return rows;
}

/** A small deterministic PRNG, so every run sees the same history. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const BASE = Date.UTC(2026, 10, 20, 8, 0, 0);
const SENDERS = ['8:orgid:anna', '8:orgid:bruno', '8:acs:self', '8:acs:dario'];

/** A history of `count` messages over several days: several senders, own messages, system messages, gaps. */
function history(count: number, seed = 1): ChatMessage[] {
  const random = prng(seed);
  const messages: ChatMessage[] = [];
  let time = BASE;
  for (let i = 1; i <= count; i++) {
    const r = random();
    // Mostly seconds apart, sometimes minutes (group breaks), sometimes hours (new days).
    time += r < 0.8 ? 20_000 : r < 0.95 ? 7 * 60_000 : 9 * 3_600_000;
    const sender = SENDERS[Math.floor(random() * SENDERS.length)]!;
    const system = random() < 0.04;
    const own = !system && sender === '8:acs:self';
    messages.push({
      id: String(1000 + i),
      sequenceId: String(i),
      type: system ? 'system' : random() < 0.5 ? 'html' : 'text',
      sender: { id: system ? '' : sender, displayName: sender.slice(8), kind: 'acs' },
      own,
      text: `message ${i}`,
      createdOn: new Date(time).toISOString(),
      status: own ? 'sent' : 'received',
      ...(own ? { clientMessageId: `cid-${i}` } : {}),
      ...(system ? { system: { kind: 'participant-added' as const, names: ['Eve'] } } : {}),
    });
  }
  return messages;
}

test('buildRows gives what the old full rebuild gave', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const messages = history(600, seed);
    assert.deepEqual(buildRows(messages), referenceRows(messages), `seed ${seed}`);
  }
  assert.deepEqual(buildRows([]), []);
});

test('history paged in newest first: every step equals the full rebuild, in order', () => {
  const all = history(1000, 7);
  const builder = new RowBuilder();
  let shown: ChatMessage[] = [];
  for (let end = all.length; end > 0; end -= 100) {
    const page = all.slice(Math.max(0, end - 100), end);
    const before = builder.rows;
    shown = mergeMessages(shown, page);
    const rows = builder.update(shown);
    assert.deepEqual(rows, referenceRows(shown), `after the page ending at ${end}`);
    // The rows already shown are kept (same objects), except the old first message's two rows
    // (its date separator and its row depend on the message before it): the work is the page's,
    // not the whole history's.
    const kept = rows.slice(rows.length - before.length + 2);
    const reused = kept.filter((row, i) => row === before[i + 2]).length;
    if (before.length > 2) assert.equal(reused, before.length - 2, 'rows of the messages already shown are reused');
  }
  assert.deepEqual(
    shown.map((m) => m.id),
    all.map((m) => m.id),
    'oldest first, nothing lost or doubled',
  );
});

test('pages of any size, in any order of arrival, still equal the full rebuild', () => {
  const all = history(400, 11);
  const random = prng(99);
  const builder = new RowBuilder();
  let shown: ChatMessage[] = [];
  let end = all.length;
  while (end > 0) {
    const size = 1 + Math.floor(random() * 200);
    shown = mergeMessages(shown, all.slice(Math.max(0, end - size), end).reverse());
    end -= size;
    assert.deepEqual(builder.update(shown), referenceRows(shown));
  }
});

test('new messages, edits, deletions, a queued message and its server copy: same rows as a rebuild', () => {
  const all = history(300, 3);
  const builder = new RowBuilder();
  let shown = mergeMessages([], all.slice(0, 250));
  const check = (label: string) => assert.deepEqual(builder.update(shown), referenceRows(shown), label);
  check('first page');
  for (const message of all.slice(250)) {
    shown = mergeMessages(shown, [message]);
    check(`appended ${message.id}`);
  }
  const middle = shown[120]!;
  shown = replaceMessage(shown, middle.id, { ...middle, text: 'edited', editedOn: new Date(BASE + 1).toISOString() });
  check('edited in the middle');
  shown = replaceMessage(shown, shown[0]!.id, undefined);
  check('first removed');
  shown = replaceMessage(shown, shown[77]!.id, undefined);
  check('one removed from the middle');
  const last = shown.at(-1)!;
  const queued: ChatMessage = {
    id: 'local:q1',
    clientMessageId: 'q1',
    type: 'text',
    sender: { id: '8:acs:self', displayName: 'self', kind: 'acs' },
    own: true,
    text: 'hello',
    createdOn: new Date(Date.parse(last.createdOn) + 1000).toISOString(),
    status: 'sending',
  };
  shown = mergeMessages(shown, [queued]);
  check('queued');
  const keyWhileQueued = builder.rows.at(-1)!.key;
  shown = mergeMessages(shown, [{ ...queued, id: '9999', sequenceId: '9999', status: 'sent' }]);
  check('server copy replaced the queued one');
  assert.equal(builder.rows.at(-1)!.key, keyWhileQueued, 'the row keeps its key from queued to sent');
  assert.deepEqual(builder.update([]), [], 'emptied');
  check('back again');
});

test('a clientMessageId in someone else\'s metadata never takes over another row\'s key', () => {
  const own: ChatMessage = {
    id: '10',
    sequenceId: '10',
    clientMessageId: 'shared',
    type: 'text',
    sender: { id: '8:acs:self', displayName: 'me', kind: 'acs' },
    own: true,
    text: 'mine',
    createdOn: new Date(BASE).toISOString(),
    status: 'sent',
  };
  const forged: ChatMessage = {
    ...own,
    id: '11',
    sequenceId: '11',
    sender: { id: '8:orgid:mallory', displayName: 'Mallory', kind: 'teams' },
    own: false,
    text: 'forged',
    status: 'received',
    createdOn: new Date(BASE + 1000).toISOString(),
  };
  const rows = buildRows([own, forged]).filter((row) => row.kind !== 'date');
  assert.deepEqual(
    rows.map((row) => row.key),
    ['c:shared', '11'],
  );
});
