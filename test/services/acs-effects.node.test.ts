/**
 * The real-SDK effects adapter (src/services/acs/calling-effects.ts) against fakes typed by the
 * calling SDK's own declarations: how it decides support (the effects package about the browser,
 * the SDK's feature about the service), that a resolved startEffects is not taken for an active
 * effect (the SDK's offline behaviour: resolve, then effectsError 403/46150), replacement images,
 * 'none', the start timeout, noise suppression (deep, then the browser's), the SDK-rendered preview,
 * and that every listener it adds is removed.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ActiveAudioEffects,
  AudioDeviceInfo,
  AudioEffectsFeature,
  AudioEffectsStartConfig,
  AudioEffectsStopConfig,
  BackgroundBlurEffect,
  BackgroundReplacementEffect,
  DeepNoiseSuppressionEffect,
  LocalAudioStream,
  LocalVideoStream,
  VideoEffectErrorPayload,
  VideoEffectName,
  VideoDeviceInfo,
  VideoEffectProcessor,
  VideoEffectsFeature,
  VideoStreamRenderer,
  VideoStreamRendererView,
} from '@azure/communication-calling';
import { CallingEffects, EFFECT_START_TIMEOUT_MS, type CallingEffectsSdk } from '../../src/services/acs/calling-effects.js';
import { isAcsError } from '../../src/core/errors.js';
import { Emitter } from './acs-fakes.js';

type VideoMode = 'works' | 'disabled' | 'silent';

class FakeBlur implements BackgroundBlurEffect {
  readonly name = 'BackgroundBlur' as const;
  constructor(private readonly supported: () => boolean) {}
  async isSupported(): Promise<boolean> {
    return this.supported();
  }
  async configure(): Promise<void> {}
}

class FakeReplacement implements BackgroundReplacementEffect {
  readonly name = 'BackgroundReplacement' as const;
  constructor(readonly url: string) {}
  async isSupported(): Promise<boolean> {
    return true;
  }
  async configure(): Promise<void> {}
}

class FakeDeepNoise implements DeepNoiseSuppressionEffect {
  readonly name = 'DeepNoiseSuppression' as const;
  constructor(private readonly supported: () => boolean) {}
  async isSupported(): Promise<boolean> {
    return this.supported();
  }
}

class FakeVideoEffects
  extends Emitter
  implements Pick<VideoEffectsFeature, 'isSupported' | 'startEffects' | 'stopEffects' | 'activeEffects'>
{
  activeEffects: VideoEffectName[] = [];
  readonly started: VideoEffectProcessor[] = [];
  stops = 0;
  constructor(private readonly env: Env) {
    super();
  }
  async isSupported(): Promise<boolean> {
    return this.env.sdkVideo;
  }
  async startEffects(effect: VideoEffectProcessor): Promise<void> {
    this.started.push(effect);
    const mode = this.env.videoMode;
    if (mode === 'works') {
      this.activeEffects = [effect.name];
      queueMicrotask(() => this.emit('effectsStarted', [effect.name]));
    } else if (mode === 'disabled') {
      // What the SDK 2.0 did offline in Chromium: resolve with nothing active, then an error event.
      const error: VideoEffectErrorPayload = { code: 403, message: 'Video effects feature is currently disabled by Azure Communication Services.' };
      setImmediate(() => this.emit('effectsError', error));
    }
  }
  async stopEffects(): Promise<void> {
    this.stops++;
    this.activeEffects = [];
  }
}

class FakeAudioEffects
  extends Emitter
  implements Pick<AudioEffectsFeature, 'isSupported' | 'startEffects' | 'stopEffects' | 'activeEffects'>
{
  activeEffects: ActiveAudioEffects = { echoCancellation: [], noiseSuppression: [] };
  readonly started: AudioEffectsStartConfig[] = [];
  readonly stopped: AudioEffectsStopConfig[] = [];
  constructor(private readonly env: Env) {
    super();
  }
  async isSupported(effect: Parameters<AudioEffectsFeature['isSupported']>[0]): Promise<boolean> {
    return effect === 'BrowserNoiseSuppression' ? this.env.browserNoise : this.env.sdkDeepNoise;
  }
  async startEffects(config: AudioEffectsStartConfig): Promise<void> {
    this.started.push(config);
    const ns = config.noiseSuppression;
    if (this.env.audioWorks && ns) this.activeEffects = { ...this.activeEffects, noiseSuppression: [typeof ns === 'string' ? ns : ns.name] };
  }
  async stopEffects(config: AudioEffectsStopConfig): Promise<void> {
    this.stopped.push(config);
    this.activeEffects = { ...this.activeEffects, noiseSuppression: [] };
  }
}

interface Env {
  hasCamera: boolean;
  packageVideo: boolean;
  sdkVideo: boolean;
  videoMode: VideoMode;
  packageDeepNoise: boolean;
  sdkDeepNoise: boolean;
  browserNoise: boolean;
  audioWorks: boolean;
}

const VideoEffects = { kind: 'VideoEffects' };
const AudioEffects = { kind: 'AudioEffects' };

class FakeLocalVideoStream implements Pick<LocalVideoStream, 'dispose'> {
  disposed = false;
  constructor(
    readonly source: unknown,
    readonly effects: FakeVideoEffects,
  ) {}
  feature(factory: unknown): FakeVideoEffects {
    assert.equal(factory, VideoEffects);
    return this.effects;
  }
  dispose(): void {
    this.disposed = true;
  }
}

class FakeRenderer implements Pick<VideoStreamRenderer, 'createView' | 'dispose'> {
  disposed = false;
  viewDisposed = false;
  constructor(readonly stream: unknown) {}
  async createView(): Promise<VideoStreamRendererView> {
    return {
      scalingMode: 'Crop',
      isMirrored: false,
      target: { tagName: 'DIV' } as unknown as HTMLElement,
      updateScalingMode: async () => undefined,
      dispose: () => {
        this.viewDisposed = true;
      },
    } satisfies VideoStreamRendererView;
  }
  dispose(): void {
    this.disposed = true;
  }
}

const fakeCamera: VideoDeviceInfo = { id: 'camera:cam-1', name: 'fake_device_0', deviceType: 'UsbCamera' };
const fakeMicrophone: AudioDeviceInfo = { id: 'microphone:mic-1', name: 'Fake mic', deviceType: 'Microphone', isSystemDefault: true };

/** A stand-in for the setup screen's DOM MediaStream: the adapter reads its camera's device id, nothing else. */
const fakeMediaStream = (stopped: string[], label: string, deviceId = 'cam-1') =>
  ({
    getTracks: () => [{ stop: () => stopped.push(label) }],
    getVideoTracks: () => [{ getSettings: () => ({ deviceId }), stop: () => stopped.push(label) }],
  }) as unknown as MediaStream;

