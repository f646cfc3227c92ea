/**
 * One token handler behind each framework a site may use, each over a real loopback server (or,
 * for Azure Functions, the real @azure/functions HttpRequest/HttpResponse classes the runtime
 * builds): node:http, Express (with and without express.json()), Connect, Fastify, Azure Functions
 * v4, and a Next.js App Router route module (`export const GET = handler`).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import connect from 'connect';
import Fastify from 'fastify';
import functions from '@azure/functions';
import { createTokenHandler, toAzureFunctionsHandler, toFastifyHandler, toNodeHandler, type IdentityClientLike, type TokenHandler } from '../../src/server/index.js';

// @azure/functions is CommonJS: its classes come off the default export under Node's ESM loader.
const { HttpRequest, HttpResponse } = functions;

class FakeIdentity implements IdentityClientLike {
  n = 0;
  async createUserAndToken() {
    const id = `8:acs:r_${++this.n}`;
    return { user: { communicationUserId: id }, token: `t-${id}`, expiresOn: new Date(Date.UTC(2026, 10, 29, 13)) };
  }
  async getToken(user: { communicationUserId: string }) {
    return { token: `t-${user.communicationUserId}`, expiresOn: new Date(Date.UTC(2026, 10, 29, 13)) };
  }
  async getTokenForTeamsUser(options: { userObjectId: string }) {
    return { token: `teams-${options.userObjectId}`, expiresOn: new Date(Date.UTC(2026, 10, 29, 13)) };
  }
}

const seenAddresses: (string | undefined)[] = [];
/** Signed in when the request carries `cookie: session=<user>`. */
function makeHandler(): TokenHandler {
  return createTokenHandler({
    connectionString: `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('k').toString('base64')}`,
    identityClient: new FakeIdentity(),
    allowedOrigins: ['https://partner.example'],
    rateLimit: { perMinute: 1000 },
    teams: { clientId: 'app' },
    now: () => 0,
    authorize: (request, context) => {
      seenAddresses.push(context.clientAddress);
      const user = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      return user ? { userKey: user } : false;
    },
  });
}

