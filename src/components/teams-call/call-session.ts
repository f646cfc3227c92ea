/**
 * The call behind `<acs-teams-call>`'s panel: callee validation, the token session, the
 * CallService (real SDK or emulator, loaded on first use), the commands, the DOM events, the error
 * shown and the connected timer. It renders nothing: the panel (call-ui.ts) reads it. It knows the
 * element only as a `CallUiHost`.
 */
import type { ReactiveControllerHost } from 'lit';
import { parseCallee } from '../../core/callee.js';
import { AcsError, toAcsError } from '../../core/errors.js';
import type { TokenProvider } from '../../core/token-source.js';
import { ErrorReporter } from '../../controllers/error-reporter.js';
import { ServiceLoader } from '../../controllers/service-loader.js';
import { SnapshotController } from '../../controllers/snapshot-controller.js';
import { TokenSessionCache } from '../../controllers/token-session.js';
import { dispatchAcsEvent, type AcsErrorDetail } from '../../events.js';
import * as errorCatalog from '../../i18n/errors.js';
import { resolveLocale, type Locale } from '../../i18n/index.js';
import {
  DTMF_TONES,
  initialCallState,
  type CallService,
  type CallServiceOptions,
  type CallState,
  type DtmfTone,
} from '../../services/call-service.js';
import { loadCallService } from '../../services/load-call-service.js';
import type { VideoView } from '../../services/video-view.js';

/** What the call panel reads of `<acs-teams-call>`: its inputs, and the element to render into and dispatch from. */
export interface CallUiHost extends ReactiveControllerHost, HTMLElement {
  readonly tokenUrl?: string;
  readonly tokenCredentials?: RequestCredentials;
  readonly tokenProvider?: TokenProvider;
  readonly serviceFactory?: (options: CallServiceOptions) => Promise<CallService>;
  readonly callee?: string;
  readonly calleeKind?: string;
  readonly ringtone?: string;
  readonly calleeName?: string;
  readonly callerId?: string;
  readonly identity: 'acs' | 'teams';
  readonly displayName?: string;
  readonly video: boolean;
  readonly locale?: string;
  readonly strings: Partial<Record<string, string>>;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

const ACTIVE = new Set<CallState['phase']>(['connecting', 'ringing', 'connected', 'incoming']);

export class CallSession {
  readonly #host: CallUiHost;
  readonly #loader = new ServiceLoader<CallService>();
  readonly #sessions = new TokenSessionCache();
  readonly #errors: ErrorReporter;
  readonly #call: SnapshotController<CallState, CallService>;
  #error?: AcsErrorDetail;
  #timer?: ReturnType<typeof setInterval>;
  #digits = '';
  #dismissed = false;
  #loading = false;
  /** Told when the call ends (the panel closes its dial pad and moves the focus). */
  onEnded?: () => void;

