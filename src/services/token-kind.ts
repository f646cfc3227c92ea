/**
 * The token-kind check shared by the meeting and call services, in its own tiny module so the
 * script-tag entry (which loads the meeting service picker) does not carry the call service.
 */
import { AcsError } from '../core/errors.js';
import { tokenKind } from '../core/jwt.js';

/**
 * Checks that the token is the kind the element was told to use, before any SDK sees it: the SDK
 * answers an ACS token given to a TeamsCallAgent with a bare 403/40231. Tokens whose kind cannot
 * be read pass (a custom backend may use other tokens); the SDK then decides.
 * @throws AcsError `token-wrong-kind`.
 */
export function assertTokenKind(token: string, identity: 'acs' | 'teams'): void {
  const kind = tokenKind(token);
  if (kind !== 'unknown' && kind !== identity) {
    throw new AcsError(
      'token-wrong-kind',
      identity === 'teams'
        ? 'identity="teams" needs a Teams user token (from getTokenForTeamsUser), but the token is an ACS identity token'
        : 'identity="acs" needs an ACS identity token, but the token is a Teams user token: set identity="teams"',
    );
  }
}
