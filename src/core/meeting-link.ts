/**
 * Teams meeting links and meeting IDs as people paste and type them.
 *
 * Links and IDs are secrets (anyone holding one can knock on the meeting): nothing here logs
 * them, and no error message repeats them.
 *
 * What the calling SDK (1.46.1) does with a `{meetingLink}`, which shapes the normalized link:
 * - classic links: thread id = decoded 4th path segment, message id = 5th, then
 *   `JSON.parse(decodeURIComponent(search.replace('?context=', '')))`, so the query must be
 *   exactly `?context=<encoded JSON>`; any other parameter (Safe Links' `&data=`, `&anon=true`)
 *   breaks the parse. We therefore rebuild the link with `context` alone.
 * - short links must match `/meet/[^/?]+(\?p=[^/?]+)?$`: nothing after `p`.
 * The SDK never checks the host; we do, because a link to another host is a mistake or a trap.
 */
import { AcsError } from './errors.js';

export interface ParsedMeetingLink {
  /** The normalized link to pass to the SDK's `{meetingLink}` locator. */
  meetingLink: string;
  /** `19:meeting_…@thread.v2` for classic links; unknown (undefined) for short links. */
  threadId?: string;
  tenantId?: string;
  organizerId?: string;
  /**
   * False for channel meetings (`@thread.tacv2`, `@thread.skype`): ACS users are not channel
   * members, so the meeting chat is out of reach. True when it may work (short links included;
   * the call's `info.threadId` tells for sure once connected).
   */
  chatAvailable: boolean;
}

export interface ParsedMeetingId {
  /** Digits only, separators removed. */
  meetingId: string;
  /** Case-sensitive, as typed minus surrounding whitespace; '' when the meeting needs none. */
  passcode: string;
}

/** Commercial (public cloud) Teams web hosts that issue meeting links. */
const COMMERCIAL_HOSTS = new Set([
  'teams.microsoft.com',
  // Microsoft's unified cloud.microsoft domain, where the Teams web app now lives.
  'teams.cloud.microsoft',
]);

/** Teams (free), the consumer service: ACS cannot join its meetings. */
const CONSUMER_SUFFIXES = ['teams.live.com'];

/**
 * Sovereign clouds a public-cloud ACS resource cannot reach: GCC High (`gov.teams.microsoft.us`),
 * DoD (`dod.teams.microsoft.us`), the air-gapped US clouds, and Teams operated by 21Vianet.
 * GCC (moderate) uses commercial hosts and cannot be told apart by URL.
 */
const SOVEREIGN_SUFFIXES = [
  'teams.microsoft.us',
  'teams.microsoft.scloud',
  'teams.eaglex.ic.gov',
  'teams.microsoftonline.cn',
];

/** Outlook's Safe Links wrappers (commercial and government). */
const SAFE_LINKS_SUFFIXES = ['safelinks.protection.outlook.com', 'safelinks.protection.office365.us'];

const MAX_LINK_LENGTH = 4096;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const THREAD_ID = /^19:[^\s/@]+@thread\.[a-z0-9]+$/i;
const CHANNEL_THREAD = /@thread\.(tacv2|skype)$/i;

function invalid(reason: string): AcsError {
  // The reason is for developers; it never contains the link.
  return new AcsError('invalid-meeting-link', `Not a Teams meeting link: ${reason}.`);
}

function hasSuffix(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith(`.${suffix}`);
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw invalid('malformed URL');
  }
}

/**
 * Safe Links rewrites a link as `https://<region>.safelinks.protection.outlook.com/?url=<link>
 * &data=…&sdata=…&reserved=0`. The link arrives either percent-encoded (as Outlook writes it) or
 * already decoded (after a mail client or a person "cleaned" it). Decoding the decoded form again
 * would corrupt the inner `context`, so read the raw parameter and decode only when encoded.
 */
