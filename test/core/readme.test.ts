/**
 * Every public name must be documented: each error code and each event appears in the README
 * (attributes, parts and properties are in custom-elements.json, generated from JSDoc).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../src/core/errors.js';
import { errorMessage } from '../../src/i18n/errors.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const eventsSource = readFileSync(new URL('../../src/events.ts', import.meta.url), 'utf8');
const eventNames = [...eventsSource.matchAll(/^ {2}'(acs-[a-z-]+)': /gm)].map((m) => m[1]);

test('events.ts declares the events (the pattern below still finds them)', () => {
  assert.ok(eventNames.length >= 15, `found only ${eventNames.length} events`);
});

test('every event name appears in the README', () => {
  const missing = eventNames.filter((name) => !readme.includes(`\`${name}\``));
  assert.deepEqual(missing, []);
});

test('every error code appears in the README with its English message', () => {
  const missing = ERROR_CODES.filter((code) => !readme.includes(`| \`${code}\` | ${errorMessage(code, 'en')} |`));
  assert.deepEqual(missing, []);
});
