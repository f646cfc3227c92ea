/**
 * The real-SDK meeting adapter with effects (src/services/acs/meeting-service.ts → the effects
 * adapter, injected): the setup screen's effect goes on the camera stream before the join sends it,
 * a failing effect does not stop the join (the snapshot says 'none'), setVideoEffect in the call
 * applies to the local stream and reverts on failure, and noise suppression goes on the call's
 * microphone once connected. The adapter itself is tested in acs-effects.node.test.ts.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalAudioStream, LocalVideoStream } from '@azure/communication-calling';
import { AcsError, isAcsError } from '../../src/core/errors.js';
import type { JoinOptions } from '../../src/services/meeting-service.js';
import type { VideoEffect } from '../../src/services/video-effects.js';
import type { CallingEffects } from '../../src/services/acs/calling-effects.js';
import { type AcsMeetingService, createAcsMeetingService } from '../../src/services/acs/meeting-service.js';
import { createFakeSdk, fakeSession, type FakeCall, type FakeSdk } from './acs-fakes.js';

const LINK = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d';

class FakeEffects implements Pick<CallingEffects, 'applyVideo' | 'applyNoiseSuppression'> {
  readonly video: Array<{ stream: LocalVideoStream; effect: VideoEffect }> = [];
  readonly noise: Array<{ stream: LocalAudioStream; on: boolean }> = [];
  failVideo = false;
  async applyVideo(stream: LocalVideoStream, effect: VideoEffect): Promise<void> {
    this.video.push({ stream, effect });
    if (this.failVideo) throw new AcsError('operation-failed', 'The background effect did not start: 403/46150', { recoverable: true });
  }
  async applyNoiseSuppression(stream: LocalAudioStream, on: boolean): Promise<void> {
    this.noise.push({ stream, on });
  }
}

const open: AcsMeetingService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((service) => service.dispose()));
});

async function setup(): Promise<{ sdk: FakeSdk; service: AcsMeetingService; effects: FakeEffects; loads: number[] }> {
  const sdk = createFakeSdk();
  const effects = new FakeEffects();
  const loads: number[] = [];
  const service = await createAcsMeetingService(
    { session: fakeSession('8:acs:res_self'), identity: 'acs' },
    {
      sdk,
      joinTimeoutMs: 60_000,
      disposeGraceMs: 0,
      loadEffects: async () => {
        loads.push(1);
        return effects as unknown as CallingEffects;
      },
    },
  );
  open.push(service);
  return { sdk, service, effects, loads };
}

async function join(harness: { sdk: FakeSdk; service: AcsMeetingService }, options: Partial<JoinOptions>): Promise<FakeCall> {
  await harness.service.join({ locator: { meetingLink: LINK }, displayName: 'Ada', muted: false, cameraOn: true, devices: {}, ...options });
  const call = harness.sdk.client.agents[0]?.calls[0];
  if (!call) throw new Error('no call');
  return call;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AcsMeetingService with effects', () => {
  it('puts the setup screen\'s effect on the camera stream the join sends', async () => {
    const harness = await setup();
    const call = await join(harness, { videoEffect: 'blur' });
    const sent = call.joinOptions?.videoOptions?.localVideoStreams?.[0];
    assert.ok(sent);
    assert.deepEqual(harness.effects.video, [{ stream: sent, effect: 'blur' }]);
    assert.equal(harness.service.getState().videoEffect, 'blur');
  });

  it('loads nothing for "none" and no noise suppression', async () => {
    const harness = await setup();
    const call = await join(harness, {});
    call.setState('Connected');
    await settle();
    assert.deepEqual(harness.loads, []);
  });

  it('joins anyway when the effect fails, and the snapshot says "none"', async () => {
    const harness = await setup();
    harness.effects.failVideo = true;
    const call = await join(harness, { videoEffect: 'image:sunset' });
    assert.ok(call.joinOptions?.videoOptions?.localVideoStreams?.[0]);
    assert.equal(harness.service.getState().videoEffect, 'none');
  });

  it('setVideoEffect applies to the local stream in the call, and reverts and rejects on failure', async () => {
    const harness = await setup();
    const call = await join(harness, {});
    call.setState('Connected');
    const stream = call.joinOptions?.videoOptions?.localVideoStreams?.[0];
    await harness.service.setVideoEffect('image:office');
    assert.deepEqual(harness.effects.video, [{ stream, effect: 'image:office' }]);
    assert.equal(harness.service.getState().videoEffect, 'image:office');

    harness.effects.failVideo = true;
    await assert.rejects(harness.service.setVideoEffect('blur'), (error) => isAcsError(error) && error.code === 'operation-failed');
    assert.equal(harness.service.getState().videoEffect, 'image:office');
  });

  it('without a camera, keeps the effect for the next camera start without loading anything', async () => {
    const harness = await setup();
    await harness.service.setVideoEffect('blur');
    assert.equal(harness.service.getState().videoEffect, 'blur');
    assert.deepEqual(harness.loads, []);
  });

  it('puts noise suppression on the call\'s microphone once connected, once', async () => {
    const harness = await setup();
    const call = await join(harness, { noiseSuppression: true, cameraOn: false });
    assert.deepEqual(harness.effects.noise, []);
    call.setState('Connected');
    await settle();
    call.setState('Connected');
    await settle();
    assert.deepEqual(harness.effects.noise, [{ stream: call.localAudioStreams[0], on: true }]);
    assert.equal(harness.service.getState().noiseSuppression, true);

    await harness.service.setNoiseSuppression(false);
    assert.deepEqual(harness.effects.noise.at(-1), { stream: call.localAudioStreams[0], on: false });
    assert.equal(harness.service.getState().noiseSuppression, false);
  });
});
