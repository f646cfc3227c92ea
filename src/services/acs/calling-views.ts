/**
 * Video rendering shared by the meeting and the 1:1 call adapters: the renderers behind
 * `createView(streamId)`, and the local camera stream (whose views go when it goes).
 * Type-only SDK imports: renderers come from the injected `CallingSdk`.
 */
import type { LocalVideoStream, RemoteVideoStream, VideoStreamRenderer } from '@azure/communication-calling';
import type { VideoView } from '../video-view.js';
import { mediaError, wrap } from './calling-errors.js';
import type { StreamIds } from './calling-participants.js';
import type { AnyCall, CallingSdk } from './calling-types.js';

interface RenderedView {
  streamId: string;
  renderer: VideoStreamRenderer;
}

/** Every renderer handed out by `createView`, so a stream that goes (or dispose) takes its views. */
export class VideoViews {
  private readonly views = new Set<RenderedView>();

  constructor(private readonly sdk: CallingSdk) {}

  /** A cropped view of the stream (mirrored for the local camera); the caller disposes it. */
  async create(streamId: string, stream: LocalVideoStream | RemoteVideoStream, mirrored: boolean): Promise<VideoView> {
    const renderer = this.sdk.createRenderer(stream);
    const entry: RenderedView = { streamId, renderer };
    this.views.add(entry);
    try {
      const view = await renderer.createView({ scalingMode: 'Crop', isMirrored: mirrored });
      return { element: view.target, dispose: () => this.disposeView(entry) };
    } catch (error) {
      this.disposeView(entry);
      throw wrap('operation-failed', error, undefined, true);
    }
  }

  /** Disposes the views of the streams `match` picks. */
  disposeWhere(match: (streamId: string) => boolean): void {
    for (const view of [...this.views]) if (match(view.streamId)) this.disposeView(view);
  }

  disposeAll(): void {
    this.disposeWhere(() => true);
  }

  private disposeView(entry: RenderedView): void {
    if (!this.views.delete(entry)) return;
    try {
      entry.renderer.dispose();
    } catch {
      // The SDK disposes renderers of streams that went away.
    }
  }
}

/** The local camera stream and its id; releasing it disposes its views and the stream. */
export class LocalVideo {
  private current?: LocalVideoStream;
  private currentId?: string;

  constructor(
    private readonly views: VideoViews,
    private readonly streamIds: StreamIds,
  ) {}

  get stream(): LocalVideoStream | undefined {
    return this.current;
  }

  get id(): string | undefined {
    return this.currentId;
  }

  /** Makes `stream` the local camera stream and gives it its id. */
  adopt(stream: LocalVideoStream): LocalVideoStream {
    this.current = stream;
    this.currentId = this.streamIds.idFor(stream, 'local');
    return stream;
  }

  /** Starts sending this stream on the call unless it already sends video; failures are media errors. */
  async startOn(call: AnyCall | undefined, stream: LocalVideoStream): Promise<void> {
    if (!call || call.isLocalVideoStarted) return;
    try {
      await call.startVideo(stream);
    } catch (error) {
      throw mediaError(error);
    }
  }

  /** Stops sending the local stream on the call if it is sending video; failures are media errors. */
  async stopOn(call: AnyCall | undefined): Promise<void> {
    const stream = this.current;
    if (!call || !stream || !call.isLocalVideoStarted) return;
    try {
      await call.stopVideo(stream);
    } catch (error) {
      throw mediaError(error);
    }
  }

  release(): void {
    const stream = this.current;
    if (!stream) return;
    const id = this.currentId;
    this.views.disposeWhere((streamId) => streamId === id);
    this.current = undefined;
    this.currentId = undefined;
    try {
      stream.dispose();
    } catch {
      // Already disposed by the SDK at the end of the call.
    }
  }
}
