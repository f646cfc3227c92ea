/**
 * The real @azure/communication-calling in headless Chromium, offline, with Chromium's fake devices:
 * device manager, permissions, device lists and a local camera preview that actually plays.
 */
import { expect } from '@open-wc/testing';
import type { VideoStreamRendererView } from '@azure/communication-calling';
import { until } from './helpers/wait.js';

describe('real calling SDK (offline, fake devices)', () => {
  it('lists fake devices and renders a local camera preview <video> that plays', async function (this: Mocha.Context) {
    // getDeviceManager() takes ~7 s offline: its configuration fetches fail and are retried.
    this.timeout(60_000);
    const { CallClient, LocalVideoStream, VideoStreamRenderer } = await import('@azure/communication-calling');
    const client = new CallClient();
    let renderer: InstanceType<typeof VideoStreamRenderer> | undefined;
    let view: VideoStreamRendererView | undefined;
    try {
      const devices = await client.getDeviceManager();
      const access = await devices.askDevicePermission({ audio: true, video: true });
      expect(access).to.deep.equal({ audio: true, video: true });

      const cameras = await devices.getCameras();
      expect(cameras.map((c) => c.name)).to.include('fake_device_0');
      const microphones = await devices.getMicrophones();
      expect(microphones.length).to.be.greaterThan(0);

      const camera = cameras.find((c) => c.name === 'fake_device_0') ?? cameras[0];
      if (!camera) throw new Error('no camera');
      renderer = new VideoStreamRenderer(new LocalVideoStream(camera));
      view = await renderer.createView();
      document.body.append(view.target);

      const video = view.target.querySelector('video');
      if (!video) throw new Error('the view has no <video>');
      await until(() => video.readyState >= 2 && video.videoWidth > 0, 'the preview to have frames', 20_000);
      const start = video.currentTime;
      await until(() => video.currentTime > start, 'the preview time to advance', 10_000);
      expect(video.paused).to.equal(false);
      expect(video.videoWidth).to.be.greaterThan(0);
      expect(video.videoHeight).to.be.greaterThan(0);
    } finally {
      // Renderer first (it holds the camera stream), then the client; no call exists, so the
      // dispose-while-connecting trap of the SDK does not apply.
      view?.dispose();
      renderer?.dispose();
      view?.target.remove();
      await client.dispose();
    }
  });
});
