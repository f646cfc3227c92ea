/**
 * Static files: demo/ at `/`, dist/ at `/dist/`, content types, the strict CSP on HTML pages, and no
 * way out of the two roots.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { startServer } from '../../server/app.js';
import { CONTENT_SECURITY_POLICY } from '../../server/static.js';

type Server = Awaited<ReturnType<typeof startServer>>;

/** Sends a raw request line (fetch would normalize `..` away). */
function rawGet(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('static files', () => {
  let server: Server;
  before(async () => {
    server = await startServer({ port: 0, quiet: true });
  });
  after(async () => {
    await server.close();
  });

  it('CSP: no inline or eval script; wasm and blob: workers for the calling SDK', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
    assert.deepEqual(directives.get('script-src'), ["'self'", "'wasm-unsafe-eval'", 'blob:']);
    assert.ok(directives.get('worker-src')?.includes('blob:'));
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.ok(!CONTENT_SECURITY_POLICY.includes("'unsafe-eval'"));
    assert.ok(!directives.get('script-src')?.includes("'unsafe-inline'"));
  });

  it('/ serves demo/index.html with the CSP header', { skip: !existsSync('demo/index.html') && 'no demo yet' }, async () => {
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.match(await res.text(), /<html/i);
    const head = await fetch(server.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it('every demo page links a favicon that is served (no 404 in the console)', async () => {
    for (const page of ['index.html', 'call.html', 'organizer.html']) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
      assert.ok(href, `${page} links an icon`);
      const icon = await fetch(new URL(href, `${server.url}${page}`));
      assert.equal(icon.status, 200, `${page}: ${href}`);
      assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    }
  });

  it('content types for scripts and styles; no CSP header on non-HTML', { skip: !existsSync('demo/demo.js') && 'no demo yet' }, async () => {
    const js = await fetch(`${server.url}demo.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('content-security-policy'), null);
  });

  it('/dist/ serves the build', { skip: !existsSync('dist/cdn/acs-teams-elements.js') && 'not built' }, async () => {
    const res = await fetch(`${server.url}dist/cdn/acs-teams-elements.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
  });

  it('404 for unknown files; no directory traversal out of demo/ or dist/', async () => {
    assert.equal((await fetch(`${server.url}nope.html`)).status, 404);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/dist/../package.json', '/dist/%2e%2e/server/tokens.js', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/dist/..%5cpackage.json', '/%00index.html']) {
      const response = await rawGet(server.url, path);
      const status = Number(response.split(' ')[1]);
      assert.ok(status === 404 || status === 400, `${path} → ${status}`);
      assert.ok(!response.includes('"name": "acs-teams-elements"'), `${path} leaked package.json`);
      assert.ok(!response.includes('createTokenIssuer'), `${path} leaked server code`);
    }
  });

  it('only GET and HEAD', async () => {
    assert.equal((await fetch(`${server.url}index.html`, { method: 'POST' })).status, 404);
  });
});
