/**
 * The one video type every seam shares: `createView(streamId)` on a meeting or call service
 * returns a rendered element and its own `dispose()`. The element never sees an SDK renderer.
 */
export interface VideoView {
  element: HTMLElement;
  dispose(): void;
}