function unwrapSafeLinks(url: URL): string {
  const raw = url.search.slice(1);
  const match = /(?:^|&)url=/i.exec(raw);
  if (!match) throw invalid('Safe Links wrapper without url');
  let value = raw.slice(match.index + match[0].length);
  const end = /&(?:data|sdata|reserved)=/i.exec(value);
  if (end) value = value.slice(0, end.index);
  if (/^https?%3a/i.test(value)) {
    try {
      return decodeURIComponent(value);
    } catch {
      throw invalid('malformed Safe Links url');
    }
  }
  return value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid('malformed path');
  }
}

function classicLink(url: URL, segments: string[]): ParsedMeetingLink {
  // segments: ['l', 'meetup-join', <thread>, <messageId>?]
  const threadId = decodeSegment(segments[2] ?? '');
  if (!THREAD_ID.test(threadId)) throw invalid('bad thread id');
  const messageId = segments[3] === undefined || segments[3] === '' ? '0' : decodeSegment(segments[3]);
  if (!/^\d+$/.test(messageId)) throw invalid('bad message id');

  const contextText = url.searchParams.get('context');
  if (contextText === null) throw invalid('missing context');
  let context: unknown;
  try {
    context = JSON.parse(contextText);
  } catch {
    throw invalid('context is not JSON');
  }
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw invalid('context is not an object');
  }
  const { Tid: tenantId, Oid: organizerId } = context as Record<string, unknown>;
  if (typeof tenantId !== 'string' || !GUID.test(tenantId)) throw invalid('bad tenant id');
  if (typeof organizerId !== 'string' || !GUID.test(organizerId)) throw invalid('bad organizer id');

  const meetingLink =
    `https://${url.host}/l/meetup-join/${encodeURIComponent(threadId)}/${messageId}` +
    `?context=${encodeURIComponent(contextText)}`;
  return { meetingLink, threadId, tenantId, organizerId, chatAvailable: !CHANNEL_THREAD.test(threadId) };
}

