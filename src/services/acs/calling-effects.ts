/**
 * Background effects and noise suppression on the real calling SDK: the VideoEffects feature of a
 * LocalVideoStream with @azure/communication-calling-effects' BackgroundBlurEffect /
 * BackgroundReplacementEffect, and the AudioEffects feature of a LocalAudioStream with
 * DeepNoiseSuppressionEffect (or the browser's own noise suppression where the SDK offers only that).
 *
 * Typed against the calling SDK's own declarations (type-only imports); the SDK and the 12 MB
 * effects package come in through `CallingEffectsSdk`, so tests drive this with typed fakes and
 * the real modules load only when the user opens the effects picker (`calling-effects-sdk.ts`).
 *
 * Observed offline in headless Chromium (SDK 2.0.0, effects 1.3.2): the package's own
 * `isSupported()` says yes (WebGL2 over SwiftShader/ANGLE), but the SDK's
 * `VideoEffectsFeature.isSupported` says no and `startEffects` resolves with no active effect and
 * an `effectsError` 403/46150 "Video effects feature is currently disabled by Azure Communication
 * Services": the SDK's remote configuration, which it cannot fetch here, gates the feature. So a
 * resolved `startEffects` proves nothing; this adapter waits for the effect to be active.
 * Also seen: the feature refuses a LocalVideoStream made from a MediaStream ("Current source is
 * unsupported to use effects"), so every stream here is made from a camera device, including the
 * setup screen's preview (the same camera, opened by the SDK).
 */
import type {
  AudioDeviceInfo,
  AudioEffectsFeature,
  BackgroundBlurEffect,
  BackgroundReplacementEffect,
  CommunicationServicesError,
  DeepNoiseSuppressionEffect,
  Features,
  LocalAudioStream,
  LocalVideoStream,
  VideoEffectErrorPayload,
  VideoEffectName,
  VideoDeviceInfo,
  VideoEffectsFeature,
  VideoStreamRenderer,
} from '@azure/communication-calling';
import { AcsError } from '../../core/errors.js';
import {
  backgroundOf,
  type BackgroundImage,
  type EffectPreview,
  type EffectsSupport,
  type VideoEffect,
  type VideoEffectsEngine,
} from '../video-effects.js';

/** How long an effect may take to become active after `startEffects` resolved. */
export const EFFECT_START_TIMEOUT_MS = 20_000;

/** What this adapter needs from the two SDK packages, injectable. */
export interface CallingEffectsSdk {
  readonly Features: Pick<typeof Features, 'VideoEffects' | 'AudioEffects'>;
  createLocalVideoStream(camera: VideoDeviceInfo): LocalVideoStream;
  createLocalAudioStream(microphone: AudioDeviceInfo): LocalAudioStream;
  createRenderer(stream: LocalVideoStream): VideoStreamRenderer;
  createBlur(): BackgroundBlurEffect;
  createReplacement(backgroundImageUrl: string): BackgroundReplacementEffect;
  createNoiseSuppression(): DeepNoiseSuppressionEffect;
}

export interface CallingEffectsOptions {
  /** A URL BackgroundReplacementEffect can fetch for a built-in background (a `blob:` PNG). */
  backgroundUrl(image: BackgroundImage): Promise<string>;
  /** The SDK's camera with this browser device id (else the default one), from the device manager. */
  camera(deviceId?: string): Promise<VideoDeviceInfo | undefined>;
  /** The SDK's current microphone, from the device manager. */
  microphone(): Promise<AudioDeviceInfo | undefined>;
  setTimer?: (run: () => void, ms: number) => () => void;
}

const defaultTimer = (run: () => void, ms: number) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};

/** "403/46150 message" from an SDK error or effects error payload, for the AcsError's message. */
function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, subCode, message } = error as Partial<VideoEffectErrorPayload & CommunicationServicesError>;
    const parts = [code, subCode].filter((part) => typeof part === 'number').join('/');
    return `${parts ? `${parts} ` : ''}${typeof message === 'string' ? message : ''}`.trim() || 'unknown error';
  }
  return String(error);
}

export class CallingEffects implements VideoEffectsEngine {
  readonly #sdk: CallingEffectsSdk;
  readonly #options: CallingEffectsOptions;
  #support?: Promise<EffectsSupport>;
  #blur?: BackgroundBlurEffect;
  #noise?: DeepNoiseSuppressionEffect;

  constructor(sdk: CallingEffectsSdk, options: CallingEffectsOptions) {
    this.#sdk = sdk;
    this.#options = options;
  }

  /** Asked once: the effects package about the browser, then the SDK's features about the effects. */
  support(): Promise<EffectsSupport> {
    this.#support ??= this.#askSupport();
    return this.#support;
  }

  async #askSupport(): Promise<EffectsSupport> {
    const [video, noise] = await Promise.all([this.#videoSupport(), this.#noiseSupport()]);
    return { ...video, noiseSuppression: noise !== false };
  }

  async #videoSupport(): Promise<Pick<EffectsSupport, 'video' | 'videoReason'>> {
    const blur = this.#blurEffect();
    // The package checks the browser (WebGL2, its extensions, the renderer); the SDK then checks
    // the service's configuration. A no from the second alone means the service.
    if (!(await blur.isSupported().catch(() => false))) return { video: false, videoReason: 'browser' };
    let stream: LocalVideoStream | undefined;
    try {
      const camera = await this.#options.camera();
      if (!camera) return { video: false, videoReason: 'browser' };
      stream = this.#sdk.createLocalVideoStream(camera);
      const ok = await stream.feature(this.#sdk.Features.VideoEffects).isSupported(blur);
      return ok ? { video: true } : { video: false, videoReason: 'service' };
    } catch {
      return { video: false, videoReason: 'failed' };
    } finally {
      stream?.dispose();
    }
  }

  /** Which noise suppression the SDK takes here: deep (the package's model), the browser's, or none. */
  async #noiseSupport(): Promise<DeepNoiseSuppressionEffect | 'BrowserNoiseSuppression' | false> {
    try {
      const microphone = await this.#options.microphone();
      if (!microphone) return false;
      return await this.#noiseChoice(this.#sdk.createLocalAudioStream(microphone).feature(this.#sdk.Features.AudioEffects));
    } catch {
      return false;
    }
  }

