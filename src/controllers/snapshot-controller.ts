/**
 * Binds a Lit element to any service seam's snapshot (`getState()`, `subscribe(listener) →
 * unsubscribe`): keeps the latest state, re-renders the host on every change, and follows the
 * host's lifecycle. By default it unsubscribes when the host leaves the page and, should the host
 * come back (a move within the page), subscribes again and reports what changed meanwhile.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type SnapshotListener<S> = (state: S, previous: S) => void;

export interface SnapshotSource<S> {
  getState(): S;
  subscribe(listener: SnapshotListener<S>): () => void;
}

export interface SnapshotControllerOptions<S> {
  /** Told of every change (after the state is stored, before the host re-renders). */
  onChange?: SnapshotListener<S>;
  /**
   * Keep listening while the host is off the page (an element that keeps its session alive for a
   * while after it is removed, and decides itself when to let go).
   */
  keepWhileDisconnected?: boolean;
}

export class SnapshotController<S, Source extends SnapshotSource<S> = SnapshotSource<S>> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: SnapshotControllerOptions<S>;
  #source: Source | undefined;
  #unsubscribe: (() => void) | undefined;
  #state: S;

  constructor(host: ReactiveControllerHost, initial: S, options: SnapshotControllerOptions<S> = {}) {
    this.#host = host;
    this.#state = initial;
    this.#options = options;
    host.addController(this);
  }

  /** The service followed, if any. */
  get source(): Source | undefined {
    return this.#source;
  }

  /** The latest snapshot (the last one stays readable after `detach()`). */
  get state(): S {
    return this.#state;
  }

  /** Follows `source` from now on (and stops following the previous one). */
  attach(source: Source): void {
    if (source === this.#source) return;
    this.detach();
    this.#source = source;
    this.#state = source.getState();
    this.#subscribe(source);
    this.#host.requestUpdate();
  }

  /** Stops listening and forgets the source; the last snapshot stays readable. */
  detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#source = undefined;
  }

  /** Replaces the last snapshot without a source (e.g. a reset before a new session). */
  reset(state: S): void {
    this.#state = state;
  }

  hostConnected(): void {
    const source = this.#source;
    if (!source || this.#unsubscribe) return;
    const previous = this.#state;
    this.#subscribe(source);
    const current = source.getState();
    if (current !== previous) this.#changed(current, previous);
  }

  hostDisconnected(): void {
    if (this.#options.keepWhileDisconnected) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #subscribe(source: Source): void {
    this.#unsubscribe = source.subscribe((state, previous) => this.#changed(state, previous));
  }

  #changed(state: S, previous: S): void {
    this.#state = state;
    this.#options.onChange?.(state, previous);
    this.#host.requestUpdate();
  }
}
