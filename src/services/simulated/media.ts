/**
 * Browser media shared by the simulated meeting and call services: stopping a stream, naming a
 * getUserMedia failure, the views handed out by `createView` (so dispose takes them all) and the
 * local camera.
 */
import { AcsError, type AcsErrorCode } from '../../core/errors.js';
import type { VideoView } from '../video-view.js';

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The AcsError code for a getUserMedia failure (its DOMException name). */
/** A view made synchronously, as the seam's promise: a throw becomes a rejection. */
export function viewPromise(make: () => VideoView): Promise<VideoView> {
  try {
    return Promise.resolve(make());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function mediaErrorCode(error: unknown): AcsErrorCode {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'media-permission-denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'media-no-device';
  return 'operation-failed';
}

/** The live views of a service: each forgets itself when disposed. */
export class TrackedViews {
  private readonly views = new Set<VideoView>();

  get size(): number {
    return this.views.size;
  }

  /** Wraps a view so disposing it also forgets it. */
  track(view: VideoView): VideoView {
    const tracked: VideoView = {
      element: view.element,
      dispose: () => {
        this.views.delete(tracked);
        view.dispose();
      },
    };
    this.views.add(tracked);
    return tracked;
  }

  /** Disposes the views `match` picks (all of them without one). */
  dispose(match: (view: VideoView) => boolean = () => true): void {
    for (const view of [...this.views]) if (match(view)) view.dispose();
  }
}

/**
 * The local camera of a simulated meeting or call: a real `getUserMedia` stream and its stream id
 * (a new id for each stream, as the real SDK gives). Releasing it disposes the views showing it
 * first (a view of a stopped stream would freeze on its last frame), then stops its tracks.
 */
export class LocalCamera {
  #stream?: MediaStream;
  #seq = 0;

  constructor(private readonly views: TrackedViews) {}

  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  /**
   * Opens the camera and returns the new stream's id. When `stillWanted()` is false once the
   * browser answers (the service was disposed, the call ended), the stream is stopped at once and
   * `operation-failed` thrown with `goneMessage`.
   */
  async start(deviceId: string | undefined, stillWanted: () => boolean, goneMessage: string): Promise<string> {
    if (!navigator.mediaDevices?.getUserMedia) throw new AcsError('media-no-device', 'This browser has no camera access', { recoverable: false });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true, audio: false });
    } catch (error) {
      throw new AcsError(mediaErrorCode(error), error instanceof Error ? `${error.name}: ${error.message}` : 'Camera failed', { recoverable: true, cause: error });
    }
    if (!stillWanted()) {
      stopStream(stream);
      throw new AcsError('operation-failed', goneMessage, { recoverable: true });
    }
    this.release();
    this.#stream = stream;
    return `local:camera:${++this.#seq}`;
  }

  /**
   * Takes over a camera stream that is already running (the setup preview's, at Join): no second
   * getUserMedia, so the camera does not stop and start again. Returns the stream's new id, or
   * undefined (and stops the stream) when it holds no live video track.
   */
  adopt(stream: MediaStream): string | undefined {
    const live = stream.getVideoTracks().filter((track) => track.readyState === 'live');
    if (live.length === 0) {
      stopStream(stream);
      return undefined;
    }
    this.release();
    // Only the video: a handed-over audio track would stay open with nobody to stop it.
    for (const track of stream.getAudioTracks()) track.stop();
    this.#stream = new MediaStream(live);
    return `local:camera:${++this.#seq}`;
  }

  /** Disposes the views of the camera, stops it and forgets it. */
  release(): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = undefined;
    this.views.dispose((view) => view.element instanceof HTMLVideoElement && view.element.srcObject === stream);
    stopStream(stream);
  }
}
