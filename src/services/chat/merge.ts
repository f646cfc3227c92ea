/**
 * Message list merging: every source (first page, older pages, polling, realtime events, the send
 * queue) feeds the same function, so a message seen twice is kept once (by server id, and by the
 * client message id of our own queued messages) and the list stays in server order.
 */
import type { ChatMessage } from '../chat-service.js';

export const LOCAL_PREFIX = 'local:';

export function isLocal(message: ChatMessage): boolean {
  return message.id.startsWith(LOCAL_PREFIX);
}

function version(message: ChatMessage): number {
  const times = [message.editedOn, message.deletedOn].map((value) => (value ? Date.parse(value) : 0));
  return Math.max(0, ...times.filter((value) => Number.isFinite(value)));
}

/** Server order: sequence id when both have one, else creation time. */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  if (a.sequenceId && b.sequenceId) {
    const diff = Number(a.sequenceId) - Number(b.sequenceId);
    if (diff !== 0 && Number.isFinite(diff)) return diff;
  }
  const time = Date.parse(a.createdOn) - Date.parse(b.createdOn);
  if (time !== 0 && Number.isFinite(time)) return time;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether `incoming` should replace `existing` (same message id). */
function newer(incoming: ChatMessage, existing: ChatMessage): boolean {
  if (existing.deletedOn && !incoming.deletedOn) return false;
  return version(incoming) >= version(existing);
}

function same(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.text === b.text &&
    a.html === b.html &&
    a.editedOn === b.editedOn &&
    a.deletedOn === b.deletedOn &&
    a.status === b.status &&
    a.sender.displayName === b.sender.displayName
  );
}

/**
 * Merges `incoming` into `current` (oldest first). Server messages sort by server order; local
 * (queued) messages stay after them in queue order. Returns `current` itself when nothing changed.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const fast = mergeAtAnEnd(current, incoming);
  if (fast) return fast;
  const byId = new Map<string, ChatMessage>();
  for (const message of current) byId.set(message.id, message);
  let changed = false;
  let needsSort = false;
  const last = current.filter((message) => !isLocal(message)).at(-1);

  for (const message of incoming) {
    if (!isLocal(message) && message.clientMessageId) {
      const localId = LOCAL_PREFIX + message.clientMessageId;
      if (byId.delete(localId)) changed = true;
    }
    const existing = byId.get(message.id);
    if (existing) {
      if (same(existing, message) || !newer(message, existing)) continue;
      // Keep what we know locally that the server copy lacks (own flag, 'sent' status).
      byId.set(message.id, {
        ...message,
        own: message.own || existing.own,
        status: existing.status === 'sent' && message.status === 'received' ? 'sent' : message.status,
        clientMessageId: message.clientMessageId ?? existing.clientMessageId,
      });
      changed = true;
      continue;
    }
    byId.set(message.id, message);
    changed = true;
    if (!isLocal(message) && last && compareMessages(message, last) < 0) needsSort = true;
  }
  if (!changed) return current as ChatMessage[];

  const server: ChatMessage[] = [];
  const local: ChatMessage[] = [];
  for (const message of byId.values()) (isLocal(message) ? local : server).push(message);
  // Map order is insertion order: current first (sorted), then new ones. Sort when needed.
  if (needsSort || !isSorted(server)) server.sort(compareMessages);
  return server.concat(local);
}

/**
 * The common cases without touching the rest of the list: a page of older history (every incoming
 * message before the oldest shown) or new messages (every one after the newest server message).
 * Same result as the general merge; undefined when the case is not one of these.
 */
function mergeAtAnEnd(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] | undefined {
  const ids = new Set<string>();
  for (const message of incoming) {
    if (isLocal(message) || ids.has(message.id)) return undefined;
    ids.add(message.id);
  }
  const sorted = isSorted(incoming) ? incoming.slice() : incoming.slice().sort(compareMessages);
  // Server messages come first, queued (local) ones after them.
  let localFrom = current.length;
  while (localFrom > 0 && isLocal(current[localFrom - 1]!)) localFrom--;
  if (current.slice(0, localFrom).some(isLocal)) return undefined;
  const oldest = current[0];
  const newest = localFrom > 0 ? current[localFrom - 1] : undefined;
  const claimsLocal = (message: ChatMessage) =>
    message.clientMessageId !== undefined && localFrom < current.length &&
    current.some((m, i) => i >= localFrom && m.id === LOCAL_PREFIX + message.clientMessageId);
  if (oldest && localFrom > 0 && compareMessages(sorted.at(-1)!, oldest) < 0 && !sorted.some(claimsLocal)) {
    return sorted.concat(current);
  }
  if (!newest || compareMessages(sorted[0]!, newest) > 0) {
    const claimed = new Set(sorted.filter(claimsLocal).map((m) => LOCAL_PREFIX + m.clientMessageId));
    const local = current.slice(localFrom).filter((m) => !claimed.has(m.id));
    return current.slice(0, localFrom).concat(sorted, local);
  }
  return undefined;
}

function isSorted(messages: readonly ChatMessage[]): boolean {
  for (let i = 1; i < messages.length; i++) {
    if (compareMessages(messages[i - 1]!, messages[i]!) > 0) return false;
  }
  return true;
}

/** Replaces one message by id (or appends it); returns a new array. */
export function replaceMessage(messages: readonly ChatMessage[], id: string, next: ChatMessage | undefined): ChatMessage[] {
  const index = messages.findIndex((message) => message.id === id);
  if (index < 0) return next ? [...messages, next] : (messages as ChatMessage[]);
  const copy = messages.slice();
  if (next) copy[index] = next;
  else copy.splice(index, 1);
  return copy;
}
