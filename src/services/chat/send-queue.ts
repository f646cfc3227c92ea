/**
 * The outgoing message queue. One message in flight at a time, so messages arrive in the order
 * they were typed. A failure the server answered clearly (5xx, 429) is retried after its
 * `Retry-After` or a backoff. A failure that leaves it unknown whether the server stored the message
 * (dropped connection, timeout, a 5xx from a proxy) makes the next attempt look for the message's
 * client id first, so nothing is sent twice. After `maxAttempts`, the message and every message
 * queued behind it end 'failed' (order is never broken silently); the user can retry them.
 */
import { retryDelay, sleep as defaultSleep } from '../../core/backoff.js';

export interface OutgoingMessage {
  clientMessageId: string;
  text: string;
}

export interface SendFailure {
  /** Worth trying again (network, 5xx, 429, 408). */
  retry: boolean;
  /** The server may have stored the message although the request failed. */
  ambiguous: boolean;
  /** The `Retry-After` header value, if any. */
  retryAfter?: string | null;
}

export interface SendQueueOptions {
  /** Sends one message; resolves its server id. */
  send(message: OutgoingMessage, signal: AbortSignal): Promise<{ id: string; createdOn?: string }>;
  /** Looks for an already stored message with this client id created since `since`. */
  find(clientMessageId: string, since: Date, signal: AbortSignal): Promise<{ id: string; createdOn?: string } | undefined>;
  classify(error: unknown): SendFailure;
  onSent(message: OutgoingMessage, result: { id: string; createdOn?: string }): void;
  onFailed(message: OutgoingMessage, error: unknown): void;
  /** Called before each wait (for diagnostics and tests). */
  onRetry?(message: OutgoingMessage, error: unknown, delayMs: number): void;
  maxAttempts?: number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** Backoff window for the first retry (ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?(): number;
}

interface Entry {
  message: OutgoingMessage;
  firstAttemptAt?: number;
  ambiguous: boolean;
}

/** How far back (ms) to look for an ambiguous message: covers clock skew with the server. */
const FIND_WINDOW_MS = 10 * 60_000;

export class SendQueue {
  readonly #options: SendQueueOptions;
  readonly #entries: Entry[] = [];
  readonly #abort = new AbortController();
  #running = false;

  constructor(options: SendQueueOptions) {
    this.#options = options;
  }

  get pending(): number {
    return this.#entries.length;
  }

  has(clientMessageId: string): boolean {
    return this.#entries.some((entry) => entry.message.clientMessageId === clientMessageId);
  }

  enqueue(message: OutgoingMessage): void {
    if (this.#abort.signal.aborted || this.has(message.clientMessageId)) return;
    this.#entries.push({ message, ambiguous: false });
    void this.#pump();
  }

  /** Re-queues a failed message; if an earlier attempt was ambiguous it is checked before re-sending. */
  retry(message: OutgoingMessage, ambiguous = true): void {
    if (this.#abort.signal.aborted || this.has(message.clientMessageId)) return;
    this.#entries.push({ message, ambiguous });
    void this.#pump();
  }

  dispose(): void {
    this.#abort.abort();
    this.#entries.length = 0;
  }

  async #pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#entries.length > 0 && !this.#abort.signal.aborted) {
        const entry = this.#entries[0]!;
        const ok = await this.#deliver(entry);
        if (this.#abort.signal.aborted) return;
        if (ok) {
          this.#entries.shift();
        } else {
          // Fail this one and everything behind it: order is never broken silently.
          const failed = this.#entries.splice(0);
          for (const item of failed) this.#options.onFailed(item.message, this.#lastError);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  #lastError: unknown;

  async #deliver(entry: Entry): Promise<boolean> {
    const options = this.#options;
    const signal = this.#abort.signal;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? defaultSleep;
    const maxAttempts = options.maxAttempts ?? 8;
    entry.firstAttemptAt ??= now();
    for (let attempt = 0; ; attempt++) {
      try {
        if (entry.ambiguous) {
          const since = new Date(entry.firstAttemptAt - FIND_WINDOW_MS);
          const found = await options.find(entry.message.clientMessageId, since, signal);
          if (found) {
            options.onSent(entry.message, found);
            return true;
          }
        }
        const result = await options.send(entry.message, signal);
        options.onSent(entry.message, result);
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        this.#lastError = error;
        const failure = options.classify(error);
        entry.ambiguous ||= failure.ambiguous;
        if (!failure.retry || attempt + 1 >= maxAttempts) return false;
        const delay = retryDelay(attempt, {
          retryAfter: failure.retryAfter ?? null,
          baseMs: options.baseDelayMs ?? 500,
          capMs: options.maxDelayMs ?? 8_000,
          maxRetryAfterMs: 60_000,
        });
        if (delay === undefined) return false;
        options.onRetry?.(entry.message, error, delay);
        try {
          await sleep(delay, signal);
        } catch {
          return false;
        }
      }
    }
  }
}
