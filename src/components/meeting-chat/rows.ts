/**
 * Turns the message list into the rows the virtualized list shows: date separators, system
 * messages, and messages grouped by sender (a group starts on a new sender, a new day, or after
 * five quiet minutes).
 *
 * A message's rows depend only on the message and the one before it, so `RowBuilder` keeps the
 * rows of the messages that did not change (same objects, same order) and rebuilds only the
 * changed run plus the message right after it: a page of history prepended, or a message
 * appended, costs O(page) date and grouping work, however long the history already is.
 */
import { messageKey, type ChatMessage } from '../../services/chat-service.js';

export type ChatRow =
  | { kind: 'date'; key: string; day: string }
  | { kind: 'message'; key: string; message: ChatMessage; groupStart: boolean }
  | { kind: 'system'; key: string; message: ChatMessage };

const GROUP_GAP_MS = 5 * 60_000;

/** Local calendar day, `YYYY-MM-DD`. */
export function dayOf(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Day and time of a message, worked out once per message object (a changed message is a new object). */
const timing = new WeakMap<ChatMessage, { day: string; time: number }>();

function timingOf(message: ChatMessage): { day: string; time: number } {
  let entry = timing.get(message);
  if (!entry) {
    entry = { day: dayOf(message.createdOn), time: Date.parse(message.createdOn) };
    timing.set(message, entry);
  }
  return entry;
}

/** Appends the rows of `message` (a date separator when its day differs from `previous`'s, then its own row). */
function pushRowsOf(rows: ChatRow[], previous: ChatMessage | undefined, message: ChatMessage): void {
  const { day, time } = timingOf(message);
  const before = previous ? timingOf(previous) : undefined;
  const newDay = before?.day !== day;
  if (newDay) rows.push({ kind: 'date', key: `date:${day}`, day });
  if (message.type === 'system') {
    rows.push({ kind: 'system', key: message.id, message });
    return;
  }
  const groupStart =
    newDay ||
    !previous ||
    previous.type === 'system' ||
    previous.sender.id !== message.sender.id ||
    previous.own !== message.own ||
    time - before!.time > GROUP_GAP_MS;
  rows.push({ kind: 'message', key: messageKey(message), message, groupStart });
}

/** Every row of `messages`, from scratch. */
export function buildRows(messages: readonly ChatMessage[]): ChatRow[] {
  const rows: ChatRow[] = [];
  for (let i = 0; i < messages.length; i++) pushRowsOf(rows, messages[i - 1], messages[i]!);
  return rows;
}

/** Builds rows incrementally: give it each new message array; it returns the rows for it. */
export class RowBuilder {
  #messages: readonly ChatMessage[] = [];
  #rows: ChatRow[] = [];

  get rows(): ChatRow[] {
    return this.#rows;
  }

  update(messages: readonly ChatMessage[]): ChatRow[] {
    const old = this.#messages;
    if (messages === old) return this.#rows;
    const oldRows = this.#rows;
    // The unchanged head and tail, by identity (mergeMessages and replaceMessage keep the objects).
    const max = Math.min(old.length, messages.length);
    let head = 0;
    while (head < max && old[head] === messages[head]) head++;
    let tail = 0;
    while (tail < max - head && old[old.length - 1 - tail] === messages[messages.length - 1 - tail]) tail++;

    // Rows of the unchanged head end where the head's last message row ends; the tail's first
    // message is rebuilt (its separator and grouping depend on the message before it).
    const headEnd = head === 0 ? 0 : this.#rowIndexOf(old.length, head - 1) + 1;
    const tailFrom = tail === 0 ? oldRows.length : this.#rowIndexOf(old.length, old.length - tail) + 1;
    const middle: ChatRow[] = [];
    const stop = tail === 0 ? messages.length : messages.length - tail + 1;
    for (let i = head; i < stop; i++) pushRowsOf(middle, messages[i - 1], messages[i]!);

    this.#messages = messages;
    this.#rows =
      headEnd === 0 && tailFrom === oldRows.length
        ? middle
        : oldRows.slice(0, headEnd).concat(middle, tailFrom < oldRows.length ? oldRows.slice(tailFrom) : []);
    return this.#rows;
  }

  /** Index in the current rows of the message row of message `index` (of `count`), scanning from the nearer end. */
  #rowIndexOf(count: number, index: number): number {
    const rows = this.#rows;
    if (index < count - index) {
      for (let r = 0, seen = -1; r < rows.length; r++) {
        if (rows[r]!.kind !== 'date' && ++seen === index) return r;
      }
    } else {
      for (let r = rows.length - 1, seen = count; r >= 0; r--) {
        if (rows[r]!.kind !== 'date' && --seen === index) return r;
      }
    }
    throw new Error(`RowBuilder: no row for message ${index}`);
  }
}
