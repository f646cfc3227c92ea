import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calleeCapabilities, parseCallee, parsePhoneNumber } from '../../src/core/callee.js';
import { AcsError } from '../../src/core/errors.js';
import { mapCallEndReason } from '../../src/core/end-reasons.js';
import { assertTokenKind } from '../../src/services/token-kind.js';

const GUID = '6e2c6b4a-81f3-4d2e-9a51-0c1d2e3f4a5b';

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AcsError, 'throws an AcsError');
    return error.code;
  }
  return 'no error';
}

describe('parseCallee', () => {
  it('a Teams user: 8:orgid:<guid>, lower-cased, public cloud', () => {
    assert.deepEqual(parseCallee(` 8:orgid:${GUID.toUpperCase()} `), { kind: 'teams-user', id: GUID, rawId: `8:orgid:${GUID}`, cloud: 'public' });
  });

  it('government clouds: 8:gcch: and 8:dod:, 28:gcch: and 28:dod:', () => {
    assert.equal(parseCallee(`8:gcch:${GUID}`).kind, 'teams-user');
    assert.deepEqual(parseCallee(`8:dod:${GUID}`), { kind: 'teams-user', id: GUID, rawId: `8:dod:${GUID}`, cloud: 'dod' });
    assert.deepEqual(parseCallee(`28:gcch:${GUID}`), { kind: 'teams-app', id: GUID, rawId: `28:gcch:${GUID}`, cloud: 'gcch' });
    assert.equal((parseCallee(`28:dod:${GUID}`) as { cloud: string }).cloud, 'dod');
  });

  it('a call queue or auto attendant: 28:orgid:<guid>', () => {
    assert.deepEqual(parseCallee(`28:orgid:${GUID}`), { kind: 'teams-app', id: GUID, rawId: `28:orgid:${GUID}`, cloud: 'public' });
  });

  it('Teams-shaped ids that are not: unknown prefix, no guid, ACS users', () => {
    assert.equal(code(() => parseCallee(`8:live:${GUID}`)), 'invalid-callee');
    assert.equal(code(() => parseCallee('8:orgid:not-a-guid')), 'invalid-callee');
    assert.equal(code(() => parseCallee(`28:orgid:${GUID}x`)), 'invalid-callee');
    assert.equal(code(() => parseCallee(`8:acs:resource_${GUID}`)), 'invalid-callee');
  });

  it('empty, missing and free text are invalid-callee', () => {
    assert.equal(code(() => parseCallee('')), 'invalid-callee');
    assert.equal(code(() => parseCallee('   ')), 'invalid-callee');
    assert.equal(code(() => parseCallee(undefined)), 'invalid-callee');
    assert.equal(code(() => parseCallee(null)), 'invalid-callee');
    assert.equal(code(() => parseCallee('sales@contoso.com')), 'invalid-callee');
    assert.equal(code(() => parseCallee(GUID)), 'invalid-callee');
  });

  it('a phone number with caller id (ACS identity): both normalized to E.164', () => {
    assert.deepEqual(parseCallee('+1 (425) 555-0123', { callerId: '+1 425 555 0100' }), {
      kind: 'phone',
      phoneNumber: '+14255550123',
      rawId: '4:+14255550123',
      callerId: '+14255550100',
    });
  });

  it('a phone number without caller id: caller-id-required for ACS identities (the default)', () => {
    assert.equal(code(() => parseCallee('+14255550123')), 'caller-id-required');
    assert.equal(code(() => parseCallee('+14255550123', { callerId: '  ', identity: 'acs' })), 'caller-id-required');
  });

  it('Teams identities call phones with their own number: no caller id needed (one given is ignored)', () => {
    assert.deepEqual(parseCallee('+14255550123', { identity: 'teams' }), { kind: 'phone', phoneNumber: '+14255550123', rawId: '4:+14255550123' });
    assert.equal((parseCallee('+14255550123', { identity: 'teams', callerId: 'junk' }) as { callerId?: string }).callerId, undefined);
  });

  it('numbers that are not E.164 are invalid-phone-number', () => {
    assert.equal(code(() => parseCallee('4255550123', { callerId: '+14255550100' })), 'invalid-phone-number');
    assert.equal(code(() => parseCallee('(425) 555-0123', { callerId: '+14255550100' })), 'invalid-phone-number');
    assert.equal(code(() => parseCallee('+0425550123', { callerId: '+14255550100' })), 'invalid-phone-number');
    assert.equal(code(() => parseCallee('+1234', { callerId: '+14255550100' })), 'invalid-phone-number');
    assert.equal(code(() => parseCallee('+1234567890123456', { callerId: '+14255550100' })), 'invalid-phone-number');
    assert.equal(code(() => parseCallee('+1425555012a', { callerId: '+14255550100' })), 'invalid-phone-number');
  });

  it('a caller id that is not E.164 is invalid-phone-number', () => {
    assert.equal(code(() => parseCallee('+14255550123', { callerId: '4255550100' })), 'invalid-phone-number');
  });

  it('parsePhoneNumber keeps the digits and the plus only', () => {
    assert.equal(parsePhoneNumber(' +44 20 7946.0958 '), '+442079460958');
    assert.equal(code(() => parsePhoneNumber('+44 20 7946 0958 ext 2')), 'invalid-phone-number');
  });

  it('capabilities: video for Teams users, tones for voice apps and phones', () => {
    assert.deepEqual(calleeCapabilities(parseCallee(`8:orgid:${GUID}`)), { video: true, dtmf: false });
    assert.deepEqual(calleeCapabilities(parseCallee(`28:orgid:${GUID}`)), { video: false, dtmf: true });
    assert.deepEqual(calleeCapabilities(parseCallee('+14255550123', { identity: 'teams' })), { video: false, dtmf: true });
  });
});

