#!/usr/bin/env node
/**
 * `npm run bench:token`: the production token handler under load, on loopback, with the emulator
 * as its identity service.
 *
 * Three processes, as in a deployment: the emulator (its ACS Identity REST API, HMAC-verified),
 * a token server (`toNodeHandler(createTokenHandler(...))` with the real
 * CommunicationIdentityClient, one ACS identity per `x-user`), and autocannon here.
 *   Phase 0: the handler alone, with an in-process identity client — what the handler itself costs.
 *   Phase 1: 1 000 users, no rate limit — requests/s, p50/p99 latency, errors, non-2xx.
 *   Phase 2: one user, 60 requests/minute — the limiter holds: 200s stay within the budget
 *            (60 + refill), everything else is 429 with Retry-After, and nothing reaches the
 *            identity service past the budget.
 * A benchmark, not a test: it prints figures and fails only when it cannot run.
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (50).
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const role = process.argv[2];
const self = fileURLToPath(import.meta.url);

/** Sends the parent one message and keeps running until killed. @param {unknown} message */
const report = (message) => process.send?.(message);

if (role === 'emulator') {
  const { startServer } = await import('../server/app.js');
  const server = await startServer({ port: 0, quiet: true });
  process.on('message', (m) => {
    if (m === 'stats') report({ stats: { verified: server.identity?.stats.verified, rejected: server.identity?.stats.rejected } });
  });
  report({ connectionString: server.identity?.connectionString });
} else if (role === 'token-server') {
  const { loadTokenHandler } = await import('../server/token-handler.js');
  const { createTokenHandler, toNodeHandler } = await loadTokenHandler();
  const perMinute = Number(process.argv[4]);
  const memory = process.argv[3] === 'memory';
  // 'memory': an in-process identity client, to measure the handler alone (no identity service).
  const expiresOn = new Date(Date.now() + 3_600_000);
  const identityClient = {
    createUserAndToken: async () => ({ user: { communicationUserId: `8:acs:bench_${Math.random()}` }, token: 'header.payload.signature', expiresOn }),
    getToken: async () => ({ token: 'header.payload.signature', expiresOn }),
  };
  const handler = createTokenHandler({
    ...(memory ? { endpoint: 'https://bench.communication.azure.com/', identityClient } : { connectionString: process.argv[3] }),
    authorize: (/** @type {Request} */ request) => ({ userKey: request.headers.get('x-user') ?? 'anonymous' }),
    rateLimit: perMinute > 0 ? { perMinute } : false,
    log: () => {},
  });
  const server = http.createServer(toNodeHandler(handler));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    report({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/token` });
  });
} else {
  await main();
}

/**
 * @param {string[]} args
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, first: any }>}
 */
function start(args) {
  const child = fork(self, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (first) => resolve({ child, first }));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

/** @param {import('node:child_process').ChildProcess} emulator */
function identityStats(emulator) {
  return new Promise((resolve) => {
    emulator.once('message', (/** @type {any} */ m) => resolve(m.stats));
    emulator.send('stats');
  });
}

/**
 * @param {string} url
 * @param {{ seconds: number, connections: number, users: number }} load
 * @returns {Promise<import('autocannon').Result>}
 */
function run(url, { seconds, connections, users }) {
  return new Promise((resolve, reject) => {
    let n = 0;
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-user': `user-${n++ % users}` } }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** @param {import('autocannon').Result} r */
function codes(r) {
  const stats = /** @type {Record<string, { count: number }>} */ (/** @type {any} */ (r).statusCodeStats ?? {});
  return Object.fromEntries(Object.entries(stats).map(([code, s]) => [code, s.count]));
}

async function main() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const { child: emulator, first: emu } = await start(['emulator']);
  /** @type {import('node:child_process').ChildProcess[]} */
  const children = [emulator];
  try {
    const { child: alone, first: al } = await start(['token-server', 'memory', '0']);
    children.push(alone);
    await run(al.url, { seconds: 2, connections, users: 1000 });
    const r0 = await run(al.url, { seconds, connections, users: 1000 });
    alone.kill();
    console.log(`bench:token phase 0 — the handler alone (in-process identity client), ${seconds} s, ${connections} connections, 1000 users`);
    console.log(`  requests/s: ${r0.requests.average.toFixed(0)}  latency ms: p50 ${r0.latency.p50}  p99 ${r0.latency.p99}  errors: ${r0.errors}  non-2xx: ${r0.non2xx}`);

    const { child: tokenServer, first: ts } = await start(['token-server', emu.connectionString, '0']);
    children.push(tokenServer);
    // Warm-up: creates the 1 000 identities and warms the JIT; not measured.
    await run(ts.url, { seconds: 2, connections, users: 1000 });
    const before = /** @type {any} */ (await identityStats(emulator));
    const r = await run(ts.url, { seconds, connections, users: 1000 });
    const after = /** @type {any} */ (await identityStats(emulator));
    console.log(`bench:token phase 1 — ${seconds} s, ${connections} connections, 1000 users, real identity SDK → emulator Identity API`);
    console.log(`  requests/s: ${r.requests.average.toFixed(0)} (total ${r.requests.total})`);
    console.log(`  latency ms: p50 ${r.latency.p50}  p90 ${r.latency.p90}  p99 ${r.latency.p99}  max ${r.latency.max}`);
    console.log(`  errors: ${r.errors}  timeouts: ${r.timeouts}  non-2xx: ${r.non2xx}  status codes: ${JSON.stringify(codes(r))}`);
    console.log(`  identity requests HMAC-verified: ${after.verified - before.verified}, rejected: ${after.rejected - before.rejected}`);
    console.log(`  target: >= 2000 req/s, p99 < 50 ms, 0 errors`);

    const perMinute = 60;
    const { child: limited, first: lim } = await start(['token-server', emu.connectionString, String(perMinute)]);
    children.push(limited);
    const before2 = /** @type {any} */ (await identityStats(emulator));
    const r2 = await run(lim.url, { seconds: 5, connections: 10, users: 1 });
    const after2 = /** @type {any} */ (await identityStats(emulator));
    const byCode = codes(r2);
    const budget = perMinute + Math.ceil((5 * perMinute) / 60) + 1;
    console.log(`bench:token phase 2 — rate limit ${perMinute}/min, one user, 5 s, 10 connections`);
    console.log(`  status codes: ${JSON.stringify(byCode)}  (budget: at most ${budget} × 200)`);
    console.log(`  identity requests in this phase: ${after2.verified - before2.verified}`);
    console.log(`  limiter ${(byCode['200'] ?? 0) <= budget && (byCode['429'] ?? 0) > 0 ? 'held' : 'DID NOT HOLD'}; p99 ${r2.latency.p99} ms, errors ${r2.errors}`);
  } finally {
    for (const child of children) child.kill();
  }
}
