/**
 * The loopback chat transport and the Chat REST emulator in a real browser: the chat SDK talks to
 * the http emulator cross-origin (CORS preflights included), and realtime notifications fail fast
 * against it, as docs/emulator.md says.
 */
import { expect } from '@open-wc/testing';
import { emulatorPath, emulatorUrl } from './helpers/emulator.js';
import { chatClientOptionsFor } from '../../src/services/acs/chat-transport.js';

interface TokenResponse {
  token: string;
  userId: string;
  endpoint: string;
  emulator: boolean;
}

async function token(): Promise<TokenResponse> {
  const response = await fetch(emulatorPath('api/token'));
  expect(response.status).to.equal(200);
  return (await response.json()) as TokenResponse;
}

describe('chat SDK + loopback transport against the emulator (browser)', () => {
  it('creates a thread, sends, edits and lists messages over http cross-origin', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const { ChatClient } = await import('@azure/communication-chat');
    const { AzureCommunicationTokenCredential } = await import('@azure/communication-common');
    const me = await token();
    expect(me.endpoint).to.equal(emulatorUrl());
    expect(new URL(me.endpoint).origin).to.not.equal(location.origin);

    const client = new ChatClient(me.endpoint, new AzureCommunicationTokenCredential(me.token), chatClientOptionsFor(me.endpoint));
    const created = await client.createChatThread({ topic: 'Browser' });
    const thread = client.getChatThreadClient(created.chatThread!.id);
    const { id } = await thread.sendMessage({ content: 'from Chromium' }, { senderDisplayName: 'Ada' });
    await thread.updateMessage(id, { content: 'from Chromium (edited)' });
    const messages = [];
    for await (const m of thread.listMessages({ maxPageSize: 1 })) messages.push(m);
    const mine = messages.find((m) => m.id === id);
    expect(mine?.content?.message).to.equal('from Chromium (edited)');
    expect(mine?.senderDisplayName).to.equal('Ada');
    expect(messages.map((m) => m.type)).to.include.members(['text', 'topicUpdated', 'participantAdded']);
  });

  it('without the transport, the SDK refuses the http endpoint', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const { ChatClient } = await import('@azure/communication-chat');
    const { AzureCommunicationTokenCredential } = await import('@azure/communication-common');
    const me = await token();
    const client = new ChatClient(me.endpoint, new AzureCommunicationTokenCredential(me.token), { retryOptions: { maxRetries: 0 } });
    let error: unknown;
    try {
      await client.createChatThread({ topic: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/non-TLS|https/i);
  });

  it('startRealtimeNotifications rejects fast against the emulator', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const { ChatClient } = await import('@azure/communication-chat');
    const { AzureCommunicationTokenCredential } = await import('@azure/communication-common');
    const me = await token();
    const client = new ChatClient(me.endpoint, new AzureCommunicationTokenCredential(me.token), chatClientOptionsFor(me.endpoint));
    const started = performance.now();
    let error: unknown;
    try {
      await client.startRealtimeNotifications();
    } catch (e) {
      error = e;
    }
    const elapsed = performance.now() - started;
    expect(error, 'start() should reject').to.be.instanceOf(Error);
    expect(elapsed).to.be.below(5000);
    console.log(`[realtime] rejected after ${Math.round(elapsed)} ms: ${String((error as Error).message).slice(0, 200)}`);
  });
});