describe('mapCallEndReason', () => {
  const table: Array<[number, number, 'outgoing' | 'incoming', string]> = [
    [0, 0, 'outgoing', 'local'],
    [0, 540000, 'outgoing', 'local'],
    [0, 5003, 'outgoing', 'remote'],
    [0, 560000, 'outgoing', 'remote'],
    [0, 4501, 'incoming', 'declined'],
    [0, 4501, 'outgoing', 'local'],
    [603, 0, 'outgoing', 'declined'],
    [487, 10024, 'outgoing', 'declined'],
    [487, 10004, 'outgoing', 'no-answer'],
    [487, 10004, 'incoming', 'missed'],
    [487, 0, 'incoming', 'missed'],
    [487, 0, 'outgoing', 'local'],
    [487, 10003, 'incoming', 'answered-elsewhere'],
    [408, 560408, 'outgoing', 'no-answer'],
    [408, 4506, 'incoming', 'missed'],
    [480, 560480, 'outgoing', 'no-answer'],
    [480, 10037, 'outgoing', 'unavailable'],
    [486, 560486, 'outgoing', 'busy'],
    [401, 10009, 'outgoing', 'token'],
    [495, 4507, 'incoming', 'token'],
    [490, 4502, 'outgoing', 'network'],
    [490, 4525, 'outgoing', 'network'],
    [410, 3101, 'outgoing', 'network'],
    [496, 7, 'outgoing', 'network'],
    [403, 560403, 'outgoing', 'not-permitted'],
    [400, 580040, 'outgoing', 'not-permitted'],
    [484, 560484, 'outgoing', 'unknown'],
    [500, 10045, 'outgoing', 'unknown'],
  ];
  for (const [c, subCode, direction, reason] of table) {
    it(`${c}/${subCode} ${direction} → ${reason}`, () => {
      assert.equal(mapCallEndReason(c, subCode, direction), reason);
    });
  }
  it('outgoing is the default direction', () => {
    assert.equal(mapCallEndReason(487, 10004), 'no-answer');
  });
});

describe('assertTokenKind', () => {
  const jwt = (payload: Record<string, unknown>) =>
    ['{"alg":"none"}', JSON.stringify(payload)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.sig';
  const acs = jwt({ skypeid: `acs:res_${GUID}`, exp: 2e9 });
  const teams = jwt({ skypeid: `orgid:${GUID}`, exp: 2e9 });
  const entra = jwt({ oid: GUID, exp: 2e9 });

  it('matching kinds pass', () => {
    assert.doesNotThrow(() => assertTokenKind(acs, 'acs'));
    assert.doesNotThrow(() => assertTokenKind(teams, 'teams'));
  });
  it('an ACS token for identity="teams" and the reverse are token-wrong-kind', () => {
    assert.equal(code(() => assertTokenKind(acs, 'teams')), 'token-wrong-kind');
    assert.equal(code(() => assertTokenKind(teams, 'acs')), 'token-wrong-kind');
  });
  it('a token whose kind cannot be read is left to the SDK', () => {
    assert.doesNotThrow(() => assertTokenKind(entra, 'teams'));
    assert.doesNotThrow(() => assertTokenKind('not-a-jwt', 'acs'));
  });
});
