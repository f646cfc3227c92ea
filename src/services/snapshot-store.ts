import { cleanDisplayText } from '../core/display-text.js';

/**
 * The snapshot half of every service seam: a plain state object, `subscribe(listener) →
 * unsubscribe`, and listeners told `(state, previous)` on every change. Services keep their own
 * `getState()`/`subscribe()` (the seam) and delegate here. No DOM, no SDK.
 *
 * Every snapshot passes `cleanDisplayText` here, so no element ever shows a name or topic with
 * bidi controls or invisible characters, whichever adapter produced it.
 */
export type SnapshotListener<S> = (state: S, previous: S) => void;

export interface SnapshotStoreOptions {
  /**
   * Skip the notification when the next state serializes exactly like the current one (the ACS
   * adapters rebuild the whole snapshot on every SDK event, most of which change nothing).
   */
  skipUnchanged?: boolean;
  /** Told when a listener throws; the other listeners are notified regardless. */
  onListenerError?: (error: unknown) => void;
}

export class SnapshotStore<S extends object> {
  #state: S;
  readonly #listeners = new Set<SnapshotListener<S>>();
  readonly #options: SnapshotStoreOptions;

  constructor(initial: S, options: SnapshotStoreOptions = {}) {
    this.#state = cleanDisplayText(initial);
    this.#options = options;
  }

  get state(): S {
    return this.#state;
  }

  subscribe(listener: SnapshotListener<S>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Replaces the whole snapshot and notifies. */
  replace(state: S): void {
    const next = cleanDisplayText(state);
    const previous = this.#state;
    if (this.#options.skipUnchanged && JSON.stringify(previous) === JSON.stringify(next)) return;
    this.#state = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener(next, previous);
      } catch (error) {
        // A listener's failure must not stop the others, or the event behind the change.
        this.#options.onListenerError?.(error);
      }
    }
  }

  /** Changes some fields and notifies. */
  set(patch: Partial<S>): void {
    this.replace({ ...this.#state, ...patch });
  }

  /** Forgets every listener (on dispose). */
  clear(): void {
    this.#listeners.clear();
  }
}

/**
 * The seam's `getState()`/`subscribe()` for a service class, over a SnapshotStore that the
 * subclass changes through `this.store` and reads through `this.state`.
 */
export abstract class SnapshotService<S extends object> {
  protected readonly store: SnapshotStore<S>;

  constructor(initial: S, options?: SnapshotStoreOptions) {
    this.store = new SnapshotStore(initial, options);
  }

  getState(): S {
    return this.store.state;
  }

  subscribe(listener: SnapshotListener<S>): () => void {
    return this.store.subscribe(listener);
  }

  protected get state(): S {
    return this.store.state;
  }
}
