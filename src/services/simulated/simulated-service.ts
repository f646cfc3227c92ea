/**
 * What the simulated meeting and call services share, as a base class: the token session and its
 * refresh over the emulator socket, the tracked views and the local camera, the views handed out by
 * `createView` (the local camera here, anything else from the service), "throw once disposed".
 */
import { AcsError } from '../../core/errors.js';
import type { TokenSession } from '../../core/token-source.js';
import { SnapshotService } from '../snapshot-store.js';
import type { VideoView } from '../video-view.js';
import { LocalCamera, TrackedViews, viewPromise } from './media.js';
import { createLocalView } from './synthetic-video.js';
import { TokenRefresh } from './token-refresh.js';

/** The snapshot fields the shared steps read and write. */
export interface LocalVideoSnapshot {
  cameraOn: boolean;
  localVideoStreamId?: string;
}

export abstract class SimulatedService<S extends LocalVideoSnapshot> extends SnapshotService<S> {
  protected readonly session: TokenSession;
  protected readonly tokenRefresh: TokenRefresh;
  protected readonly views = new TrackedViews();
  protected readonly camera = new LocalCamera(this.views);
  protected disposed = false;

  /** `noun` ("call", "meeting") names the service in the error once disposed. */
  constructor(
    initial: S,
    options: { session: TokenSession },
    private readonly noun: string,
  ) {
    super(initial);
    this.session = options.session;
    this.tokenRefresh = new TokenRefresh(options.session);
  }

  /** Live video views (each view of the camera holds its track), for leak checks. */
  get viewCount(): number {
    return this.views.size;
  }

  createView(streamId: string): Promise<VideoView> {
    return viewPromise(() => {
      this.assertAlive();
      const camera = this.camera.stream;
      const view = streamId === this.state.localVideoStreamId && camera ? createLocalView(this.localViewStream(camera), 'camera') : this.otherView(streamId);
      return this.views.track(view);
    });
  }

  /**
   * Releases the camera (and its views) and says so in the snapshot. True when a camera was on:
   * the server should hear of it.
   */
  protected turnCameraOff(): boolean {
    const had = Boolean(this.camera.stream);
    this.camera.release();
    const off: Partial<LocalVideoSnapshot> = { cameraOn: false, localVideoStreamId: undefined };
    this.store.set(off as Partial<S>);
    return had;
  }

  /** What a view of the local camera shows: the camera itself, unless a subclass processes it. */
  protected localViewStream(camera: MediaStream): MediaStream {
    return camera;
  }

  /** A view of a stream other than the local camera; throws `noSuchStream()` for one it does not know. */
  protected abstract otherView(streamId: string): VideoView;

  protected noSuchStream(): AcsError {
    return new AcsError('operation-failed', 'No such video stream', { recoverable: true });
  }

  protected assertAlive(): void {
    if (this.disposed) throw new AcsError('operation-failed', `The ${this.noun} service was disposed`);
  }
}
