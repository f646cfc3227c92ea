export { until, settle } from '../../helpers/until.js';

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