function setup(overrides: Partial<Env> = {}) {
  const env: Env = {
    hasCamera: true,
    packageVideo: true,
    sdkVideo: true,
    videoMode: 'works',
    packageDeepNoise: true,
    sdkDeepNoise: true,
    browserNoise: true,
    audioWorks: true,
    ...overrides,
  };
  const video = new FakeVideoEffects(env);
  const audio = new FakeAudioEffects(env);
  const streams: FakeLocalVideoStream[] = [];
  const renderers: FakeRenderer[] = [];
  const replacements: FakeReplacement[] = [];
  const cameraAsked: Array<string | undefined> = [];
  const timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  const sdk: CallingEffectsSdk = {
    Features: { VideoEffects, AudioEffects } as unknown as CallingEffectsSdk['Features'],
    createLocalVideoStream: (source) => {
      const stream = new FakeLocalVideoStream(source, video);
      streams.push(stream);
      return stream as unknown as LocalVideoStream;
    },
    createLocalAudioStream: () =>
      ({
        feature: (factory: unknown) => {
          assert.equal(factory, AudioEffects);
          return audio;
        },
      }) as unknown as LocalAudioStream,
    createRenderer: (stream) => {
      const renderer = new FakeRenderer(stream);
      renderers.push(renderer);
      return renderer as unknown as VideoStreamRenderer;
    },
    createBlur: () => new FakeBlur(() => env.packageVideo),
    createReplacement: (url) => {
      const replacement = new FakeReplacement(url);
      replacements.push(replacement);
      return replacement;
    },
    createNoiseSuppression: () => new FakeDeepNoise(() => env.packageDeepNoise),
  };
  const effects = new CallingEffects(sdk, {
    backgroundUrl: async (image) => `blob:test/${image}`,
    camera: async (deviceId) => {
      cameraAsked.push(deviceId);
      return env.hasCamera ? fakeCamera : undefined;
    },
    microphone: async () => fakeMicrophone,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  const camera = () => new FakeLocalVideoStream(fakeCamera, video) as unknown as LocalVideoStream;
  const microphone = () => sdk.createLocalAudioStream(fakeMicrophone);
  return { env, effects, video, audio, streams, renderers, replacements, cameraAsked, timers, camera, microphone };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

describe('CallingEffects: support', () => {
  it('says "browser" when the effects package refuses this browser, without asking the SDK', async () => {
    const { effects, streams } = setup({ packageVideo: false });
    assert.deepEqual(await effects.support(), { video: false, videoReason: 'browser', noiseSuppression: true });
    assert.equal(streams.length, 0);
  });

  it('says "service" when the package accepts the browser but the SDK feature refuses (seen offline)', async () => {
    const { effects, streams } = setup({ sdkVideo: false });
    assert.deepEqual(await effects.support(), { video: false, videoReason: 'service', noiseSuppression: true });
    // The probe is a LocalVideoStream on a camera device (never a MediaStream), disposed after.
    assert.equal(streams.length, 1);
    assert.equal(streams[0]?.source, fakeCamera);
    assert.equal(streams[0]?.disposed, true);
  });

  it('says "browser" without a camera to ask about', async () => {
    const { effects } = setup({ hasCamera: false });
    assert.deepEqual(await effects.support(), { video: false, videoReason: 'browser', noiseSuppression: true });
  });

  it('supports video when both agree; noise suppression falls back to the browser\'s, else none', async () => {
    assert.deepEqual(await setup().effects.support(), { video: true, noiseSuppression: true });
    assert.equal((await setup({ sdkDeepNoise: false }).effects.support()).noiseSuppression, true);
    assert.equal((await setup({ packageDeepNoise: false, browserNoise: false }).effects.support()).noiseSuppression, false);
  });

  it('asks once', async () => {
    const { effects, streams } = setup();
    await effects.support();
    await effects.support();
    assert.equal(streams.length, 1);
  });
});

describe('CallingEffects: video effects on a LocalVideoStream', () => {
  it('starts blur and resolves once it is active, leaving no listener behind', async () => {
    const { effects, video, camera, timers } = setup();
    await effects.applyVideo(camera(), 'blur');
    assert.deepEqual(video.started.map((effect) => effect.name), ['BackgroundBlur']);
    assert.deepEqual(video.activeEffects, ['BackgroundBlur']);
    assert.equal(video.count(), 0);
    assert.equal(timers[0]?.ms, EFFECT_START_TIMEOUT_MS);
    assert.equal(timers[0]?.cancelled, true);
  });

  it('rejects when startEffects resolves but the SDK then reports effectsError (403 offline)', async () => {
    const { effects, video, camera } = setup({ videoMode: 'disabled' });
    const error = await rejection(effects.applyVideo(camera(), 'blur'));
    assert.ok(isAcsError(error));
    assert.equal(error.code, 'operation-failed');
    assert.match(error.message, /403 Video effects feature is currently disabled/);
    assert.equal(video.count(), 0);
  });

  it('rejects with "timed out" when the effect neither starts nor fails', async () => {
    const { effects, video, camera, timers } = setup({ videoMode: 'silent' });
    const pending = rejection(effects.applyVideo(camera(), 'blur'));
    await new Promise((resolve) => setImmediate(resolve));
    timers[0]?.run();
    const error = await pending;
    assert.ok(isAcsError(error));
    assert.match(error.message, /timed out/);
    assert.equal(video.count(), 0);
  });

  it('replaces the background with the built-in image\'s URL', async () => {
    const { effects, video, camera, replacements } = setup();
    await effects.applyVideo(camera(), 'image:sunset');
    assert.deepEqual(replacements.map((r) => r.url), ['blob:test/sunset']);
    assert.equal(video.started[0], replacements[0]);
    assert.deepEqual(video.activeEffects, ['BackgroundReplacement']);
  });

  it('"none" stops the active effect, and does nothing when none is active', async () => {
    const { effects, video, camera } = setup();
    await effects.applyVideo(camera(), 'none');
    assert.equal(video.stops, 0);
    await effects.applyVideo(camera(), 'blur');
    await effects.applyVideo(camera(), 'none');
    assert.equal(video.stops, 1);
    assert.deepEqual(video.activeEffects, []);
  });
});

describe('CallingEffects: noise suppression on a LocalAudioStream', () => {
  it('starts deep noise suppression where the SDK takes it', async () => {
    const { effects, audio, microphone } = setup();
    await effects.applyNoiseSuppression(microphone(), true);
    const choice = audio.started[0]?.noiseSuppression;
    assert.equal(typeof choice === 'object' ? choice.name : choice, 'DeepNoiseSuppression');
    assert.deepEqual(audio.activeEffects.noiseSuppression, ['DeepNoiseSuppression']);
  });

  it('falls back to the browser\'s noise suppression', async () => {
    const { effects, audio, microphone } = setup({ sdkDeepNoise: false });
    await effects.applyNoiseSuppression(microphone(), true);
    assert.equal(audio.started[0]?.noiseSuppression, 'BrowserNoiseSuppression');
  });

  it('rejects, not recoverable, when neither is offered; rejects when nothing became active', async () => {
    const none = setup({ sdkDeepNoise: false, browserNoise: false });
    const error = await rejection(none.effects.applyNoiseSuppression(none.microphone(), true));
    assert.ok(isAcsError(error));
    assert.equal(error.recoverable, false);
    assert.equal(none.audio.started.length, 0);

    const inert = setup({ audioWorks: false });
    const silent = await rejection(inert.effects.applyNoiseSuppression(inert.microphone(), true));
    assert.ok(isAcsError(silent));
    assert.match(silent.message, /did not start/);
  });

  it('turns it off with stopEffects({noiseSuppression: true})', async () => {
    const { effects, audio, microphone } = setup();
    const mic = microphone();
    await effects.applyNoiseSuppression(mic, true);
    await effects.applyNoiseSuppression(mic, false);
    assert.deepEqual(audio.stopped, [{ noiseSuppression: true }]);
  });
});

describe('CallingEffects: the SDK-rendered preview', () => {
  let stopped: string[];
  beforeEach(() => {
    stopped = [];
  });

  it('opens the source\'s camera as a LocalVideoStream, applies the effect, renders it, and stop disposes all of it', async () => {
    const { effects, video, streams, renderers, cameraAsked } = setup();
    const source = fakeMediaStream(stopped, 'camera', 'cam-1');
    const preview = await effects.preview(source, 'blur');
    assert.deepEqual(cameraAsked, ['cam-1']);
    assert.equal(streams[0]?.source, fakeCamera);
    assert.deepEqual(video.activeEffects, ['BackgroundBlur']);
    assert.equal(renderers[0]?.stream, streams[0]);
    await preview.setEffect('image:office');
    assert.deepEqual(video.activeEffects, ['BackgroundReplacement']);
    preview.stop();
    preview.view.dispose();
    assert.equal(renderers[0]?.viewDisposed, true);
    assert.equal(renderers[0]?.disposed, true);
    assert.equal(streams[0]?.disposed, true);
    // The source (the setup screen's camera) is not the adapter's to stop.
    assert.deepEqual(stopped, []);
  });

  it('disposes the stream and renders nothing when the effect fails', async () => {
    const { effects, streams, renderers } = setup({ videoMode: 'disabled' });
    await rejection(effects.preview(fakeMediaStream(stopped, 'camera'), 'blur'));
    assert.equal(streams[0]?.disposed, true);
    assert.equal(renderers.length, 0);
  });
});
