/**
 * One WebSocket to the emulator's meetings (`{endpoint}emulator/ws`, protocol in
 * docs/emulator-protocol.md): authenticates with the token in the first message (never in the
 * URL), correlates commands with their `ack`/`error`, and notices a dead connection with an
 * application-level ping. Reconnecting is the meeting service's job; this class is one attempt.
 */

export interface ServerMessage {
  type: string;
  [key: string]: unknown;
}

export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** The socket closed before the answer came. */
export class SocketClosedError extends Error {
  constructor() {
    super('The emulator connection closed.');
    this.name = 'SocketClosedError';
  }
}

const PING_INTERVAL_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;

/** `http://host:port/` → `ws://host:port/emulator/ws` (https → wss), or another `path` on that host. */
export function socketUrl(endpoint: string, path = 'emulator/ws'): string {
  const url = new URL(path, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

export class EmulatorSocket {
  private readonly ws: WebSocket;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private pingTimer?: ReturnType<typeof setInterval>;
  private awaitingPong = false;
  private closed = false;
  private readonly closeListeners = new Set<(expected: boolean) => void>();
  private expectedClose = false;

  constructor(
    url: string,
    private readonly onMessage: (message: ServerMessage) => void,
  ) {
    this.ws = new WebSocket(url);
    this.ws.addEventListener('message', this.handleMessage);
    this.ws.addEventListener('close', this.handleClose);
    this.ws.addEventListener('error', this.handleError);
  }

  /** Opens and authenticates. Resolves with the server's `ready` or `ended` message. */
  async authenticate(token: string): Promise<ServerMessage> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new SocketClosedError());
        this.close();
      }, CONNECT_TIMEOUT_MS);
      const onOpen = () => {
        cleanup();
        resolve();
      };
      const onFail = () => {
        cleanup();
        reject(new SocketClosedError());
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.ws.removeEventListener('open', onOpen);
        this.closeListeners.delete(onFail);
      };
      if (this.closed) return onFail();
      this.ws.addEventListener('open', onOpen);
      this.closeListeners.add(onFail);
    });
    const reply = this.waitFor((m) => m.type === 'ready' || m.type === 'ended');
    this.sendRaw({ type: 'auth', token });
    const message = await reply;
    if (message.type === 'ready') this.startPing();
    return message;
  }

  private readonly waiters = new Set<{ test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void; reject: (e: Error) => void }>();

  /** The next message that passes `test` (rejects if the socket closes first). */
  waitFor(test: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new SocketClosedError());
        return;
      }
      this.waiters.add({ test, resolve, reject });
    });
  }

  /** Sends a message without waiting for an answer. */
  sendRaw(message: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  /** Sends a command; resolves on its `ack`, rejects with a ProtocolError on its `error`. */
  request(message: Record<string, unknown>): Promise<void> {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new SocketClosedError());
    const id = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ ...message, id }));
    });
  }

  /** Called once when the socket closes; `expected` is true when we closed it ourselves. */
  onClose(listener: (expected: boolean) => void): void {
    this.closeListeners.add(listener);
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.expectedClose = true;
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    this.finish();
  }

  private startPing(): void {
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        // No pong for a whole interval: the connection is dead even if the browser has not noticed.
        this.ws.close(4000);
        this.finish();
        return;
      }
      this.awaitingPong = true;
      this.sendRaw({ type: 'ping' });
    }, PING_INTERVAL_MS);
  }

  private readonly handleMessage = (event: MessageEvent) => {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(event.data)) as ServerMessage;
    } catch {
      return;
    }
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'pong') {
      this.awaitingPong = false;
      return;
    }
    if ((message.type === 'ack' || message.type === 'error') && typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      if (pending) {
        this.pending.delete(message.id);
        if (message.type === 'ack') pending.resolve();
        else pending.reject(new ProtocolError(String(message.code), String(message.message ?? message.code), typeof message.status === 'number' ? message.status : undefined));
        return;
      }
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.test(message)) {
        this.waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
    this.onMessage(message);
  };

  private readonly handleClose = () => {
    this.finish();
  };

  private readonly handleError = () => {
    // A close event always follows; nothing to do here.
  };

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    this.ws.removeEventListener('message', this.handleMessage);
    this.ws.removeEventListener('close', this.handleClose);
    this.ws.removeEventListener('error', this.handleError);
    const error = new SocketClosedError();
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const listener of listeners) listener(this.expectedClose);
  }
}
