/**
 * The real modules behind `CallingEffectsSdk`: @azure/communication-calling (already loaded by the
 * meeting) and @azure/communication-calling-effects (12 MB of models and WASM, inlined as data:
 * URLs: nothing is fetched from a CDN). Reached only through `import('./calling-effects-sdk.js')`
 * when the user opens the effects picker, so the package is a chunk of its own.
 */
import { Features, LocalAudioStream, LocalVideoStream, VideoStreamRenderer } from '@azure/communication-calling';
import { BackgroundBlurEffect, BackgroundReplacementEffect, DeepNoiseSuppressionEffect } from '@azure/communication-calling-effects';
import { backgroundBlob } from '../effect-backgrounds.js';
import type { BackgroundImage } from '../video-effects.js';
import { CallingEffects, type CallingEffectsOptions, type CallingEffectsSdk } from './calling-effects.js';

export const callingEffectsSdk: CallingEffectsSdk = {
  Features,
  createLocalVideoStream: (camera) => new LocalVideoStream(camera),
  createLocalAudioStream: (microphone) => new LocalAudioStream(microphone),
  createRenderer: (stream) => new VideoStreamRenderer(stream),
  createBlur: () => new BackgroundBlurEffect(),
  createReplacement: (backgroundImageUrl) => new BackgroundReplacementEffect({ backgroundImageUrl }),
  createNoiseSuppression: () => new DeepNoiseSuppressionEffect(),
};

const urls = new Map<BackgroundImage, Promise<string>>();

/** One `blob:` PNG per built-in background for the page's lifetime (a few hundred KB at most). */
function backgroundUrl(image: BackgroundImage): Promise<string> {
  let url = urls.get(image);
  if (!url) {
    url = backgroundBlob(image).then((blob) => URL.createObjectURL(blob));
    url.catch(() => urls.delete(image));
    urls.set(image, url);
  }
  return url;
}

/** The adapter, with the meeting's device manager behind `camera` and `microphone`. */
export function createCallingEffects(devices: Pick<CallingEffectsOptions, 'camera' | 'microphone'>): CallingEffects {
  return new CallingEffects(callingEffectsSdk, { backgroundUrl, ...devices });
}
