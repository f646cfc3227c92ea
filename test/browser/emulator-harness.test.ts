/**
 * The harness itself: web-test-runner.config.mjs started the emulator, told the page its URL, and
 * the emulator lets this page's origin use the token endpoint and the control API cross-origin.
 */
import { expect } from '@open-wc/testing';
import { createMeeting, emulatorUrl } from './helpers/emulator.js';

describe('test harness: local emulator', () => {
  it('exposes the emulator URL to the page', () => {
    const url = new URL(emulatorUrl());
    expect(url.protocol).to.match(/^https?:$/);
    expect(url.hostname).to.equal('127.0.0.1');
    expect(url.origin).to.not.equal(location.origin);
  });

  it('lets the test page fetch a token cross-origin', async () => {
    const response = await fetch(new URL('api/token', emulatorUrl()));
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { token?: unknown };
    expect(body.token).to.be.a('string');
    expect(String(body.token).split('.')).to.have.length(3);
  });

  it('creates a meeting through the control API', async () => {
    const meeting = await createMeeting({});
    expect(meeting).to.be.an('object');
  });
});
