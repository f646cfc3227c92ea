/**
 * The seam for background effects and noise suppression, shared by both meeting backends: the real
 * SDK's adapter (`acs/calling-effects.ts`, over @azure/communication-calling's VideoEffects and
 * AudioEffects features and @azure/communication-calling-effects) and the emulator's twin
 * (`simulated/canvas-effects.ts`, a real canvas blur of the camera). Types only, plus the list of
 * choices: nothing here loads an SDK, so the setup screen and the picker can import it.
 */
import type { VideoView } from './video-view.js';

/** The built-in background images (drawn at run time by `effect-backgrounds.ts`, no files). */
export const BACKGROUND_IMAGES = ['office', 'shelves', 'sunset'] as const;
export type BackgroundImage = (typeof BACKGROUND_IMAGES)[number];

/** What the user picked: no effect, a blurred background, or one of the built-in backgrounds. */
export type VideoEffect = 'none' | 'blur' | `image:${BackgroundImage}`;

export const VIDEO_EFFECTS: readonly VideoEffect[] = ['none', 'blur', ...BACKGROUND_IMAGES.map((id) => `image:${id}` as const)];

export function isVideoEffect(value: unknown): value is VideoEffect {
  return typeof value === 'string' && (VIDEO_EFFECTS as readonly string[]).includes(value);
}

/** The image id of an `image:*` effect, else undefined. */
export function backgroundOf(effect: VideoEffect): BackgroundImage | undefined {
  return effect.startsWith('image:') ? (effect.slice('image:'.length) as BackgroundImage) : undefined;
}

/**
 * Why effects cannot run: `browser` (this browser lacks what they need: WebGL2 for the SDK's
 * effects; canvas filters and captureStream for the emulator's), `service` (the calling service
 * turned them off, e.g. the SDK's 403/46150 "Video effects feature is currently disabled"),
 * `failed` (they started and then failed).
 */
export type EffectsUnavailableReason = 'browser' | 'service' | 'failed';

export interface EffectsSupport {
  video: boolean;
  videoReason?: EffectsUnavailableReason;
  /** Deep (or the browser's) noise suppression on the microphone can be turned on. */
  noiseSuppression: boolean;
}

/** A processed copy of a camera: shows `effect` until `stop()`; the source keeps running. */
export interface EffectPreview {
  readonly view: VideoView;
  setEffect(effect: VideoEffect): Promise<void>;
  stop(): void;
}

/**
 * What a backend offers for effects, loaded only when the user opens the effects picker (the SDK
 * adapter pulls in the 12 MB effects package). Errors are AcsErrors with a stable code.
 */
export interface VideoEffectsEngine {
  /** What runs here; never rejects (an unknown answer is "not supported", with a reason). */
  support(): Promise<EffectsSupport>;
  /** A live preview of `effect` on `source` (a camera MediaStream, e.g. the setup screen's). */
  preview(source: MediaStream, effect: VideoEffect): Promise<EffectPreview>;
}