  constructor(host: CallUiHost) {
    this.#host = host;
    // The panel's chunk carries the error catalog: errors are reported at once.
    this.#errors = new ErrorReporter(host, { locale: () => this.locale(), overrides: () => host.strings, catalog: errorCatalog });
    this.#call = new SnapshotController<CallState, CallService>(host, initialCallState(), {
      onChange: (next, previous) => this.#onChange(next, previous),
      // The page still gets `acs-call-ended` when the element leaves it (teardown hangs up).
      keepWhileDisconnected: true,
    });
  }

  get state(): CallState {
    return this.#call.state;
  }

  get error(): AcsErrorDetail | undefined {
    return this.#error;
  }

  /** The tones sent in this call, the last 32. */
  get digits(): string {
    return this.#digits;
  }

  /** The panel was closed after the call ended (or after an error). */
  get dismissed(): boolean {
    return this.#dismissed;
  }

  /** The service is being loaded for a call. */
  get loading(): boolean {
    return this.#loading;
  }

  locale(): Locale {
    return resolveLocale(this.#host, this.#host.locale);
  }

  /** A copy of the call as shown, with any error. */
  snapshot(): CallState & { error?: AcsErrorDetail } {
    const copy: CallState & { error?: AcsErrorDetail } = structuredClone(this.state);
    if (this.#error) copy.error = { ...this.#error };
    return copy;
  }

  // ---- commands (none throws into the page) -------------------------------------------------

  async call(): Promise<void> {
    if (ACTIVE.has(this.state.phase) || this.#loading) return;
    const host = this.#host;
    this.#error = undefined;
    this.#dismissed = false;
    this.#digits = '';
    let callee;
    try {
      if (!host.tokenUrl && !host.tokenProvider) throw new AcsError('missing-token-source', 'Set token-url or tokenProvider');
      callee = parseCallee(host.callee, { callerId: host.callerId, identity: host.identity });
    } catch (error) {
      this.#fail(toAcsError(error, 'invalid-callee'));
      return;
    }
    const generation = this.#loader.generation;
    this.#loading = true;
    host.requestUpdate();
    try {
      const service = await this.#ensureService();
      if (!this.#loader.isCurrent(generation)) return;
      await service.start(callee, { video: host.video, displayName: host.displayName?.trim() || undefined });
    } catch (error) {
      if (this.#loader.isCurrent(generation)) this.#fail(toAcsError(error, 'operation-failed'));
    } finally {
      this.#loading = false;
      host.requestUpdate();
    }
  }

  /** Teams identities: receive calls. Failures (wrong token kind, no token) are shown and reported. */
  async listen(): Promise<void> {
    const generation = this.#loader.generation;
    try {
      const service = await this.#ensureService();
      if (this.#loader.isCurrent(generation)) await service.listen();
    } catch (error) {
      if (this.#loader.isCurrent(generation)) this.#fail(toAcsError(error, 'operation-failed'));
    }
  }

  async hangUp(): Promise<void> {
    await this.#run(async (service) => service.hangUp());
  }

  async accept(video: boolean): Promise<void> {
    await this.#run(async (service) => service.accept({ video }));
  }

  async decline(): Promise<void> {
    await this.#run(async (service) => service.decline());
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.#run(async (service) => service.setMuted(muted));
  }

  async setCameraOn(on: boolean): Promise<void> {
    await this.#run(async (service) => service.setCameraOn(on));
  }

  async sendDtmf(tone: DtmfTone): Promise<void> {
    if (!DTMF_TONES.includes(tone)) return;
    await this.#run(async (service) => {
      await service.sendDtmf(tone);
      this.#digits = (this.#digits + tone).slice(-32);
      this.#host.requestUpdate();
    });
  }

  /** A view of one of the call's video streams, once the service is loaded. */
  createView(streamId: string): Promise<VideoView> | undefined {
    return this.#loader.service?.createView(streamId);
  }

  /** Closes the panel (after the call ended, or after an error). */
  dismiss(): void {
    this.#dismissed = true;
    this.#error = undefined;
    this.#host.requestUpdate();
  }

  /**
   * The element left the page: end the call (the page still gets `acs-call-ended`), stop every
   * track, drop the service. A later connect starts afresh.
   */
  async teardown(): Promise<void> {
    this.#loader.invalidate();
    this.#stopTimer();
    const service = await this.#loader.settled();
    this.#loader.release();
    this.#loading = false;
    if (service) await service.dispose().catch(() => undefined);
    this.#call.detach();
    this.#stopTimer();
    this.#call.reset(initialCallState());
    this.#error = undefined;
  }

  // ---- service ------------------------------------------------------------------------------

  #ensureService(): Promise<CallService> {
    const host = this.#host;
    const factory = host.serviceFactory ?? loadCallService;
    return this.#loader.load(
      () =>
        factory({
          session: this.#sessions.session({ url: host.tokenUrl, credentials: host.tokenCredentials, provider: host.tokenProvider }),
          identity: host.identity === 'teams' ? 'teams' : 'acs',
        }),
      (service) => this.#call.attach(service),
    );
  }

  async #run(action: (service: CallService) => Promise<void>): Promise<void> {
    const service = this.#loader.service;
    if (!service) return;
    try {
      await action(service);
    } catch (error) {
      this.#fail(toAcsError(error, 'operation-failed'), true);
    }
  }

  #onChange(next: CallState, previous: CallState): void {
    const host = this.#host;
    if (next.phase !== previous.phase) {
      if (next.phase === 'incoming') {
        this.#dismissed = false;
        this.#error = undefined;
      }
      if (next.phase === 'connecting' && previous.phase !== 'incoming') this.#error = undefined;
      dispatchAcsEvent(host, 'acs-state-changed', { state: next.phase, previous: previous.phase });
      if (next.phase === 'connected') dispatchAcsEvent(host, 'acs-call-connected', {});
      if (next.phase === 'incoming' && next.incoming) dispatchAcsEvent(host, 'acs-incoming-call', { caller: { ...next.incoming.caller } });
      if (next.phase === 'ended') {
        const end = next.end ?? { reason: 'unknown' as const, code: 0, subCode: 0 };
        const durationSeconds = next.startedAt ? Math.max(0, Math.round((Date.now() - next.startedAt) / 1000)) : 0;
        this.onEnded?.();
        dispatchAcsEvent(host, 'acs-call-ended', { ...end, durationSeconds });
      }
    }
    if (next.phase === 'connected') this.#startTimer();
    else this.#stopTimer();
  }

  #fail(error: AcsError, duringCall = false): void {
    this.#errors.report(error, duringCall || error.recoverable, (detail) => {
      this.#error = detail;
      this.#dismissed = false;
      this.#host.requestUpdate();
    });
  }

  #startTimer(): void {
    this.#timer ??= setInterval(() => this.#host.requestUpdate(), 1000);
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
