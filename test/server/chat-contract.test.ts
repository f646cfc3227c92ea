/**
 * Contract suite: the REAL @azure/communication-chat ChatClient / ChatThreadClient (Node) against
 * the emulator, through every operation the SDK has, over the loopback http transport — plus one
 * run of the SDK's default transport over TLS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ChatClient, type ChatMessage, type ChatThreadClient } from '@azure/communication-chat';
import { AzureCommunicationTokenCredential, type CommunicationUserIdentifier } from '@azure/communication-common';
import { RestError } from '@azure/core-rest-pipeline';
import { startServer } from '../../server/app.js';
import { createShiftableClock } from './helpers/fake-clock.js';
import { createTokenIssuer } from '../../server/tokens.js';
import { ChatStore, imageAttachment } from '../../server/chat/store.js';
import { registerChatRoutes } from '../../server/chat/routes.js';
import { Router, HttpError, sendError, sendJson } from '../../server/http.js';
import { createSelfSignedCert } from '../../server/tls.js';
import {
  chatClientOptionsFor,
  createLoopbackHttpClient,
  isLoopbackHost,
} from '../../src/services/acs/chat-transport.js';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';

type Server = Awaited<ReturnType<typeof startServer>>;

const API = 'api-version=2025-03-15';

async function fetchToken(server: Server): Promise<{ token: string; userId: string; endpoint: string }> {
  const res = await fetch(`${server.url}api/token`);
  assert.equal(res.status, 200);
  return (await res.json()) as { token: string; userId: string; endpoint: string };
}

function clientFor(endpoint: string, token: string, extra: Record<string, unknown> = {}): ChatClient {
  return new ChatClient(endpoint, new AzureCommunicationTokenCredential(token), { ...chatClientOptionsFor(endpoint), ...extra });
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function rejectsWithStatus(promise: Promise<unknown>, status: number, code?: string): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RestError, `expected a RestError, got ${String(error)}`);
    assert.equal(error.statusCode, status);
    if (code) assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected HTTP ${status}`);
}

const userOf = (userId: string): CommunicationUserIdentifier => ({ communicationUserId: userId });

describe('chat contract: real ChatClient against the emulator (loopback http)', () => {
  let server: Server;
  let alice: { token: string; userId: string; endpoint: string };
  let bob: { token: string; userId: string };
  let carol: { token: string; userId: string };
  let aliceClient: ChatClient;
  let threadId: string;
  let aliceThread: ChatThreadClient;
  /** The emulator's time: a token expires when the test moves it forward, not after a real wait. */
  const clock = createShiftableClock();

  before(async () => {
    server = await startServer({ port: 0, quiet: true, clock });
    alice = await fetchToken(server);
    bob = server.tokens.mint();
    carol = server.tokens.mint();
    assert.equal(alice.endpoint, server.url);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    aliceClient = clientFor(alice.endpoint, alice.token);
  });
  after(async () => {
    await server.close();
  });

  it('createChatThread → 201 with the thread, creator and participants as complete identifiers', async () => {
    const result = await aliceClient.createChatThread(
      { topic: 'Design review' },
      { participants: [{ id: userOf(bob.userId), displayName: 'Bob' }], metadata: { project: 'x' } },
    );
    assert.ok(result.chatThread);
    threadId = result.chatThread.id;
    assert.match(threadId, /^19:.+@thread\.v2$/);
    assert.equal(result.chatThread.topic, 'Design review');
    assert.deepEqual(result.chatThread.createdBy, { kind: 'communicationUser', communicationUserId: alice.userId });
    assert.ok(result.chatThread.createdOn instanceof Date);
    assert.deepEqual(result.chatThread.metadata, { project: 'x' });
    aliceThread = aliceClient.getChatThreadClient(threadId);
  });

  it('createChatThread is idempotent per idempotencyToken', async () => {
    const token = crypto.randomUUID();
    const a = await aliceClient.createChatThread({ topic: 'Once' }, { idempotencyToken: token });
    const b = await aliceClient.createChatThread({ topic: 'Once' }, { idempotencyToken: token });
    assert.equal(a.chatThread?.id, b.chatThread?.id);
  });

  it('getProperties, updateTopic, updateProperties', async () => {
    const props = await aliceThread.getProperties();
    assert.equal(props.id, threadId);
    assert.equal(props.topic, 'Design review');
    await aliceThread.updateTopic('Design review (v2)');
    assert.equal((await aliceThread.getProperties()).topic, 'Design review (v2)');
    await aliceThread.updateProperties({ metadata: { project: 'y', stage: '2' } });
    assert.deepEqual((await aliceThread.getProperties()).metadata, { project: 'y', stage: '2' });
  });

  it('listChatThreads lists the threads the user is in', async () => {
    const threads = await all(aliceClient.listChatThreads());
    assert.ok(threads.some((t) => t.id === threadId && t.topic === 'Design review (v2)'));
    assert.ok(threads.every((t) => t.lastMessageReceivedOn instanceof Date));
    const bobThreads = await all(clientFor(server.url, bob.token).listChatThreads());
    assert.deepEqual(bobThreads.map((t) => t.id), [threadId]);
    const pages: string[][] = [];
    for await (const page of aliceClient.listChatThreads({ maxPageSize: 1 }).byPage()) pages.push(page.map((t) => t.id));
    assert.equal(pages.length, threads.length, 'one thread per page, following nextLink');
    assert.deepEqual(pages.flat().sort(), threads.map((t) => t.id).sort());
  });

  it('sendMessage → id; getMessage; text and html; metadata; sender identifier', async () => {
    const { id } = await aliceThread.sendMessage({ content: 'Hello <b>team</b>' }, { senderDisplayName: 'Alice', metadata: { k: 'v' } });
    assert.match(id, /^\d+$/);
    const message = await aliceThread.getMessage(id);
    assert.equal(message.type, 'text');
    assert.equal(message.content?.message, 'Hello <b>team</b>');
    assert.equal(message.senderDisplayName, 'Alice');
    assert.deepEqual(message.sender, { kind: 'communicationUser', communicationUserId: alice.userId });
    assert.deepEqual(message.metadata, { k: 'v' });
    assert.ok(message.createdOn instanceof Date);
    assert.equal(message.version, id);
    const html = await aliceThread.sendMessage({ content: '<p>hi</p>' }, { type: 'html' });
    assert.equal((await aliceThread.getMessage(html.id)).type, 'html');
    await rejectsWithStatus(aliceThread.getMessage('123'), 404, 'NotFound');
  });

  it('updateMessage (merge-patch) and deleteMessage → 204; only the sender may', async () => {
    const { id } = await aliceThread.sendMessage({ content: 'typo' });
    await aliceThread.updateMessage(id, { content: 'fixed', metadata: { edited: 'yes' } });
    const edited = await aliceThread.getMessage(id);
    assert.equal(edited.content?.message, 'fixed');
    assert.deepEqual(edited.metadata, { edited: 'yes' });
    assert.ok(edited.editedOn instanceof Date);
    assert.notEqual(edited.version, id);
    const bobThread = clientFor(server.url, bob.token).getChatThreadClient(threadId);
    await rejectsWithStatus(bobThread.updateMessage(id, { content: 'mine now' }), 403, 'Forbidden');
    await rejectsWithStatus(bobThread.deleteMessage(id), 403, 'Forbidden');
    await aliceThread.deleteMessage(id);
    const deleted = await aliceThread.getMessage(id);
    assert.ok(deleted.deletedOn instanceof Date);
    assert.equal(deleted.content?.message, undefined);
  });

  it('listMessages: newest first, system messages with complete identifiers', async () => {
    const messages = await all(aliceThread.listMessages());
    const sequence = messages.map((m) => Number(m.sequenceId));
    assert.deepEqual(sequence, [...sequence].sort((a, b) => b - a), 'newest first');
    const types = new Set(messages.map((m) => m.type));
    for (const t of ['text', 'html', 'topicUpdated', 'participantAdded']) assert.ok(types.has(t as ChatMessage['type']), t);
    const added = messages.find((m) => m.type === 'participantAdded');
    assert.ok(added?.content?.participants?.some((p) => (p.id as CommunicationUserIdentifier).communicationUserId === bob.userId));
    assert.deepEqual(added?.content?.initiator, { kind: 'communicationUser', communicationUserId: alice.userId });
    const topic = messages.find((m) => m.type === 'topicUpdated' && m.content?.topic === 'Design review (v2)');
    assert.ok(topic, 'topicUpdated after updateTopic');
  });

  it('listMessages pages past 2 pages (120 messages, maxPageSize 50) with absolute nextLinks', async () => {
    const paged = (await aliceClient.createChatThread({ topic: 'Paging' })).chatThread!;
    const thread = aliceClient.getChatThreadClient(paged.id);
    for (let i = 0; i < 120; i++) await thread.sendMessage({ content: `m${i}` });
    const pages: ChatMessage[][] = [];
    for await (const page of thread.listMessages({ maxPageSize: 50 }).byPage()) pages.push(page);
    // 120 messages + the thread's two system messages (topicUpdated, participantAdded for the creator).
    assert.deepEqual(pages.map((p) => p.length), [50, 50, 22]);
    assert.deepEqual(pages[2].slice(-2).map((m) => m.type), ['participantAdded', 'topicUpdated']);
    const texts = pages.flat().filter((m) => m.type === 'text').map((m) => m.content?.message);
    assert.deepEqual(texts, Array.from({ length: 120 }, (_, i) => `m${119 - i}`));

    // The raw response: nextLink absolute, on the emulator, with api-version.
    const raw = await fetch(`${server.url}chat/threads/${encodeURIComponent(paged.id)}/messages?maxPageSize=50&${API}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    const body = (await raw.json()) as { value: unknown[]; nextLink: string };
    assert.equal(body.value.length, 50);
    assert.ok(body.nextLink.startsWith(server.url), body.nextLink);
    assert.match(body.nextLink, /[?&]api-version=2025-03-15(&|$)/);
    assert.match(body.nextLink, /[?&]maxPageSize=50(&|$)/);

    // startTime: only what happened at or after it. The emulator's message times strictly increase,
    // so just after the newest message is a cut that no earlier message and every later one passes.
    const newest = (await thread.listMessages({ maxPageSize: 1 }).byPage().next()).value as ChatMessage[];
    const cut = new Date(newest[0].createdOn.getTime() + 1);
    await thread.sendMessage({ content: 'late' });
    const recent = await all(thread.listMessages({ startTime: cut }));
    assert.deepEqual(recent.map((m) => m.content?.message), ['late']);
  });

  it('addParticipants, listParticipants (paged), removeParticipant', async () => {
    await aliceThread.addParticipants({ participants: [{ id: userOf(carol.userId), displayName: 'Carol' }] });
    const participants = await all(aliceThread.listParticipants({ maxPageSize: 1 }));
    assert.deepEqual(
      participants.map((p) => (p.id as CommunicationUserIdentifier).communicationUserId).sort(),
      [alice.userId, bob.userId, carol.userId].sort(),
    );
    let pages = 0;
    for await (const page of aliceThread.listParticipants({ maxPageSize: 2 }).byPage()) {
      pages++;
      assert.ok(page.length <= 2);
    }
    assert.equal(pages, 2);
    assert.equal(participants.find((p) => (p.id as CommunicationUserIdentifier).communicationUserId === carol.userId)?.displayName, 'Carol');

    await aliceThread.removeParticipant(userOf(carol.userId));
    const after = await all(aliceThread.listParticipants());
    assert.equal(after.length, 2);
    const removed = (await all(aliceThread.listMessages({ maxPageSize: 5 }))).find((m) => m.type === 'participantRemoved');
    assert.ok(removed?.content?.participants?.some((p) => (p.id as CommunicationUserIdentifier).communicationUserId === carol.userId));
    // Carol is out: 403 on the thread.
    const carolThread = clientFor(server.url, carol.token).getChatThreadClient(threadId);
    await rejectsWithStatus(carolThread.getProperties(), 403, 'Forbidden');
    await rejectsWithStatus(carolThread.sendMessage({ content: 'let me in' }), 403, 'Forbidden');
  });

  it('sendTypingNotification → 200 (and the SDK throttles the next one)', async () => {
    const seen: unknown[] = [];
    const listener = (e: { kind: string }) => {
      if (e.kind === 'typing') seen.push(e);
    };
    server.chat.on('change', listener);
    assert.equal(await aliceThread.sendTypingNotification({ senderDisplayName: 'Alice' }), true);
    assert.equal(await aliceThread.sendTypingNotification(), false, 'second call within 8 s is not sent');
    server.chat.off('change', listener);
    assert.deepEqual(seen, [{ kind: 'typing', threadId, userId: alice.userId, senderDisplayName: 'Alice' }]);
  });

  it('sendReadReceipt → 200; listReadReceipts', async () => {
    const { id } = await aliceThread.sendMessage({ content: 'read me' });
    const bobThread = clientFor(server.url, bob.token).getChatThreadClient(threadId);
    await bobThread.sendReadReceipt({ chatMessageId: id });
    await aliceThread.sendReadReceipt({ chatMessageId: id });
    const receipts = await all(aliceThread.listReadReceipts());
    assert.deepEqual(
      receipts.map((r) => [(r.sender as CommunicationUserIdentifier).communicationUserId, r.chatMessageId]).sort(),
      [[alice.userId, id], [bob.userId, id]].sort(),
    );
    assert.ok(receipts.every((r) => r.readOn instanceof Date));
    let receiptPages = 0;
    for await (const page of aliceThread.listReadReceipts({ maxPageSize: 1 }).byPage()) receiptPages += page.length === 1 ? 1 : 0;
    assert.equal(receiptPages, 2);
    await rejectsWithStatus(bobThread.sendReadReceipt({ chatMessageId: '42' }), 404);
  });

  it('401 on a token from another issuer and on an expired token', async () => {
    const foreign = createTokenIssuer().mint();
    const foreignThread = clientFor(server.url, foreign.token).getChatThreadClient(threadId);
    const e1 = await rejectsWithStatus(foreignThread.getProperties(), 401, 'Unauthorized');
    assert.match(e1.message, /not valid/);
    await rejectsWithStatus(clientFor(server.url, foreign.token).createChatThread({ topic: 'nope' }), 401, 'Unauthorized');

    const expiring = server.tokens.mint({ userId: alice.userId, ttlSeconds: 60 });
    // A credential that hands the token over even when expired, so the server has to refuse it.
    const credential = { getToken: async () => ({ token: expiring.token, expiresOnTimestamp: Date.parse(expiring.expiresOn) }), dispose() {} };
    const expiredThread = new ChatClient(server.url, credential, chatClientOptionsFor(server.url)).getChatThreadClient(threadId);
    assert.equal((await expiredThread.getProperties()).id, threadId, 'valid before expiry');
    clock.advance(61_000);
    const e2 = await rejectsWithStatus(expiredThread.getProperties(), 401, 'Unauthorized');
    assert.match(e2.message, /expired/);

    const none = await fetch(`${server.url}chat/threads/${encodeURIComponent(threadId)}?${API}`);
    assert.equal(none.status, 401);
    assert.deepEqual(((await none.json()) as { error: { code: string } }).error.code, 'Unauthorized');
  });

  it('429 with Retry-After under a chat fault: surfaced at once without retries, retried by the SDK policy otherwise', async () => {
    const setFault = (body: object) =>
      fetch(`${server.url}emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      // No retries: the SDK surfaces the 429 and its Retry-After header.
      assert.equal((await setFault({ target: 'chat', status: 429, retryAfterSeconds: 1, count: 1 })).status, 201);
      const noRetry = clientFor(server.url, alice.token, { retryOptions: { maxRetries: 0 } }).getChatThreadClient(threadId);
      const error = await rejectsWithStatus(noRetry.getProperties(), 429, 'TooManyRequests');
      assert.equal(error.response?.headers.get('retry-after'), '1');

      // Default policy: the SDK waits Retry-After and retries (throttling retry strategy).
      await setFault({ target: 'chat', status: 429, retryAfterSeconds: 1, count: 2 });
      const started = Date.now();
      const { id } = await aliceThread.sendMessage({ content: 'after throttling' });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 1900, `waited ${elapsed} ms for two Retry-After: 1`);
      assert.equal((await aliceThread.getMessage(id)).content?.message, 'after throttling');
      const rules = (await (await fetch(`${server.url}emulator/faults`)).json()) as { value: { remaining?: number }[] };
      assert.equal(rules.value[0].remaining, 0, 'both injected failures were consumed');

      // More failures than the SDK retries (3): the 429 reaches the caller.
      await setFault({ target: 'chat', status: 429, retryAfterSeconds: 0, count: 10 });
      await rejectsWithStatus(aliceThread.getProperties(), 429, 'TooManyRequests');
    } finally {
      await fetch(`${server.url}emulator/faults`, { method: 'DELETE' });
    }
  });

  it('inline images: attachment URLs on the endpoint, served as a real PNG with the bearer token only', async () => {
    const image = server.chat.addImage(threadId, { name: 'mockup.png' });
    const attachment = imageAttachment(server.url, threadId, image);
    server.chat.postMessage(threadId, {
      senderId: bob.userId,
      senderDisplayName: 'Bob',
      type: 'html',
      content: { message: `<p>Look <img itemscope="png" src="" id="${image.id}"></p>`, attachments: [attachment] },
    });
    const [latest] = await all(aliceThread.listMessages({ maxPageSize: 1 }));
    const got = latest.content?.attachments?.[0];
    assert.equal(got?.attachmentType, 'image');
    assert.equal(got?.url, `${server.url}chat/threads/${threadId}/images/${image.id}/views/original?${API}`);
    assert.equal(got?.previewUrl, `${server.url}chat/threads/${threadId}/images/${image.id}/views/small?${API}`);
    for (const url of [got.url, got.previewUrl]) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${alice.token}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
    assert.equal((await fetch(got.url)).status, 401);
    assert.equal((await fetch(got.url, { headers: { authorization: `Bearer ${carol.token}` } })).status, 403);
  });

  it('realtime notification config answers 404 (also at the //chat/… path the browser SDK builds)', async () => {
    for (const path of ['chat/config/realTimeNotifications', '/chat/config/realTimeNotifications']) {
      const res = await fetch(`${server.url}${path}?${API}`, { headers: { authorization: `Bearer ${alice.token}` } });
      assert.equal(res.status, 404);
    }
  });

  it('CORS: the chat API answers browser preflights for the SDK headers', async () => {
    const res = await fetch(`${server.url}chat/threads?${API}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-ms-client-request-id,x-ms-useragent',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
    const allowed = res.headers.get('access-control-allow-headers') ?? '';
    for (const h of ['authorization', 'content-type', 'x-ms-client-request-id', 'x-ms-useragent']) assert.ok(allowed.includes(h), h);
    const methods = res.headers.get('access-control-allow-methods') ?? '';
    for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) assert.ok(methods.includes(m), m);
    const actual = await fetch(`${server.url}chat/threads?${API}`, { headers: { origin: 'https://app.example', authorization: `Bearer ${alice.token}` } });
    assert.equal(actual.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(actual.headers.get('access-control-expose-headers') ?? '', /retry-after/);
  });

  it('deleteChatThread → 204, then 404', async () => {
    const doomed = (await aliceClient.createChatThread({ topic: 'Doomed' })).chatThread!;
    await aliceClient.deleteChatThread(doomed.id);
    await rejectsWithStatus(aliceClient.getChatThreadClient(doomed.id).getProperties(), 404, 'NotFound');
  });
});

describe('chat contract: Teams meeting threads (canChat)', () => {
  it('403 while canChat says forbidden (before join, after leave); membership rules for other threads', async () => {
    const tokens = createTokenIssuer();
    const chat = new ChatStore();
    const joined = new Set<string>();
    const meetingThread = '19:meeting_contract@thread.v2';
    const canChat = (threadId: string, userId: string) =>
      threadId !== meetingThread ? ('no-thread' as const) : joined.has(userId) ? ('allow' as const) : ('forbidden' as const);
    const router = new Router();
    const srv = http.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}/`;
    registerChatRoutes(router, { chat, tokens, publicUrl: url, canChat });
    srv.on('request', async (req, res) => {
      const u = new URL(req.url ?? '/', url);
      const found = router.match(req.method ?? 'GET', u.pathname);
      try {
        if (!found || found === 'method-not-allowed') return sendJson(res, 404, { error: { code: 'NotFound', message: '' } });
        await found.handler({ req, res, url: u, params: found.params, body: () => import('../../server/http.js').then((m) => m.readJson(req)) });
      } catch (error) {
        if (error instanceof HttpError) sendError(res, error);
        else sendJson(res, 500, { error: { code: 'InternalError', message: String(error) } });
      }
    });
    try {
      const user = tokens.mint();
      const teams = tokens.mint({ kind: 'teams' });
      chat.createThread({ threadId: meetingThread, topic: 'Weekly sync', participants: [{ id: teams.userId, displayName: 'Organizer' }] });
      chat.postMessage(meetingThread, { senderId: teams.userId, senderDisplayName: 'Organizer', type: 'html', content: '<p>Welcome</p>' });
      const thread = clientFor(url, user.token).getChatThreadClient(meetingThread);

      await rejectsWithStatus(thread.getProperties(), 403, 'Forbidden');
      await rejectsWithStatus(all(thread.listMessages()), 403, 'Forbidden');
      await rejectsWithStatus(thread.sendMessage({ content: 'hi?' }), 403, 'Forbidden');

      joined.add(user.userId);
      chat.addParticipants(meetingThread, [{ id: user.userId, displayName: 'Guest' }]);
      const messages = await all(thread.listMessages());
      const welcome = messages.find((m) => m.type === 'html');
      assert.equal(welcome?.content?.message, '<p>Welcome</p>');
      assert.deepEqual(welcome?.sender, { kind: 'microsoftTeamsUser', microsoftTeamsUserId: teams.userId.slice('8:orgid:'.length), isAnonymous: false, cloud: 'public', rawId: teams.userId });
      await thread.sendMessage({ content: 'Hello from ACS' }, { senderDisplayName: 'Guest' });
      // Meeting chats are managed by the meeting.
      await rejectsWithStatus(thread.addParticipants({ participants: [{ id: userOf(tokens.mint().userId) }] }), 403);

      joined.delete(user.userId);
      chat.removeParticipant(meetingThread, user.userId);
      await rejectsWithStatus(thread.getProperties(), 403, 'Forbidden');
      await rejectsWithStatus(thread.sendMessage({ content: 'still here?' }), 403, 'Forbidden');
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});

describe('chat contract: simulated Teams meeting (startServer + control API)', () => {
  it('403 before join, Teams HTML with an inline image while joined, 403 again after leaving', async () => {
    const server = await startServer({ port: 0, quiet: true });
    const control = (path: string, method = 'POST', body?: object) =>
      fetch(`${server.url}emulator/meetings${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    try {
      const created = await control('', 'POST', { topic: 'Weekly sync' });
      assert.equal(created.status, 201);
      const { threadId } = (await created.json()) as { threadId: string };
      const enc = encodeURIComponent(threadId);
      const me = (await (await fetch(`${server.url}api/token`)).json()) as { token: string; userId: string; endpoint: string };
      const thread = clientFor(me.endpoint, me.token).getChatThreadClient(threadId);

      await rejectsWithStatus(thread.getProperties(), 403, 'Forbidden');
      await rejectsWithStatus(all(thread.listMessages()), 403, 'Forbidden');

      const joined = await control(`/${enc}/join`, 'POST', { userId: me.userId, displayName: 'Guest' });
      assert.equal(joined.status, 201);
      const { id: participantId } = (await joined.json()) as { id: string };
      assert.equal((await thread.getProperties()).topic, 'Weekly sync');

      const posted = await control(`/${enc}/messages`, 'POST', {
        displayName: 'Megan Bowen',
        html: '<p>Here is the <a href="https://contoso.example/plan">plan</a></p>',
        images: [{ contentType: 'image/png', name: 'plan.png' }],
      });
      assert.equal(posted.status, 201);
      const { id: teamsMessageId } = (await posted.json()) as { id: string };
      const teamsMessage = await thread.getMessage(teamsMessageId);
      assert.equal(teamsMessage.type, 'html');
      assert.equal(teamsMessage.sender?.kind, 'microsoftTeamsUser');
      assert.match(teamsMessage.content?.message ?? '', /<img [^>]*itemscope/);
      const image = teamsMessage.content?.attachments?.[0];
      assert.equal(image?.attachmentType, 'image');
      assert.ok(image?.previewUrl?.startsWith(`${server.url}chat/threads/`));
      const png = await fetch(image.previewUrl!, { headers: { authorization: `Bearer ${me.token}` } });
      assert.equal(png.status, 200);
      assert.equal(png.headers.get('content-type'), 'image/png');

      const { id } = await thread.sendMessage({ content: 'Hello from ACS' }, { senderDisplayName: 'Guest' });
      assert.equal((await thread.getMessage(id)).senderDisplayName, 'Guest');

      assert.equal((await control(`/${enc}/participants/${encodeURIComponent(participantId)}`, 'DELETE')).status, 204);
      await rejectsWithStatus(thread.getProperties(), 403, 'Forbidden');
      await rejectsWithStatus(thread.sendMessage({ content: 'still here?' }), 403, 'Forbidden');
      assert.equal((await fetch(image.previewUrl!, { headers: { authorization: `Bearer ${me.token}` } })).status, 403, 'images follow the same rule');
    } finally {
      await server.close();
    }
  });
});

describe('chat contract: default SDK transport over TLS', () => {
  it('https endpoint with a self-signed certificate, no custom transport', async () => {
    const { key, cert } = await createSelfSignedCert();
    const server = await startServer({ port: 0, quiet: true, tls: { key, cert } });
    try {
      assert.match(server.url, /^https:\/\//);
      const { token } = server.tokens.mint();
      assert.deepEqual(chatClientOptionsFor(server.url), {}, 'https endpoints keep the default transport');
      // Trust the throw-away certificate for this client only (no process-wide TLS override).
      const client = new ChatClient(server.url, new AzureCommunicationTokenCredential(token), { tlsOptions: { ca: cert } });
      const thread = (await client.createChatThread({ topic: 'Over TLS' })).chatThread!;
      const threadClient = client.getChatThreadClient(thread.id);
      const { id } = await threadClient.sendMessage({ content: 'secure hello' });
      assert.equal((await threadClient.getMessage(id)).content?.message, 'secure hello');
      const messages = await all(threadClient.listMessages());
      assert.ok(messages.some((m) => m.id === id));
    } finally {
      await server.close();
    }
  });
});

describe('loopback chat transport', () => {
  it('isLoopbackHost: 127.0.0.0/8, localhost, [::1] only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]', '::1']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['128.0.0.1', '10.0.0.1', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io', '[::2]', '0.0.0.0', '127.0.0.256']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });

  it('chatClientOptionsFor: transport only for http + loopback', () => {
    assert.ok(chatClientOptionsFor('http://127.0.0.1:8080/').httpClient);
    assert.ok(chatClientOptionsFor('http://localhost:8080').additionalPolicies?.length);
    assert.ok(chatClientOptionsFor('http://[::1]:8080/').httpClient);
    assert.deepEqual(chatClientOptionsFor('https://127.0.0.1:8443/'), {});
    assert.deepEqual(chatClientOptionsFor('https://contoso.communication.azure.com/'), {});
    assert.deepEqual(chatClientOptionsFor('http://contoso.communication.azure.com/'), {});
    assert.deepEqual(chatClientOptionsFor('not a url'), {});
  });

  it('plain http to a non-loopback host is still refused', async () => {
    const client = new ChatClient('http://192.0.2.1:8080/', new AzureCommunicationTokenCredential(createTokenIssuer().mint().token), {
      ...chatClientOptionsFor('http://192.0.2.1:8080/'),
      retryOptions: { maxRetries: 0 },
    });
    await assert.rejects(client.getChatThreadClient('19:x@thread.v2').getProperties(), /non-TLS|https/i);
    await assert.rejects(
      createLoopbackHttpClient().sendRequest(createPipelineRequest({ url: 'http://192.0.2.1/', headers: createHttpHeaders() })),
      /only allowed to loopback/,
    );
  });

  it('the default SDK transport alone refuses the http emulator (why the loopback transport exists)', async () => {
    const server = await startServer({ port: 0, quiet: true });
    try {
      const { token } = server.tokens.mint();
      const plain = new ChatClient(server.url, new AzureCommunicationTokenCredential(token), { retryOptions: { maxRetries: 0 } });
      await assert.rejects(plain.createChatThread({ topic: 'x' }), /non-TLS/);
    } finally {
      await server.close();
    }
  });
});
