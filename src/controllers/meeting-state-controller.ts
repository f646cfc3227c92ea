/**
 * Binds a Lit element to a MeetingService: keeps the latest snapshot, re-renders the host on every
 * change, and unsubscribes when the host leaves the page (or the service is replaced), so an
 * element never keeps a listener on a service it no longer shows.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  initialMeetingState,
  type MeetingListener,
  type MeetingService,
  type MeetingState,
} from '../services/meeting-service.js';

export class MeetingStateController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onChange: MeetingListener | undefined;
  #service: MeetingService | undefined;
  #unsubscribe: (() => void) | undefined;
  #state: MeetingState = initialMeetingState();

  constructor(host: ReactiveControllerHost, onChange?: MeetingListener) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  get service(): MeetingService | undefined {
    return this.#service;
  }

  get state(): MeetingState {
    return this.#state;
  }

  /** Follows `service` from now on (and stops following the previous one). */
  attach(service: MeetingService): void {
    if (service === this.#service) return;
    this.detach();
    this.#service = service;
    this.#state = service.getState();
    this.#unsubscribe = service.subscribe((state, previous) => {
      this.#state = state;
      this.#onChange?.(state, previous);
      this.#host.requestUpdate();
    });
    this.#host.requestUpdate();
  }

  /** Stops listening; the last snapshot stays readable. */
  detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#service = undefined;
  }

  hostDisconnected(): void {
    this.detach();
  }
}
