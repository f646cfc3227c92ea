/**
 * The SDK effects adapter (src/services/acs/calling-effects.ts) over the REAL modules:
 * @azure/communication-calling 2.0 and @azure/communication-calling-effects 1.3.2, offline in
 * headless Chromium with the fake camera. What the adapter reports about support must agree with
 * what actually happens when the effect is started. Seen here on 2026-11-29: the package accepts
 * the browser (WebGL2 through ANGLE/SwiftShader), the SDK's feature refuses ('service'), and
 * startEffects resolves with no active effect followed by effectsError 403/46150 "Video effects
 * feature is currently disabled by Azure Communication Services"; noise suppression: neither deep
 * nor the browser's is offered. Where the SDK does run effects, the test checks they are active.
 * Streams come from the device manager's camera and microphone: the SDK refuses effects on a
 * LocalVideoStream made from a MediaStream ("Current source is unsupported to use effects").
 */
import { expect } from '@open-wc/testing';
import { isAcsError } from '../../src/core/errors.js';
import { CLIENT_DISPOSE_GRACE_MS } from '../../src/services/acs/meeting-service.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('real calling effects (offline, headless Chromium)', () => {
  it('reports support that matches what starting blur and noise suppression actually does', async function (this: Mocha.Context) {
    // The effects package is 12 MB of unbundled modules under the dev server (~20 s to import).
    this.timeout(120_000);
    const { CallClient, LocalVideoStream, LocalAudioStream, Features } = await import('@azure/communication-calling');
    const { createCallingEffects } = await import('../../src/services/acs/calling-effects-sdk.js');
    const client = new CallClient();
    try {
      // getDeviceManager() takes ~7 s offline (its configuration fetches fail and are retried).
      const devices = await client.getDeviceManager();
      await devices.askDevicePermission({ audio: true, video: true });
      const [cameraInfo] = await devices.getCameras();
      const [microphoneInfo] = await devices.getMicrophones();
      if (!cameraInfo || !microphoneInfo) throw new Error('no fake devices');
      const effects = createCallingEffects({ camera: async () => cameraInfo, microphone: async () => microphoneInfo });
      const support = await effects.support();
      console.log('calling effects support here:', JSON.stringify(support));

      expect(support.videoReason, 'the probe must not fail').to.not.equal('failed');
      const camera = new LocalVideoStream(cameraInfo);
      const feature = camera.feature(Features.VideoEffects);
      const video = await rejection(effects.applyVideo(camera, 'blur'));
      if (support.video) {
        expect(video, String(video)).to.equal(undefined);
        expect(feature.activeEffects).to.include('BackgroundBlur');
        await effects.applyVideo(camera, 'none');
        expect(feature.activeEffects).to.deep.equal([]);
      } else {
        expect(support.videoReason).to.be.oneOf(['browser', 'service']);
        expect(isAcsError(video), String(video)).to.equal(true);
        expect(feature.activeEffects).to.deep.equal([]);
        console.log('blur on the real SDK:', (video as Error).message);
      }

      const microphone = new LocalAudioStream(microphoneInfo);
      const noise = await rejection(effects.applyNoiseSuppression(microphone, true));
      if (support.noiseSuppression) {
        expect(noise, String(noise)).to.equal(undefined);
        expect(microphone.feature(Features.AudioEffects).activeEffects.noiseSuppression.length).to.be.greaterThan(0);
      } else {
        expect(isAcsError(noise) && noise.recoverable === false, String(noise)).to.equal(true);
      }
      camera.dispose();
    } finally {
      // The SDK throws an unhandled `updateDevices` TypeError when the client is disposed within
      // ~2 s of a media change (ACS-FACTS; CLIENT_DISPOSE_GRACE_MS in the meeting adapter).
      await new Promise((resolve) => setTimeout(resolve, CLIENT_DISPOSE_GRACE_MS));
      await client.dispose();
    }
  });
});
