export { until, settle } from '../../helpers/until.js';

/**
 * Waits for `count` animation frames: after a scroll or a size change, the scroll events, resize
 * observers and layout of the next frame have run. For "the browser has rendered", not a guessed delay.
 */
export async function frames(count = 2): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
}

/** Records every MediaStreamTrack getUserMedia hands out, to check they are all stopped. */
export function trackRecorder() {
  const tracks: MediaStreamTrack[] = [];
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
  return {
    tracks,
    restore: () => {
      navigator.mediaDevices.getUserMedia = original;
    },
  };
}
