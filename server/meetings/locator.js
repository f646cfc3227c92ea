// @ts-check
/**
 * Turns what a user pastes or types (a Teams meeting link, or a meeting ID + passcode) into the
 * key of a simulated meeting and its chat thread id, and makes up the locators of new meetings.
 * Links, IDs and passcodes are secrets: nothing here logs them.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

// Public-cloud Teams only: consumer (teams.live.com) and government-cloud links cannot be joined from an ACS resource.
const TEAMS_HOSTS = new Set(['teams.microsoft.com', 'teams.cloud.microsoft']);

/**
 * @typedef {{ key: string, threadId: string, channel: boolean, meetingLink?: string, meetingId?: string, passcode?: string }} ParsedLocator
 */

/**
 * @param {string} text
 * @returns {string} base32-ish digest, stable for the same input
 */
function digest(text) {
  return createHash('sha256').update(text).digest('base64url').replace(/[-_]/g, 'x').slice(0, 32);
}

/** @param {string} key */
function threadIdFromKey(key) {
  return `19:meeting_${digest(key)}@thread.v2`;
}

/**
 * Normalizes a typed meeting ID: digits with or without spaces.
 * @param {unknown} meetingId
 * @returns {string | undefined}
 */
export function normalizeMeetingId(meetingId) {
  if (typeof meetingId !== 'string' && typeof meetingId !== 'number') return undefined;
  const digits = String(meetingId).replace(/\s+/g, '');
  return /^\d{6,20}$/.test(digits) ? digits : undefined;
}

/**
 * Parses a Teams meeting link. Returns undefined when it is not one (wrong scheme, host or shape).
 * @param {unknown} input
 * @returns {ParsedLocator | undefined}
 */
export function parseLink(input) {
  if (typeof input !== 'string') return undefined;
  let url;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || !TEAMS_HOSTS.has(url.hostname.toLowerCase())) return undefined;
  const classic = /^\/l\/meetup-join\/([^/]+)(?:\/|$)/.exec(url.pathname);
  if (classic) {
    let threadId;
    try {
      threadId = decodeURIComponent(classic[1]);
    } catch {
      return undefined;
    }
    if (!/^19:[^@\s]+@thread\.(v2|tacv2|skype)$/.test(threadId)) return undefined;
    return { key: `thread:${threadId}`, threadId, channel: !threadId.endsWith('@thread.v2'), meetingLink: url.href };
  }
  const short = /^\/meet\/(\d+)\/?$/.exec(url.pathname);
  if (short) {
    const p = url.searchParams.get('p') ?? '';
    const key = `short:${short[1]}:${p}`;
    return { key, threadId: threadIdFromKey(key), channel: false, meetingLink: url.href };
  }
  return undefined;
}

/**
 * Parses a locator as the client sends it: `{meetingLink}` or `{meetingId, passcode}`.
 * @param {any} locator
 * @returns {ParsedLocator | undefined}
 */
export function parseLocator(locator) {
  if (!locator || typeof locator !== 'object') return undefined;
  if ('meetingLink' in locator) return parseLink(locator.meetingLink);
  const meetingId = normalizeMeetingId(locator.meetingId);
  const passcode = typeof locator.passcode === 'string' ? locator.passcode.trim() : '';
  if (!meetingId || !passcode) return undefined;
  const key = `id:${meetingId}:${passcode}`;
  return { key, threadId: threadIdFromKey(key), channel: false, meetingId, passcode };
}

/**
 * A classic join link for a thread id, shaped like the ones Teams sends in invitations.
 * @param {string} threadId
 * @param {string} tenantId
 * @param {string} organizerOid
 */
export function classicLink(threadId, tenantId, organizerOid) {
  // Teams writes the escapes in lower case (%7b%22Tid…) but keeps the keys' case: the SDK reads `Tid`/`Oid`.
  const lowerEscapes = (/** @type {string} */ text) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  const context = lowerEscapes(encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerOid })));
  return `https://teams.microsoft.com/l/meetup-join/${lowerEscapes(encodeURIComponent(threadId))}/0?context=${context}`;
}

/** A fresh thread id for a meeting created without any locator. */
export function newThreadId(channel = false) {
  const id = randomBytes(24).toString('base64url').replace(/[-_]/g, 'x');
  return channel ? `19:${id}@thread.tacv2` : `19:meeting_${id}@thread.v2`;
}

/** A fresh meeting ID (12 digits, as Teams prints them without the spaces) and passcode. */
export function newMeetingIdAndPasscode() {
  let meetingId = String(randomInt(1, 10));
  while (meetingId.length < 12) meetingId += String(randomInt(0, 10));
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let passcode = '';
  for (let i = 0; i < 6; i += 1) passcode += alphabet[randomInt(0, alphabet.length)];
  return { meetingId, passcode };
}

/** Keys under which a meeting can be found. */
export const keys = {
  /** @param {string} threadId */
  thread: (threadId) => `thread:${threadId}`,
  /** @param {string} meetingId @param {string} passcode */
  id: (meetingId, passcode) => `id:${meetingId}:${passcode}`,
};

/**
 * A deterministic Entra object id for a simulated Teams user of a meeting, so the same meeting
 * always shows the same people with the same ids.
 * @param {string} seed
 */
export function stableGuid(seed) {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export { randomUUID };
