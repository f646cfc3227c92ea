#!/usr/bin/env node
/**
 * `npm run build:wordpress`: the installable WordPress plugin.
 *   dist/wordpress/acs-teams-elements/      the plugin folder (wordpress/acs-teams-elements/ + dist/cdn)
 *   dist/wordpress/acs-teams-elements.zip   the same folder, ready for Plugins → Upload Plugin
 * Runs `npm run build` first when dist/cdn is missing. The zip is written here (deflate + CRC-32)
 * so the build needs no `zip` program; entries are sorted with a fixed date, so the same files
 * give the same zip.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SLUG = 'acs-teams-elements';
const source = path.join(root, 'wordpress', SLUG);
const cdn = path.join(root, 'dist', 'cdn');
const out = path.join(root, 'dist', 'wordpress');
const plugin = path.join(out, SLUG);

if (!existsSync(path.join(cdn, 'acs-teams-elements.js'))) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(source, plugin, { recursive: true });
// Source maps and type declarations are not needed by WordPress sites.
cpSync(cdn, path.join(plugin, 'dist', 'cdn'), { recursive: true, filter: (file) => !file.endsWith('.map') && !file.endsWith('.d.ts') });
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const main = readFileSync(path.join(plugin, `${SLUG}.php`), 'utf8');
if (!main.includes(`Version:           ${version}`)) {
  console.error(`build:wordpress: ${SLUG}.php's Version header is not the package version ${version}`);
  process.exit(1);
}

/** @param {string} dir @returns {string[]} paths relative to `out`, sorted */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(full) : [path.relative(out, full).split(path.sep).join('/')];
    })
    .sort();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** @param {Buffer} data */
function crc32(data) {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `files` (paths relative to `out`). 2026-01-01 00:00 as every entry's DOS date. @param {string[]} files */
function zip(files) {
  const DOS_TIME = 0;
  const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
  /** @type {Buffer[]} */
  const parts = [];
  /** @type {Buffer[]} */
  const central = [];
  let offset = 0;
  for (const name of files) {
    const data = readFileSync(path.join(out, name));
    const compressed = deflateRawSync(data, { level: 9 });
    const stored = compressed.length >= data.length;
    const body = stored ? data : compressed;
    const crc = crc32(data);
    const nameBytes = Buffer.from(name, 'utf8');
    /**
     * What the local header (from byte 4) and the central directory entry (from byte 6) both say:
     * version needed, flags, method, date, CRC, sizes, name length.
     * @param {Buffer} header
     * @param {number} at
     */
    const describe = (header, at) => {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(stored ? 0 : 8, at + 4);
      header.writeUInt16LE(DOS_TIME, at + 6);
      header.writeUInt16LE(DOS_DATE, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(body.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(nameBytes.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    describe(local, 4);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x031e, 4); // made by Unix, zip 3.0
    describe(entry, 6);
    entry.writeUInt32LE(((0o100644 << 16) >>> 0), 38);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, body);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

const files = walk(plugin);
const archive = zip(files);
const zipFile = path.join(out, `${SLUG}.zip`);
writeFileSync(zipFile, archive);
const unpacked = files.reduce((n, f) => n + statSync(path.join(out, f)).size, 0);
console.log(`build:wordpress: ${path.relative(root, plugin)}/ (${files.length} files, ${(unpacked / 1024).toFixed(0)} KB) and ${path.relative(root, zipFile)} (${(archive.length / 1024).toFixed(0)} KB)`);
