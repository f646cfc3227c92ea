/**
 * What the meeting and the 1:1 call adapters share about the SDK's CallClient: creating it and its
 * (slow) device manager once, and disposing it last, with a margin after media changed.
 *
 * `callClient.dispose()` soon after media started or stopped (a join, a hang-up, the end of a
 * call, the camera going on or off) makes the SDK throw unhandled errors from media it is still
 * starting (`updateDevices` of undefined, "Raw stream client is already disposed"), even after
 * the call is Disconnected: seen in Chromium with 1.46.1. Each adapter marks those moments with
 * `markMediaChange()` and `dispose()` keeps its margin from the last one.
 *
 * Type-only SDK imports: the SDK itself arrives through the injected `CallingSdk`.
 */
import type { CallClient, DeviceManager } from '@azure/communication-calling';
import { mediaError, wrap } from './calling-errors.js';
import type { AnyCall, CallingSdk } from './calling-types.js';

/** Loads the SDK chunk; a failed import (offline CDN, CSP) becomes `sdk-load-failed`. */
export async function loadCallingSdk(): Promise<CallingSdk> {
  try {
    return (await import('./calling-sdk.js')).callingSdk;
  } catch (error) {
    throw wrap('sdk-load-failed', error, undefined, true);
  }
}

/** Disposal waits this long at most for a hang-up, a pending agent or the device manager. */
export const SETTLE_TIMEOUT_MS = 15_000;

/** The promise's value, or undefined once it rejects or `ms` pass (never rejects). */
export function settle<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/** Resolves once the call is Disconnected (at once if it already is). */
function whenDisconnected(call: AnyCall): Promise<void> {
  if (call.state === 'Disconnected') return Promise.resolve();
  return new Promise((resolve) => {
    const onState = () => {
      if (call.state !== 'Disconnected') return;
      call.off('stateChanged', onState);
      resolve();
    };
    call.on('stateChanged', onState);
  });
}

export interface CallingClientOptions {
  sdk: CallingSdk;
  /** Margin between the last media change and `callClient.dispose()`. */
  disposeGraceMs: number;
  now: () => number;
  /** Throws when the owning service was disposed (no client is created after that). */
  assertAlive: () => void;
}

/** One CallClient and its device manager, created on first use, disposed with a margin. */
export class CallingClient {
  private client?: CallClient;
  private deviceManager?: Promise<DeviceManager>;
  /** When media last started or stopped (a join, a hang-up, a camera change). */
  private lastMediaChangeAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: CallingClientOptions) {}

  /** The client, created on first use. */
  ensure(): CallClient {
    this.options.assertAlive();
    this.client ??= this.options.sdk.createCallClient();
    return this.client;
  }

  /** The device manager, fetched once; a failure is not cached: the next call asks again. */
  devices(): Promise<DeviceManager> {
    if (!this.deviceManager) {
      const pending = this.ensure().getDeviceManager();
      this.deviceManager = pending;
      pending.catch(() => {
        if (this.deviceManager === pending) this.deviceManager = undefined;
      });
    }
    return this.deviceManager;
  }

  /** The device manager being fetched or fetched, if it was ever asked for. */
  get pendingDevices(): Promise<DeviceManager> | undefined {
    return this.deviceManager;
  }

  /** Records that media started or stopped now (the dispose margin counts from here). */
  markMediaChange(): void {
    this.lastMediaChangeAt = this.options.now();
  }

  /** Hangs up a call not yet Disconnected; a refusal is ignored (a call that never connected may refuse). */
  async hangUp(call: AnyCall | undefined): Promise<void> {
    if (!call || call.state === 'Disconnected') return;
    this.markMediaChange();
    try {
      await call.hangUp();
    } catch {
      // A call that never connected may refuse to hang up; it is over for us either way.
    }
  }

  /** Disposal's first step: hangs up a call not yet Disconnected and waits (bounded) until it is. */
  async hangUpAndWait(call: AnyCall | undefined): Promise<void> {
    if (!call || call.state === 'Disconnected') return;
    this.markMediaChange();
    await settle(call.hangUp(), SETTLE_TIMEOUT_MS);
    await settle(whenDisconnected(call), SETTLE_TIMEOUT_MS);
  }

  /** Waits out the margin after the last media change, then disposes the client (if any). */
  async dispose(): Promise<void> {
    const { disposeGraceMs, now } = this.options;
    const margin = this.lastMediaChangeAt + disposeGraceMs - now();
    if (this.client && margin > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(margin, disposeGraceMs)));
    if (this.client) await settle(this.client.dispose(), SETTLE_TIMEOUT_MS);
    this.client = undefined;
    this.deviceManager = undefined;
  }
}

/** Mutes or unmutes the call's microphone (false when there is no call); a failure becomes a media error. */
export async function muteCall(call: AnyCall | undefined, muted: boolean): Promise<boolean> {
  if (!call) return false;
  try {
    if (muted) await call.mute();
    else await call.unmute();
  } catch (error) {
    throw mediaError(error);
  }
  return true;
}