  async #noiseChoice(feature: AudioEffectsFeature): Promise<DeepNoiseSuppressionEffect | 'BrowserNoiseSuppression' | false> {
    const deep = this.#noiseEffect();
    if ((await deep.isSupported().catch(() => false)) && (await feature.isSupported(deep).catch(() => false))) return deep;
    if (await feature.isSupported('BrowserNoiseSuppression').catch(() => false)) return 'BrowserNoiseSuppression';
    return false;
  }

  /** Puts `effect` on `stream` (or takes every effect off for 'none'); rejects unless it is active. */
  async applyVideo(stream: LocalVideoStream, effect: VideoEffect): Promise<void> {
    const feature = stream.feature(this.#sdk.Features.VideoEffects);
    if (effect === 'none') {
      if (feature.activeEffects.length > 0) await feature.stopEffects();
      return;
    }
    const image = backgroundOf(effect);
    const processor = image ? this.#sdk.createReplacement(await this.#options.backgroundUrl(image)) : this.#blurEffect();
    await this.#startVideo(feature, processor.name, () => feature.startEffects(processor));
  }

  async #startVideo(feature: VideoEffectsFeature, name: VideoEffectName, start: () => Promise<void>): Promise<void> {
    let settle: ((error?: string) => void) | undefined;
    const outcome = new Promise<string | undefined>((resolve) => (settle = resolve));
    const onStarted = (effects: VideoEffectName[]) => {
      if (effects.includes(name)) settle?.();
    };
    const onError = (error: VideoEffectErrorPayload) => settle?.(describe(error));
    feature.on('effectsStarted', onStarted);
    feature.on('effectsError', onError);
    const cancelTimer = (this.#options.setTimer ?? defaultTimer)(() => settle?.('timed out'), EFFECT_START_TIMEOUT_MS);
    try {
      await start();
      if (feature.activeEffects.includes(name)) return;
      const failure = await outcome;
      if (failure !== undefined && !feature.activeEffects.includes(name)) {
        throw new AcsError('operation-failed', `The background effect did not start: ${failure}`, { recoverable: true });
      }
    } catch (error) {
      if (error instanceof AcsError) throw error;
      throw new AcsError('operation-failed', `The background effect did not start: ${describe(error)}`, { recoverable: true, cause: error });
    } finally {
      cancelTimer();
      feature.off('effectsStarted', onStarted);
      feature.off('effectsError', onError);
    }
  }

  /** Turns noise suppression on `stream` on (deep where offered, else the browser's) or off. */
  async applyNoiseSuppression(stream: LocalAudioStream, on: boolean): Promise<void> {
    const feature = stream.feature(this.#sdk.Features.AudioEffects);
    try {
      if (!on) {
        if (feature.activeEffects.noiseSuppression.length > 0) await feature.stopEffects({ noiseSuppression: true });
        return;
      }
      const choice = await this.#noiseChoice(feature);
      if (choice === false) throw new AcsError('operation-failed', 'Noise suppression is not available here', { recoverable: false });
      await feature.startEffects({ noiseSuppression: choice });
    } catch (error) {
      if (error instanceof AcsError) throw error;
      throw new AcsError('operation-failed', `Noise suppression could not change: ${describe(error)}`, { recoverable: true, cause: error });
    }
    if (feature.activeEffects.noiseSuppression.length === 0) {
      throw new AcsError('operation-failed', 'Noise suppression did not start', { recoverable: true });
    }
  }

  /**
   * The setup screen's preview through the SDK: a LocalVideoStream on the camera `source` comes
   * from (the SDK opens it itself: effects refuse a MediaStream source), rendered by the SDK.
   */
  async preview(source: MediaStream, effect: VideoEffect): Promise<EffectPreview> {
    const camera = await this.#options.camera(source.getVideoTracks()[0]?.getSettings().deviceId);
    if (!camera) throw new AcsError('media-no-device', 'No camera found', { recoverable: true });
    const stream = this.#sdk.createLocalVideoStream(camera);
    let renderer: VideoStreamRenderer | undefined;
    try {
      await this.applyVideo(stream, effect);
      renderer = this.#sdk.createRenderer(stream);
      const view = await renderer.createView({ scalingMode: 'Crop' });
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        view.dispose();
        renderer?.dispose();
        stream.dispose();
      };
      return { view: { element: view.target, dispose: stop }, setEffect: (next) => this.applyVideo(stream, next), stop };
    } catch (error) {
      renderer?.dispose();
      stream.dispose();
      throw error;
    }
  }

  #blurEffect(): BackgroundBlurEffect {
    this.#blur ??= this.#sdk.createBlur();
    return this.#blur;
  }

  #noiseEffect(): DeepNoiseSuppressionEffect {
    this.#noise ??= this.#sdk.createNoiseSuppression();
    return this.#noise;
  }
}