function shortLink(url: URL, segments: string[]): ParsedMeetingLink {
  // segments: ['meet', <digits>] (a trailing slash adds '')
  const id = segments[1] ?? '';
  if (!/^\d{1,32}$/.test(id) || segments.slice(2).some((s) => s !== '')) throw invalid('bad short link');
  const p = url.searchParams.get('p');
  if (p !== null && !/^[^\s/?#&]{1,256}$/.test(p)) throw invalid('bad short link code');
  const meetingLink = `https://${url.host}/meet/${id}` + (p === null ? '' : `?p=${encodeURIComponent(p)}`);
  return { meetingLink, chatAvailable: true };
}

/**
 * Teams' web client links put the route after `#` (`https://teams.microsoft.com/_#/l/meetup-join/…`,
 * new Teams: `/v2/?meetingjoin=true#/l/meetup-join/…`), and the launcher page carries it in `url`
 * (`/dl/launcher/launcher.html?url=/_#/l/meetup-join/…`).
 * Both name the same classic link; return its path and query, or undefined.
 */
function embeddedRoute(url: URL): string | undefined {
  const path = url.pathname.replace(/\/+$/, '');
  if ((path === '' || path === '/_' || path === '/v2') && url.hash.startsWith('#/l/')) return url.hash.slice(1);
  if (path.toLowerCase() === '/dl/launcher/launcher.html') {
    const inner = url.searchParams.get('url');
    if (inner?.startsWith('/_#/l/')) return inner.slice(3);
  }
  return undefined;
}

function parseTeamsUrl(url: URL, depth: number): ParsedMeetingLink {
  if (url.protocol !== 'https:') throw invalid('not https');
  if (url.username !== '' || url.password !== '') throw invalid('credentials in URL');
  if (url.port !== '') throw invalid('unexpected port');
  const host = url.hostname.toLowerCase().replace(/\.$/, '');

  if (depth === 0 && SAFE_LINKS_SUFFIXES.some((s) => hasSuffix(host, s))) {
    return parseTeamsUrl(parseUrl(unwrapSafeLinks(url).trim()), depth + 1);
  }
  if (CONSUMER_SUFFIXES.some((s) => hasSuffix(host, s))) {
    throw new AcsError('consumer-teams-unsupported', 'Teams (free) meetings cannot be joined through ACS.');
  }
  if (SOVEREIGN_SUFFIXES.some((s) => hasSuffix(host, s))) {
    throw new AcsError(
      'government-cloud-unsupported',
      'Meetings in government or sovereign clouds cannot be joined from a public-cloud ACS resource.',
    );
  }
  if (!COMMERCIAL_HOSTS.has(host)) throw invalid('not a Teams host');

  const route = depth < 2 ? embeddedRoute(url) : undefined;
  if (route !== undefined) return parseTeamsUrl(parseUrl(`https://${host}${route}`), depth + 1);

  const segments = url.pathname.split('/').slice(1);
  const first = segments[0]?.toLowerCase();
  if (first === 'l' && segments[1]?.toLowerCase() === 'meetup-join') return classicLink(url, segments);
  if (first === 'meet') return shortLink(url, segments);
  throw invalid('not a meeting path');
}

/**
 * Validates and normalizes a Teams meeting link.
 *
 * Accepts the classic `…/l/meetup-join/<thread>/<message>?context={"Tid","Oid"}` link, the short
 * `…/meet/<digits>?p=<code>` link, on `teams.microsoft.com` or `teams.cloud.microsoft`; surrounding
 * whitespace or `<…>`; a Safe Links wrapper (encoded or already decoded); the old `/_#/l/…` and
 * launcher forms.
 *
 * @throws AcsError `invalid-meeting-link` (not https, not a Teams meeting URL, malformed),
 *   `consumer-teams-unsupported` (teams.live.com), `government-cloud-unsupported` (GCC High,
 *   DoD, other sovereign clouds).
 */
export function parseMeetingLink(input: string): ParsedMeetingLink {
  if (typeof input !== 'string') throw invalid('not a string');
  let text = input.trim();
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  if (text === '') throw invalid('empty');
  if (text.length > MAX_LINK_LENGTH) throw invalid('too long');
  // Checked before URL parsing so the reason is clear; the https check would refuse them anyway.
  if (/^(javascript|data|vbscript|file):/i.test(text)) throw invalid('unsafe scheme');
  return parseTeamsUrl(parseUrl(text), 0);
}

const MEETING_ID_DIGITS = { min: 9, max: 20 };
const PASSCODE = /^[\x21-\x7e]{1,64}$/;

/**
 * Validates a meeting ID and passcode as a person types them: the ID is digits, often in groups
 * of three (`"123 456 789 012"`); any whitespace between digits is dropped. Teams IDs have 12 to
 * 15 digits today; 9 to 20 are accepted so a format change does not lock people out.
 * The passcode is case-sensitive and kept as typed (trimmed). It may be empty: the SDK's
 * `TeamsMeetingIdLocator.passcode` is optional and Graph's `joinMeetingIdSettings` has
 * `isPasscodeRequired`, so some meetings have none; Teams then refuses the join if one was needed.
 *
 * @throws AcsError `invalid-meeting-id`.
 */
export function parseMeetingId(id: string, passcode: string = ''): ParsedMeetingId {
  if (typeof id !== 'string' || typeof passcode !== 'string') {
    throw new AcsError('invalid-meeting-id', 'Meeting ID and passcode must be strings.');
  }
  const meetingId = id.trim().replace(/(\d)\s+(?=\d)/g, '$1');
  if (!/^\d+$/.test(meetingId) || meetingId.length < MEETING_ID_DIGITS.min || meetingId.length > MEETING_ID_DIGITS.max) {
    throw new AcsError(
      'invalid-meeting-id',
      `A meeting ID is ${MEETING_ID_DIGITS.min} to ${MEETING_ID_DIGITS.max} digits, optionally in groups.`,
    );
  }
  const code = passcode.trim();
  if (code !== '' && !PASSCODE.test(code)) {
    throw new AcsError('invalid-meeting-id', 'A passcode is up to 64 visible characters without spaces.');
  }
  return { meetingId, passcode: code };
}
