/**
 * Browser media shared by the simulated meeting and call services: stopping a stream, naming a
 * getUserMedia failure, and the views handed out by `createView` (so dispose takes them all).
 */
import type { AcsErrorCode } from '../../core/errors.js';
import type { VideoView } from '../video-view.js';

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The AcsError code for a getUserMedia failure (its DOMException name). */
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
