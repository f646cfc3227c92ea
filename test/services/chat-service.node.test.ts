/**
 * AcsChatService with fake ChatClient/ChatThreadClient objects: the switch between polling and
 * realtime notifications (including the SDK's restart trap) never misses or doubles a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient, ChatThreadClient, ChatMessage as SdkMessage } from '@azure/communication-chat';
import { AcsChatService, withPageSize } from '../../src/services/acs/chat-service.js';
import { settle, until } from '../helpers/until.js';
import { messageKey, type ChatServiceOptions } from '../../src/services/chat-service.js';

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
  await until(() => client.startCalls === 1, 'realtime to start');
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
  // Realtime loads after the first page: connect once it has started.
  await until(() => client.startCalls === 1, 'realtime to start');
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

test('history pages: a screenful of the first page, then pages of the size asked for (200 when racing up), oldest first', async () => {
  const server = new FakeServer();
  for (let i = 1; i <= 420; i++) server.post(`m${i}`);
  const chat = service(server, new FakeClient(), { realtime: false, pollIntervalMs: 60_000 });
  await chat.start();
  assert.equal(chat.getState().messages.length, 50, 'the first page is 50 messages');
  await chat.loadOlder();
  assert.equal(chat.getState().messages.length, 150, 'then 100 by default');
  await chat.loadOlder({ pageSize: 200 });
  assert.equal(chat.getState().messages.length, 350, 'then 200 when asked');
  await chat.loadOlder({ pageSize: 5000 });
  assert.equal(chat.getState().messages.length, 420, 'never more than the REST maximum, and the rest arrives');
  assert.equal(chat.getState().hasOlder, false);
  assert.deepEqual(
    texts(chat),
    Array.from({ length: 420 }, (_, i) => `m${i + 1}`),
    'in server order, none lost or doubled',
  );
  chat.dispose();
});

test('the realtime client (and the signaling SDK it brings) is loaded only once the first page is in', async () => {
  const server = new FakeServer();
  server.post('first');
  const client = new FakeClient();
  client.startResult = 'resolve';
  let loads = 0;
  const options = {
    session: { current: async () => ({ token: 't', expiresOn: new Date() }), refresh: async () => ({ token: 't', expiresOn: new Date() }) },
    threadId: '19:x@thread.v2',
    endpoint: 'http://127.0.0.1:1/',
    pollIntervalMs: 60_000,
  } as unknown as ChatServiceOptions;
  const thread = server.thread();
  const chat: AcsChatService = new AcsChatService(
    options,
    async (): Promise<ChatClient> => {
      loads++;
      assert.deepEqual(texts(chat), ['first'], 'the first page is in before realtime loads');
      return client as unknown as ChatClient;
    },
    thread,
    thread,
    SELF,
  );
  await chat.start();
  await until(() => loads === 1 && client.startCalls === 1, 'realtime to load after the first page');
  chat.dispose();
});

test('withPageSize sets maxPageSize on a nextLink and leaves anything else alone', () => {
  assert.equal(
    withPageSize('https://r.communication.azure.com/chat/threads/t/messages?syncState=abc&maxPageSize=50&api-version=2024-03-07', 200),
    'https://r.communication.azure.com/chat/threads/t/messages?syncState=abc&maxPageSize=200&api-version=2024-03-07',
  );
  assert.equal(withPageSize('https://r/x?syncState=abc', 200), 'https://r/x?syncState=abc', 'no maxPageSize: unchanged');
  assert.equal(withPageSize('100', 200), '100', 'not a URL: unchanged');
});

test('a token without a user id: the message sent from here is still ours once stored, shown once, keyed by its client id', async () => {
  const server = new FakeServer();
  const thread = server.thread() as unknown as Record<string, unknown>;
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  thread['sendMessage'] = async (request: { content: string }, options: { metadata?: Record<string, string> }) => {
    const stored = server.post(request.content) as unknown as Record<string, unknown>;
    stored['sender'] = { kind: 'communicationUser', communicationUserId: '8:acs:me-on-the-server' };
    stored['metadata'] = options.metadata;
    // The answer comes late: a poll sees the stored copy first.
    await answered;
    return { id: stored['id'] };
  };
  const options = {
    session: { current: async () => ({ token: 't', expiresOn: new Date() }), refresh: async () => ({ token: 't', expiresOn: new Date() }) },
    threadId: '19:x@thread.v2',
    endpoint: 'http://127.0.0.1:1/',
    pollIntervalMs: 20,
    realtime: false,
  } as unknown as ChatServiceOptions;
  const t = thread as unknown as ChatThreadClient;
  const chat = new AcsChatService(options, new FakeClient() as unknown as ChatClient, t, t, '');
  await chat.start();
  const queued = chat.send('hello');
  const check = (when: string) => {
    const mine = chat.getState().messages.filter((m) => m.text === 'hello');
    assert.equal(mine.length, 1, `shown once (${when})`);
    assert.equal(mine[0]!.own, true, when);
    assert.equal(mine[0]!.status, 'sent', when);
    assert.equal(messageKey(mine[0]!), messageKey(queued), `same row from queued to stored (${when})`);
  };
  try {
    await until(() => chat.getState().messages.some((m) => m.text === 'hello' && m.status === 'sent'), 'a poll to find the stored copy');
    assert.ok(server.lists > 1, 'polled meanwhile');
    check('polled before the send answered');
    answer();
    await settle();
    check('after the answer');
  } finally {
    chat.dispose();
  }
});
