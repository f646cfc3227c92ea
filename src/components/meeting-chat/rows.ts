/**
 * Turns the message list into the rows the virtualized list shows: date separators, system
 * messages, and messages grouped by sender (a group starts on a new sender, a new day, or after
 * five quiet minutes).
 */
import type { ChatMessage } from '../../services/chat-service.js';

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

export function buildRows(messages: readonly ChatMessage[]): ChatRow[] {
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
      Date.parse(message.createdOn) - Date.parse(previous.createdOn) > GROUP_GAP_MS;
    rows.push({ kind: 'message', key: message.clientMessageId ? `c:${message.clientMessageId}` : message.id, message, groupStart });
    previous = message;
  }
  return rows;
}
