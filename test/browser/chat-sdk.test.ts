/**
 * The real @azure/communication-chat + -common load and run in the browser (the CommonJS
 * @azure/communication-signaling and `events` come through test/browser/shims/cjs-to-esm-plugin.mjs).
 */
import { expect } from '@open-wc/testing';

function base64url(value: object | string): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A well-formed (unsigned-for-real) ACS-style JWT that expires in an hour. */
function fakeJwt(): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: 'test' });
  const payload = base64url({
    skypeid: 'acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002',
    scp: 1792,
    resourceId: '00000000-0000-0000-0000-000000000001',
    iat: now,
    exp: now + 3600,
  });
  return `${header}.${payload}.${base64url('signature')}`;
}

describe('real chat SDK in the browser', () => {
  it('builds a ChatClient and thread client, and a request to a dead endpoint rejects', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const { ChatClient } = await import('@azure/communication-chat');
    const { AzureCommunicationTokenCredential } = await import('@azure/communication-common');

    const credential = new AzureCommunicationTokenCredential(fakeJwt());
    // Nothing listens on this loopback port: connection refused, no DNS, no waiting.
    const client = new ChatClient('https://127.0.0.1:65534/', credential, { retryOptions: { maxRetries: 0 } });
    const thread = client.getChatThreadClient('19:x@thread.v2');
    expect(thread.threadId).to.equal('19:x@thread.v2');
    expect(typeof thread.sendMessage).to.equal('function');

    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      thread
        .listMessages({ maxPageSize: 1 })
        .next()
        .then(
          () => 'resolved',
          (error: unknown) => error,
        ),
      new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), 20_000))),
    ]);
    clearTimeout(timer);
    expect(outcome).to.be.instanceOf(Error);
    expect(performance.now() - started).to.be.lessThan(20_000);
    credential.dispose();
  });
});
