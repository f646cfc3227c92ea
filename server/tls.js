// @ts-check
/**
 * A throw-away self-signed certificate for `TLS=1` and the TLS contract test, made with the system
 * `openssl` (no dependency). Valid for localhost, 127.0.0.1 and ::1, for a few days.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * @param {{ days?: number }} [options]
 * @returns {Promise<{ key: string, cert: string }>}
 */
export async function createSelfSignedCert(options = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'acs-emulator-tls-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await new Promise((resolve, reject) => {
      execFile(
        'openssl',
        [
          'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
          '-keyout', keyFile, '-out', certFile,
          '-days', String(options.days ?? 7),
          '-subj', '/CN=localhost',
          '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
        ],
        (error) => {
          if (error) {
            reject(new Error(`Could not create a self-signed certificate with openssl (${/** @type {any} */ (error).code === 'ENOENT' ? 'openssl not found' : error.message}).`));
          } else resolve(undefined);
        },
      );
    });
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
