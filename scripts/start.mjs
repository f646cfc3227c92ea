#!/usr/bin/env node
/**
 * `npm start`: builds only when the sources changed since the last build (scripts/fingerprint.mjs),
 * then runs the demo server (server/cli.js), which prints its URL as soon as it listens.
 * `npm start -- --rebuild` builds whatever the stamp says. Arguments after `--` go to the CLI.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsCurrent } from './fingerprint.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const rebuild = args.includes('--rebuild');

if (!rebuild && buildIsCurrent(root)) {
  console.log('start: dist/ is up to date with the sources; not rebuilding (npm start -- --rebuild forces it)');
} else {
  console.log('start: building (sources changed since the last build)');
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The server runs in this same process (one PID to stop), with only the CLI's own arguments.
const cli = path.join(root, 'server', 'cli.js');
process.argv = [process.argv[0] ?? 'node', cli, ...args.filter((a) => a !== '--rebuild')];
await import(pathToFileURL(cli).href);
