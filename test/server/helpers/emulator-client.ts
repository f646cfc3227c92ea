/**
 * Test helpers for the emulator's HTTP control API and its browser sockets, shared by the server
 * suites (meetings.test.ts, calls.test.ts). Each suite adds its own protocol steps by subclassing
 * `SocketClient`.
 */
import { WebSocket } from 'ws';

export interface Message {
  type: string;
  [key: string]: any;
}

/** One request to the emulator (JSON in, JSON out); `body` is undefined for an empty response. */
export async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A Node client of an emulator socket that records every message. */
export class SocketClient {
  ws: WebSocket;
  messages: Message[] = [];
  closed: Promise<number>;
  #waiters: { predicate: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  #seq = 0;

  /**
   * @param url the socket's ws:// address
   * @param seen what a timed-out `next` reports of the messages seen so far
   */
  constructor(
    url: URL,
    private readonly seen: (messages: Message[]) => unknown = (messages) => messages.map((m) => m.type),
  ) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as Message;
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.predicate(message)) return true;
        w.resolve(message);
        return false;
      });
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
  }

  opened() {
    return new Promise<void>((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(message: Message) {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends a command and resolves with its ack (or rejects with its error). */
  async command(message: Message) {
    const id = ++this.#seq;
    this.send({ ...message, id });
    const reply = await this.next((m) => (m.type === 'ack' || m.type === 'error') && m.id === id);
    if (reply.type === 'error') throw Object.assign(new Error(reply.message), { code: reply.code });
    return reply;
  }

  /**
   * Resolves once the server has answered a ping sent now. The socket is ordered, so every message
   * the server sent before handling it has arrived: a deterministic point for "X did not happen".
   */
  async sync() {
    const id = `sync-${++this.#seq}`;
    this.send({ type: 'ping', id });
    await this.next((m) => m.type === 'pong' && m.id === id);
  }

  /** The first message from index `from` on (already received or coming) that matches. */
  next(predicate: (m: Message) => boolean, timeoutMs = 3000, from = 0) {
    const found = this.messages.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; saw ${JSON.stringify(this.seen(this.messages))}`)), timeoutMs);
      this.#waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  close() {
    this.ws.close();
  }
}
