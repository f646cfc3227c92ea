// @ts-check
/**
 * A real WordPress for one test run: WordPress Playground (PHP as WebAssembly, SQLite) serving a
 * fresh copy of Debian's WordPress tree, with the built plugin mounted and a blueprint applied.
 * One server per run: on 2 cores it serves one request at a time.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A free loopback port. @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Playground. Resolves once it prints "Ready!" and the home page answers.
 * @param {{ cli: string, site: string, work: string, plugin: string, slug: string, blueprint: object, timeoutMs?: number }} options
 *   site: the pristine WordPress tree (copied, never written); work: a scratch folder for this run.
 */
export async function startPlayground({ cli, site, work, plugin, slug, blueprint, port: chosenPort, timeoutMs = 180_000 }) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const siteCopy = path.join(work, 'site');
  cpSync(site, siteCopy, { recursive: true });
  const blueprintFile = path.join(work, 'blueprint.json');
  writeFileSync(blueprintFile, JSON.stringify(blueprint, null, 2));
  const port = chosenPort ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      cli,
      'server',
      `--port=${port}`,
      '--php=8.3',
      '--wordpress-install-mode=install-from-existing-files',
      `--mount-before-install=${siteCopy}:/wordpress`,
      `--mount=${plugin}:/wordpress/wp-content/plugins/${slug}`,
      `--blueprint=${blueprintFile}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`exited with ${code ?? signal}`)));
  const ready = new Promise((resolve) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      log += chunk.toString();
      if (log.includes('Ready!')) resolve('ready');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(`not ready after ${timeoutMs} ms`), timeoutMs)));
  const outcome = await Promise.race([ready, exited, timeout]);
  clearTimeout(timer);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  if (outcome !== 'ready') {
    await stop();
    throw new Error(`WordPress Playground ${outcome}:\n${log.slice(-4000)}`);
  }
  const url = `http://127.0.0.1:${port}`;
  // The first request after "Ready!" is redirected to itself; fetch follows it.
  await fetch(`${url}/`).then((r) => r.arrayBuffer());
  return { url, port, siteDir: siteCopy, log: () => log, stop };
}
