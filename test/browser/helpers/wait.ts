/**
 * Polls until `condition` holds (it may return a promise); rejects naming `what` after `timeoutMs`.
 */
export async function until(condition: () => unknown, what: string, timeoutMs = 8000, pollMs = 30): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
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
