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
import { CallingEffects, type CallingEffectsSdk } from './calling-effects.js';

function probeVideo(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  canvas.getContext('2d')?.fillRect(0, 0, 16, 16);
  return canvas.captureStream(1);
}

function probeAudio(): MediaStream {
  const context = new AudioContext();
  const stream = context.createMediaStreamDestination().stream;
  // The tracks outlive nothing: stopping them (the adapter does) is all the context needs.
  void context.close().catch(() => undefined);
  return stream;
}

export const callingEffectsSdk: CallingEffectsSdk = {
  Features,
  createLocalVideoStream: (source) => new LocalVideoStream(source),
  createLocalAudioStream: (source) => new LocalAudioStream(source),
  createRenderer: (stream) => new VideoStreamRenderer(stream),
  createBlur: () => new BackgroundBlurEffect(),
  createReplacement: (backgroundImageUrl) => new BackgroundReplacementEffect({ backgroundImageUrl }),
  createNoiseSuppression: () => new DeepNoiseSuppressionEffect(),
  probeVideo,
  probeAudio,
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

export function createCallingEffects(): CallingEffects {
  return new CallingEffects(callingEffectsSdk, { backgroundUrl });
}
