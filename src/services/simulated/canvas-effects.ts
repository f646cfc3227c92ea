/**
 * The emulator's background effects: a real canvas pipeline on the local camera. Each frame of the
 * camera is drawn on a canvas with the effect, and the canvas becomes a MediaStream again
 * (`captureStream`), so the preview and the meeting's self view show processed video.
 *
 * No person segmentation here (that is the SDK's machine-learning model, in
 * @azure/communication-calling-effects): "blur" blurs the whole frame except a fixed oval in the
 * middle, where a person facing a webcam usually is; a background image fills the frame around the
 * same oval. Honest about it in the README; what it exercises is the UI path and the media plumbing.
 */
import { drawBackground } from '../effect-backgrounds.js';
import { backgroundOf, type EffectPreview, type EffectsSupport, type VideoEffect, type VideoEffectsEngine } from '../video-effects.js';
import { createLocalView } from './synthetic-video.js';

const MAX_WIDTH = 1280;
const DEFAULT_FPS = 24;

/** Canvas filters and captureStream: without both, there is nothing to draw effects with. */
export function canvasEffectsSupport(): EffectsSupport {
  const canvas = typeof HTMLCanvasElement === 'undefined' ? undefined : HTMLCanvasElement.prototype;
  const context = typeof CanvasRenderingContext2D === 'undefined' ? undefined : CanvasRenderingContext2D.prototype;
  const video = Boolean(canvas && typeof canvas.captureStream === 'function' && context && 'filter' in context);
  // The emulator's microphone is the browser's: its built-in noise suppression is a constraint.
  const noiseSuppression = Boolean(typeof navigator !== 'undefined' && navigator.mediaDevices?.getSupportedConstraints?.().noiseSuppression);
  return video ? { video, noiseSuppression } : { video, videoReason: 'browser', noiseSuppression };
}

/** A processed copy of `source`'s video track with an effect; `stop()` leaves the source running. */
export class CanvasEffect {
  readonly stream: MediaStream;
  #effect: VideoEffect;
  readonly #video = document.createElement('video');
  readonly #canvas = document.createElement('canvas');
  readonly #context: CanvasRenderingContext2D;
  #timer?: ReturnType<typeof setInterval>;
  #stopped = false;

  constructor(source: MediaStream, effect: VideoEffect, fps = DEFAULT_FPS) {
    const context = this.#canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas');
    this.#context = context;
    this.#effect = effect;
    this.#canvas.width = 640;
    this.#canvas.height = 360;
    this.#video.muted = true;
    this.#video.playsInline = true;
    this.#video.srcObject = new MediaStream(source.getVideoTracks());
    void this.#video.play().catch(() => undefined);
    this.stream = this.#canvas.captureStream(fps);
    this.#timer = setInterval(() => this.#draw(), 1000 / fps);
  }

  get effect(): VideoEffect {
    return this.#effect;
  }

  setEffect(effect: VideoEffect): void {
    this.#effect = effect;
    this.#draw();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const track of this.stream.getTracks()) track.stop();
    this.#video.pause();
    this.#video.srcObject = null;
  }

  #draw(): void {
    const video = this.#video;
    if (this.#stopped || video.readyState < 2 || !video.videoWidth) return;
    const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    if (this.#canvas.width !== width || this.#canvas.height !== height) {
      this.#canvas.width = width;
      this.#canvas.height = height;
    }
    const context = this.#context;
    const image = backgroundOf(this.#effect);
    if (this.#effect === 'none') {
      context.drawImage(video, 0, 0, width, height);
      return;
    }
    if (image) {
      drawBackground(context, image, width, height);
    } else {
      // Sharp first, so the blur's transparent edge samples do not darken the border.
      context.drawImage(video, 0, 0, width, height);
      context.filter = `blur(${Math.max(4, Math.round(width / 60))}px)`;
      context.drawImage(video, 0, 0, width, height);
      context.filter = 'none';
    }
    // The person: a fixed oval in the middle of the frame stays as the camera sees it.
    context.save();
    context.beginPath();
    context.ellipse(width / 2, height * 0.58, width * 0.22, height * 0.46, 0, 0, Math.PI * 2);
    context.clip();
    context.drawImage(video, 0, 0, width, height);
    context.restore();
  }
}

/** The engine the simulated meeting service hands the effects picker. */
export const canvasEffectsEngine: VideoEffectsEngine = {
  support: () => Promise.resolve(canvasEffectsSupport()),
  preview(source: MediaStream, effect: VideoEffect): Promise<EffectPreview> {
    try {
      const processed = new CanvasEffect(source, effect);
      const view = createLocalView(processed.stream, 'camera');
      return Promise.resolve({
        view,
        setEffect: (next: VideoEffect) => Promise.resolve(processed.setEffect(next)),
        stop: () => {
          view.dispose();
          processed.stop();
        },
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  },
};
