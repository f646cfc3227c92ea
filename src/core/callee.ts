/**
 * Who `<acs-teams-call callee="…">` calls, parsed before any call is placed. Pure: no DOM, no SDK.
 *
 * Accepted forms (raw ids as @azure/communication-common writes them):
 * - `8:orgid:<guid>` a Teams user (`8:gcch:`, `8:dod:` for government clouds)
 * - `28:orgid:<guid>` a Teams voice app: a call queue or auto attendant, by its resource account's
 *   object id (`28:gcch:`, `28:dod:`)
 * - `+<E.164>` a phone number; an ACS identity needs `caller-id` (a number of the ACS resource),
 *   a Teams identity calls with the Teams user's own number.
 */
import { AcsError } from './errors.js';

export type TeamsCloud = 'public' | 'gcch' | 'dod';

export type ParsedCallee =
  | { kind: 'teams-user'; id: string; rawId: string; cloud: TeamsCloud }
  | { kind: 'teams-app'; id: string; rawId: string; cloud: TeamsCloud }
  | { kind: 'phone'; phoneNumber: string; rawId: string; callerId?: string };

export interface ParseCalleeOptions {
  /** The caller id for phone calls (`+E.164`): required for ACS identities. */
  callerId?: string | null;
  /** `teams` identities call phones with their own Teams number: no caller id needed. */
  identity?: 'acs' | 'teams';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
const CLOUDS: Record<string, TeamsCloud> = { orgid: 'public', gcch: 'gcch', dod: 'dod' };

/** Spaces, dots, dashes and parentheses people type in numbers: `+1 (425) 555-0123`. */
function compactPhone(value: string): string {
  return value.replace(/[\s().-]/g, '');
}

/**
 * Normalizes a phone number to E.164 (`+14255550123`), accepting the separators people type.
 * @throws AcsError `invalid-phone-number`.
 */
export function parsePhoneNumber(value: string): string {
  const compact = compactPhone(value.trim());
  if (!E164.test(compact)) {
    throw new AcsError('invalid-phone-number', 'A phone number must be in E.164 format, like +14255550123');
  }
  return compact;
}

/**
 * Parses a callee attribute.
 * @throws AcsError `invalid-callee` (none of the forms), `invalid-phone-number` (starts with `+`
 *   but is not E.164, or a caller id that is not E.164), `caller-id-required` (a phone number for an
 *   ACS identity without caller id).
 */
export function parseCallee(value: string | null | undefined, options: ParseCalleeOptions = {}): ParsedCallee {
  const text = (value ?? '').trim();
  if (!text) throw new AcsError('invalid-callee', 'No callee was given');
  const teams = /^(8|28):([a-z]+):(.+)$/i.exec(text);
  if (teams) {
    const [, type = '', prefix = '', id = ''] = teams;
    const cloud = CLOUDS[prefix.toLowerCase()];
    if (!cloud || !GUID.test(id)) throw new AcsError('invalid-callee', 'A Teams id is 8:orgid:<guid> or 28:orgid:<guid>');
    const guid = id.toLowerCase();
    const rawId = `${type}:${prefix.toLowerCase()}:${guid}`;
    return type === '8' ? { kind: 'teams-user', id: guid, rawId, cloud } : { kind: 'teams-app', id: guid, rawId, cloud };
  }
  if (text.startsWith('+') || /^[\d\s().-]+$/.test(text)) {
    if (!text.startsWith('+')) {
      throw new AcsError('invalid-phone-number', 'A phone number must start with + and the country code');
    }
    const phoneNumber = parsePhoneNumber(text);
    const callerIdText = options.callerId?.trim();
    if (options.identity === 'teams') {
      return { kind: 'phone', phoneNumber, rawId: `4:${phoneNumber}` };
    }
    if (!callerIdText) throw new AcsError('caller-id-required', 'Calling a phone number needs caller-id');
    return { kind: 'phone', phoneNumber, rawId: `4:${phoneNumber}`, callerId: parsePhoneNumber(callerIdText) };
  }
  throw new AcsError('invalid-callee', 'The callee is not 8:orgid:<guid>, 28:orgid:<guid> or +E.164');
}

/** What the call UI offers for a callee: video with Teams users, a dial pad for voice apps and phones. */
export function calleeCapabilities(callee: ParsedCallee): { video: boolean; dtmf: boolean } {
  return { video: callee.kind === 'teams-user', dtmf: callee.kind !== 'teams-user' };
}
