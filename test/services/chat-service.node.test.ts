/**
 * AcsChatService with fake ChatClient/ChatThreadClient objects: the switch between polling and
 * realtime notifications (including the SDK's restart trap) never misses or doubles a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient, ChatThreadClient, ChatMessage as SdkMessage } from '@azure/communication-chat';
import { AcsChatService } from '../../src/services/acs/chat-service.js';
import { settle, until } from '../helpers/until.js';
import type { ChatServiceOptions } from '../../src/services/chat-service.js';

const SELF = '8:acs:self';
const TEAMS = { kind: 'microsoftTeamsUser', microsoftTeamsUserId: 'tom', rawId: '8:orgid:tom' };

class FakeServer {
  messages: SdkMessage[] = [];
  seq = 0;
  lists = 0;
  post(text: string): SdkMessage {
    const m = {
      id: String(++this.seq),
      type: 'text',
      sequenceId: String(this.seq),
      version: '1',
      content: { message: text },
      senderDisplayName: 'Tom',
      createdOn: new Date(),
      sender: TEAMS,
    } as unknown as SdkMessage;
    this.messages.push(m);
    return m;
  }
  thread(): ChatThreadClient {
    const list = (options: { maxPageSize?: number; startTime?: Date } = {}) => {
      this.lists++;
      const size = options.maxPageSize ?? 100;
      const matching = this.messages
        .filter((m) => !options.startTime || m.createdOn.getTime() >= options.startTime.getTime())
        .slice()
        .reverse();
      async function* pages(settings: { continuationToken?: string } = {}) {
        let offset = settings.continuationToken ? Number(settings.continuationToken) : 0;
        do {
          const page = matching.slice(offset, offset + size);
          offset += size;
          settings.continuationToken = offset < matching.length ? String(offset) : undefined;
          yield page;
        } while (settings.continuationToken);
      }
      return {
        byPage: (settings: { continuationToken?: string } = {}) => pages(settings),
        async *[Symbol.asyncIterator]() {
          for await (const page of pages({})) yield* page;
        },
      };
    };
    return {
      listMessages: list,
      listReadReceipts: () => ({ async *[Symbol.asyncIterator]() {} }),
      getProperties: async () => ({ topic: 'Topic' }),
      sendTypingNotification: async () => true,
      sendReadReceipt: async () => undefined,
    } as unknown as ChatThreadClient;
  }
}

type Handler = (event: unknown) => void;

class FakeClient {
  started = false;
  startCalls = 0;
  stopCalls = 0;
  handlers = new Map<string, Handler[]>();
  startResult: 'reject' | 'resolve' = 'reject';
  async startRealtimeNotifications() {
    this.startCalls++;
    if (this.started) return; // the SDK's trap: a second start is a no-op
    this.started = true;
    if (this.startResult === 'reject') throw new Error('config fetch failed');
  }
  async stopRealtimeNotifications() {
    this.stopCalls++;
    this.started = false;
    this.handlers.clear();
  }
  on(event: string, handler: Handler) {
    if (!this.started && !event.startsWith('realTimeNotification')) throw new Error('start first');
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  emit(event: string, payload?: unknown) {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }
}

function service(server: FakeServer, client: FakeClient, extra: Partial<ChatServiceOptions> = {}) {
  const options = {
    session: { current: async () => ({ token: 't', expiresOn: new Date(), emulator: true }), refresh: async () => ({ token: 't', expiresOn: new Date(), emulator: true }) },
    threadId: '19:x@thread.v2',
    endpoint: 'http://127.0.0.1:1/',
    pollIntervalMs: 20,
    ...extra,
  } as ChatServiceOptions;
  const thread = server.thread();
  return new AcsChatService(options, client as unknown as ChatClient, thread, thread, SELF);
}


function texts(chat: AcsChatService): string[] {
  return chat.getState().messages.map((m) => m.text);
}

test('realtime start fails: polling delivers every message once; the restart goes through stop first', async () => {
  const server = new FakeServer();
  server.post('before');
  const client = new FakeClient();
  const chat = service(server, client);
  await chat.start();
  assert.equal(chat.getState().status, 'ready');
  server.post('during polling 1');
  server.post('during polling 2');
  await until(() => texts(chat).length >= 3, 'polling to deliver both messages');
  assert.deepEqual(texts(chat), ['before', 'during polling 1', 'during polling 2']);
  assert.equal(chat.getState().transport, 'polling');
  assert.equal(client.startCalls, 1);
  assert.equal(client.stopCalls, 1, 'a failed start is followed by stop, so the next start is real');
  chat.dispose();
});

test('switch polling → realtime → polling: nothing missed, nothing twice', async () => {
  const server = new FakeServer();
  const client = new FakeClient();
  client.startResult = 'resolve';
  const chat = service(server, client);
  await chat.start();
  // start() resolved but no connection yet: still polling.
  server.post('p1');
  await until(() => texts(chat).length >= 1, 'polling to deliver p1');
  assert.deepEqual(texts(chat), ['p1']);

  // A message arrives just before the socket connects; the catch-up poll after connecting finds it.
  server.post('gap');
  client.emit('realTimeNotificationConnected');
  assert.equal(chat.getState().transport, 'realtime');
  const live = server.post('live');
  client.emit('chatMessageReceived', {
    id: live.id,
    type: 'Text',
    message: 'live',
    metadata: {},
    senderDisplayName: 'Tom',
    sender: TEAMS,
    createdOn: live.createdOn,
    threadId: '19:x@thread.v2',
    version: '1',
    recipient: { kind: 'communicationUser', communicationUserId: SELF },
  });
  await until(() => texts(chat).length >= 3, 'the catch-up poll to find the gap');
  assert.deepEqual(texts(chat), ['p1', 'gap', 'live']);

  // The socket drops: polling resumes from the newest server time and fills the hole.
  client.emit('realTimeNotificationDisconnected');
  server.post('after drop');
  await until(() => texts(chat).length >= 4, 'polling to resume after the drop');
  // One more poll round: a duplicate would show up now.
  const lists = server.lists;
  await until(() => server.lists > lists, 'another poll');
  assert.deepEqual(texts(chat), ['p1', 'gap', 'live', 'after drop']);
  assert.equal(new Set(chat.getState().messages.map((m) => m.id)).size, 4);
  chat.dispose();
});

test('participant events re-list at once (their system messages never come over realtime)', async () => {
  const server = new FakeServer();
  const client = new FakeClient();
  client.startResult = 'resolve';
  const chat = service(server, client, { pollIntervalMs: 60_000 });
  await chat.start();
  const atStart = server.lists;
  client.emit('realTimeNotificationConnected');
  await until(() => server.lists > atStart, 'the catch-up poll after connecting');
  await settle();
  const before = server.lists;
  server.post('system-ish');
  client.emit('participantsAdded', { threadId: '19:x@thread.v2' });
  await until(() => server.lists > before && texts(chat).length > 0, 'a re-list after the participant event');
  assert.ok(server.lists > before);
  assert.deepEqual(texts(chat), ['system-ish']);
  chat.dispose();
});
