/**
 * The lazy service an element drives: built on first need (a preload, a click, a join), at most
 * once at a time, and guarded by a generation counter so a service that arrives after the element
 * gave it up (it left the page, or its token source changed) is disposed instead of used.
 */
import { AcsError } from '../core/errors.js';

export interface Disposable {
  dispose(): unknown;
}

export class ServiceLoader<S extends Disposable> {
  #service?: S;
  #pending?: Promise<S>;
  #generation = 0;

  /** The loaded service, if any. */
  get service(): S | undefined {
    return this.#service;
  }

  /** A load is under way or done. */
  get loading(): boolean {
    return this.#pending !== undefined;
  }

  /** The current generation: work started under an older one is stale. */
  get generation(): number {
    return this.#generation;
  }

  isCurrent(generation: number): boolean {
    return generation === this.#generation;
  }

  /**
   * The service, built with `create` unless one is loaded or loading. A failure is not kept: the
   * next call builds again. A service that resolves after `invalidate()` is disposed, and the
   * promise rejects with `operation-failed`.
   */
  load(create: () => Promise<S>, onLoaded?: (service: S) => void): Promise<S> {
    if (this.#pending) return this.#pending;
    const generation = this.#generation;
    const promise = Promise.resolve()
      .then(create)
      .then(
        (service) => {
          if (generation !== this.#generation) {
            void service.dispose();
            throw new AcsError('operation-failed', 'The element left the page');
          }
          this.#service = service;
          onLoaded?.(service);
          return service;
        },
        (error: unknown) => {
          if (this.#pending === promise) this.#pending = undefined;
          throw error;
        },
      );
    this.#pending = promise;
    return promise;
  }

  /** Forgets the service (loaded or loading) and hands the loaded one back for the caller to dispose. */
  release(): S | undefined {
    const service = this.#service;
    this.#service = undefined;
    this.#pending = undefined;
    return service;
  }

  /** Like `release()`, but also a service still loading is disposed once it arrives. */
  discard(): void {
    const pending = this.#pending;
    this.release();
    pending?.then((service) => service.dispose()).catch(() => {});
  }

  /** Waits for a load under way (never rejects); undefined when there is none or it failed. */
  async settled(): Promise<S | undefined> {
    return this.#service ?? (await this.#pending?.catch(() => undefined));
  }

  /** Starts a new generation: anything still loading for the previous one is disposed when it arrives. */
  invalidate(): void {
    this.#generation++;
  }
}
