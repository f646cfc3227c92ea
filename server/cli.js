#!/usr/bin/env node
// @ts-check
/**
 * `npx acs-teams-elements [emulator]` / `npm start`: runs the demo, token endpoint and emulator.
 *
 * Environment: PORT (8080), HOST (127.0.0.1), TOKEN_TTL_SECONDS (3600), ALLOWED_ORIGINS (comma
 * list), EMBED_ORIGINS (comma list), ALLOWED_HOSTS (comma list), RATE_LIMIT_PER_MINUTE (60; 0 = no limit), TLS=1 (self-signed https), ACS_CONNECTION_STRING (live mode),
 * AAD_CLIENT_ID (live Teams user tokens), TOKEN_AUTHORIZE + TOKEN_BEARER_SECRET (live: who gets a
 * token; required on a non-loopback HOST), ACS_EMULATOR_ACCESS_KEY (emulator identity API key).
 */
import { startServer } from './app.js';
import { createSelfSignedCert } from './tls.js';

const USAGE = `Usage: acs-teams-elements [emulator]

Starts the demo pages, the token endpoint (/api/token) and the local ACS emulator.

Environment:
  PORT=8080                 port to listen on (0: any free port)
  HOST=127.0.0.1            interface to listen on
  TOKEN_TTL_SECONDS=3600    lifetime of emulator tokens
  ALLOWED_ORIGINS=          comma-separated origins allowed to call /api/token cross-origin
  EMBED_ORIGINS=            comma-separated origins whose pages may iframe /embed (and get its events)
  ALLOWED_HOSTS=            comma-separated host names to answer to besides 127.0.0.1, localhost,
                            [::1] and HOST (others get 421: DNS rebinding guard)
  RATE_LIMIT_PER_MINUTE=60  token requests per client IP and minute (0: no limit)
  TLS=1                     serve https with a generated self-signed certificate
  ACS_CONNECTION_STRING=    live mode: real ACS identities and chat (the emulator is off)
  AAD_CLIENT_ID=            live mode: Entra app id, enables POST /api/token/teams
  ACS_EMULATOR_ACCESS_KEY=  emulator: base64 access key of its Identity REST API (random by default)
  TOKEN_AUTHORIZE=          live mode: who gets a token: anyone (default on a loopback HOST only)
                            or bearer (requests with Authorization: Bearer $TOKEN_BEARER_SECRET)
  TOKEN_BEARER_SECRET=      live mode, TOKEN_AUTHORIZE=bearer: the shared secret (16+ characters)
`;

/** @param {string | undefined} value @param {string} name */
function integer(value, name) {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer.`);
  return n;
}

/**
 * Live mode's authorization rule from TOKEN_AUTHORIZE (anyone | bearer + TOKEN_BEARER_SECRET).
 * @param {NodeJS.ProcessEnv} env
 * @returns {import('./live-tokens.js').TokenAuthorizeRule | undefined}
 */
function tokenAuthorize(env) {
  const rule = env.TOKEN_AUTHORIZE?.trim();
  if (!rule) return undefined;
  if (rule === 'anyone') return 'anyone';
  if (rule === 'bearer') {
    const secret = env.TOKEN_BEARER_SECRET ?? '';
    if (secret.length < 16) throw new Error('TOKEN_AUTHORIZE=bearer needs TOKEN_BEARER_SECRET of at least 16 characters.');
    return { bearer: secret };
  }
  throw new Error('TOKEN_AUTHORIZE must be "anyone" or "bearer".');
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const command = args.find((a) => !a.startsWith('-'));
  if (command !== undefined && command !== 'emulator') {
    process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const env = process.env;
  const tls = env.TLS === '1' || env.TLS === 'true' ? await createSelfSignedCert() : undefined;
  const server = await startServer({
    port: integer(env.PORT, 'PORT') ?? 8080,
    host: env.HOST || '127.0.0.1',
    tls,
    tokenTtlSeconds: integer(env.TOKEN_TTL_SECONDS, 'TOKEN_TTL_SECONDS'),
    rateLimitPerMinute: integer(env.RATE_LIMIT_PER_MINUTE, 'RATE_LIMIT_PER_MINUTE'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    embedOrigins: (env.EMBED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    allowedHosts: (env.ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    acsConnectionString: env.ACS_CONNECTION_STRING || undefined,
    aadClientId: env.AAD_CLIENT_ID || undefined,
    identityAccessKey: env.ACS_EMULATOR_ACCESS_KEY || undefined,
    tokenAuthorize: tokenAuthorize(env),
  });
  const mode = server.live ? 'live ACS (emulator off)' : 'emulator';
  const pages = server.live ? `demo: ${server.url}` : `demo: ${server.url}, organizer: ${server.url}organizer.html`;
  process.stdout.write(`acs-teams-elements ${mode} on ${server.url} (${pages})\n`);
  // The emulator's own throw-away key (a new one each start): the connection string of its
  // Identity REST API, for ACS_CONNECTION_STRING of another server or a CMS plugin under test.
  if (server.identity) process.stdout.write(`ACS identity emulator connection string: ${server.identity.connectionString}\n`);

  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`acs-teams-elements: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
