// @ts-check
/**
 * Offline WordPress for the plugin's tests, fetched once and cached under `.cache/` (gitignored):
 * - the WordPress tooling (`@wp-playground/cli`: PHP as WebAssembly, SQLite), `npm install`ed into
 *   wordpress/node_modules from wordpress/package.json, with npm's cache in `.cache/npm`;
 * - WordPress itself from Debian trixie's `wordpress` package (plus the default theme and the
 *   packages its symlinks point into), downloaded with a private apt configuration (the system's
 *   apt sources are not touched) into `.cache/wordpress/debs`, extracted once into
 *   `.cache/wordpress/site-<version>`.
 * A second run finds everything in place and downloads nothing.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WORDPRESS_DIR = path.join(ROOT, 'wordpress');
const CACHE = path.join(ROOT, '.cache', 'wordpress');
const DEBS = ['wordpress', 'wordpress-theme-twentytwentyfive', 'libjs-underscore', 'libjs-lodash', 'libjs-cropper', 'php-getid3'];

/**
 * Runs a command; rejects with its output when it fails.
 * @param {string} command @param {string[]} args @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<string>}
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`))));
  });
}

/** The Playground CLI entry (installed on demand). */
export async function ensureTooling() {
  const cli = path.join(WORDPRESS_DIR, 'node_modules', '@wp-playground', 'cli', 'wp-playground.js');
  if (existsSync(cli)) return cli;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const lock = existsSync(path.join(WORDPRESS_DIR, 'package-lock.json'));
  await run(npm, [lock ? 'ci' : 'install', '--no-audit', '--no-fund', '--cache', path.join(ROOT, '.cache', 'npm')], { cwd: WORDPRESS_DIR });
  if (!existsSync(cli)) throw new Error(`npm install in wordpress/ did not produce ${cli}`);
  return cli;
}

/** The Debian mirror the system already uses (the deb.debian.org default otherwise). */
function debianMirror() {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri = /^URIs:\s*(\S+\/debian)\s*$/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/**
 * A pristine WordPress tree (never mounted: copy it per run, Playground writes into its site).
 * @returns {Promise<{ dir: string, version: string }>}
 */
export async function ensureWordPress() {
  mkdirSync(CACHE, { recursive: true });
  const done = readdirSync(CACHE, { withFileTypes: true }).find((d) => d.isDirectory() && d.name.startsWith('site-') && existsSync(path.join(CACHE, d.name, '.complete')));
  if (done) return { dir: path.join(CACHE, done.name), version: done.name.slice('site-'.length) };

  const apt = path.join(CACHE, 'apt');
  const debs = path.join(CACHE, 'debs');
  mkdirSync(path.join(apt, 'lists', 'partial'), { recursive: true });
  mkdirSync(path.join(apt, 'cache', 'archives', 'partial'), { recursive: true });
  mkdirSync(debs, { recursive: true });
  writeFileSync(
    path.join(apt, 'sources.list'),
    `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${debianMirror()} trixie main\n`,
  );
  const aptOptions = [
    '-o', `Dir::Etc::sourcelist=${path.join(apt, 'sources.list')}`,
    '-o', 'Dir::Etc::sourceparts=-',
    '-o', `Dir::State::Lists=${path.join(apt, 'lists')}`,
    '-o', `Dir::Cache=${path.join(apt, 'cache')}`,
    '-o', 'Dir::State::status=/dev/null',
    '-o', 'APT::Sandbox::User=root',
    '-o', 'Debug::NoLocking=1',
  ];
  const have = () => readdirSync(debs).filter((f) => f.endsWith('.deb'));
  if (!DEBS.every((name) => have().some((f) => f.startsWith(`${name}_`)))) {
    await run('apt-get', [...aptOptions, 'update']);
    await run('apt-get', [...aptOptions, 'download', ...DEBS], { cwd: debs });
  }
  const wordpressDeb = have().find((f) => f.startsWith('wordpress_'));
  const version = decodeURIComponent(/^wordpress_([^_]+)_/.exec(wordpressDeb ?? '')?.[1] ?? 'unknown').replace(/^\d+:/, '');
  const extracted = path.join(CACHE, 'extract');
  rmSync(extracted, { recursive: true, force: true });
  mkdirSync(extracted, { recursive: true });
  for (const deb of have().filter((f) => DEBS.some((name) => f.startsWith(`${name}_`)))) {
    await run('dpkg-deb', ['-x', path.join(debs, deb), extracted]);
  }
  const site = path.join(CACHE, `site-${version}`);
  rmSync(site, { recursive: true, force: true });
  // -L: Debian's tree links (relatively) into /usr/share/javascript, /usr/share/php…, extracted
  // beside it. A few absolute links (wp-config.php → /etc/wordpress, the CA bundle) dangle and
  // make cp exit non-zero; they are removed below anyway.
  await run('cp', ['-rL', path.join(extracted, 'usr', 'share', 'wordpress'), site]).catch((error) => {
    if (!existsSync(path.join(site, 'wp-includes', 'version.php'))) throw error;
  });
  for (const file of ['wp-config.php', '.htaccess', 'wp-includes/certificates/ca-bundle.crt']) rmSync(path.join(site, file), { force: true, recursive: true });
  if (!existsSync(path.join(site, 'wp-content', 'themes', 'twentytwentyfive'))) {
    const theme = path.join(extracted, 'usr', 'share', 'wordpress', 'wp-content', 'themes', 'twentytwentyfive');
    if (existsSync(theme)) cpSync(theme, path.join(site, 'wp-content', 'themes', 'twentytwentyfive'), { recursive: true, dereference: true });
  }
  rmSync(extracted, { recursive: true, force: true });
  writeFileSync(path.join(site, '.complete'), `${version}\n`);
  return { dir: site, version };
}

// `node wordpress/test/setup.mjs`: prepare (or check) the cache only.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const [cli, wp] = await Promise.all([ensureTooling(), ensureWordPress()]);
  console.log(`playground: ${path.relative(ROOT, cli)}\nwordpress ${wp.version}: ${path.relative(ROOT, wp.dir)}\n${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