const servers: { close(): unknown }[] = [];
after(async () => {
  for (const s of servers) await new Promise((r) => (s as http.Server).close(r));
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const entra = `e30.${Buffer.from(JSON.stringify({ oid: '33333333-3333-4333-8333-333333333333' })).toString('base64url')}.s`;

/** The same checks against any base URL serving the handler at /api/token. */
async function contract(base: string, name: string) {
  const url = `${base}/api/token`;
  const anonymous = await fetch(url);
  assert.equal(anonymous.status, 401, `${name}: anonymous`);
  assert.equal(anonymous.headers.get('cache-control'), 'no-store');

  const a = await fetch(url, { headers: { cookie: 'session=alice' } });
  assert.equal(a.status, 200, `${name}: signed in`);
  assert.equal(a.headers.get('cache-control'), 'no-store');
  const first = (await a.json()) as any;
  const again = (await (await fetch(url, { headers: { cookie: 'session=alice' } })).json()) as any;
  assert.equal(again.userId, first.userId, `${name}: same identity`);
  assert.deepEqual(Object.keys(first).sort(), ['endpoint', 'expiresOn', 'token', 'userId']);

  const cors = await fetch(url, { headers: { cookie: 'session=alice', origin: 'https://partner.example' } });
  assert.equal(cors.headers.get('access-control-allow-origin'), 'https://partner.example', `${name}: CORS`);
  assert.equal((await fetch(url, { headers: { cookie: 'session=alice', origin: 'https://evil.example' } })).status, 403, `${name}: evil origin`);

  const teams = await fetch(url, { method: 'POST', headers: { cookie: 'session=alice', 'content-type': 'application/json' }, body: JSON.stringify({ entraToken: entra }) });
  assert.equal(teams.status, 200, `${name}: Teams POST`);
  assert.equal(((await teams.json()) as any).userId, '8:orgid:33333333-3333-4333-8333-333333333333');

  const put = await fetch(url, { method: 'PUT', headers: { cookie: 'session=alice' } });
  assert.equal(put.status, 405, `${name}: PUT`);
}

describe('adapters', () => {
  it('node:http: http.createServer(toNodeHandler(handler)); the socket address reaches authorize', async () => {
    const handler = toNodeHandler(makeHandler());
    const base = await listen(http.createServer((req, res) => void handler(req, res)));
    seenAddresses.length = 0;
    await contract(base, 'node:http');
    assert.ok(seenAddresses.every((a) => a === '127.0.0.1'), JSON.stringify(seenAddresses));
    const big = await fetch(`${base}/api/token`, { method: 'POST', headers: { cookie: 'session=a' }, body: 'x'.repeat(100_000) });
    assert.equal(big.status, 413);
  });

  it('Express: app.get/post(path, toNodeHandler(handler)), with express.json() in front too', async () => {
    const plain = express();
    plain.all('/api/token', toNodeHandler(makeHandler()));
    await contract(await listen(http.createServer(plain)), 'express');
    const parsed = express();
    parsed.use(express.json());
    parsed.all('/api/token', toNodeHandler(makeHandler()));
    await contract(await listen(http.createServer(parsed)), 'express+json');
  });

  it('Connect: app.use(path, toNodeHandler(handler))', async () => {
    const app = connect();
    app.use('/api/token', toNodeHandler(makeHandler()) as connect.NextHandleFunction);
    await contract(await listen(http.createServer(app)), 'connect');
  });

  it('Fastify: route(..., handler: toFastifyHandler(handler))', async () => {
    const app = Fastify();
    app.route({ method: ['GET', 'POST', 'PUT', 'OPTIONS'], url: '/api/token', handler: toFastifyHandler(makeHandler()) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    servers.push({ close: (cb?: () => void) => void app.close().then(() => cb?.()) } as unknown as http.Server);
    seenAddresses.length = 0;
    await contract(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, 'fastify');
    assert.ok(seenAddresses.every((a) => a === '127.0.0.1'));
  });

  it('Azure Functions v4: the real HttpRequest in, an HttpResponseInit the runtime turns into HttpResponse', async () => {
    const fn = toAzureFunctionsHandler(makeHandler());
    const call = async (init: ConstructorParameters<typeof HttpRequest>[0]) => new HttpResponse(await fn(new HttpRequest(init), {}));
    const url = 'https://contoso-fn.azurewebsites.net/api/token';
    assert.equal((await call({ method: 'GET', url })).status, 401);
    const ok = await call({ method: 'GET', url, headers: { cookie: 'session=zoe' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    const body = (await ok.json()) as any;
    assert.equal(body.userId, '8:acs:r_1');
    const teams = await call({ method: 'POST', url, headers: { cookie: 'session=zoe', 'content-type': 'application/json' }, body: { string: JSON.stringify({ entraToken: entra }) } });
    assert.equal(teams.status, 200);
    const evil = await call({ method: 'GET', url, headers: { cookie: 'session=zoe', origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal((await call({ method: 'DELETE', url, headers: { cookie: 'session=zoe' } })).status, 405);
  });

  it('Next.js App Router: the route module exports the handler itself as GET and POST', async () => {
    const handler = makeHandler();
    const route = { GET: handler, POST: handler }; // app/api/token/route.ts: export const GET = handler; export const POST = handler;
    // Next passes a NextRequest (a Request subclass) and {params}.
    const ctx = { params: Promise.resolve({}) } as never;
    const url = 'https://www.contoso.com/api/token';
    assert.equal((await route.GET(new Request(url), ctx)).status, 401);
    const ok = await route.GET(new Request(url, { headers: { cookie: 'session=yan' } }), ctx);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    const teams = await route.POST(new Request(url, { method: 'POST', headers: { cookie: 'session=yan' }, body: JSON.stringify({ entraToken: entra }) }), ctx);
    assert.equal(teams.status, 200);
  });
});
