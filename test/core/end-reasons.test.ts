import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapEndReason } from '../../src/core/end-reasons.js';

describe('mapEndReason', () => {
  const table: Array<[number, number, boolean, string]> = [
    [0, 0, false, 'local'],
    [0, 4097, false, 'ended-by-organizer'],
    [0, 5000, false, 'removed'],
    [0, 5300, false, 'removed'],
    [0, 5854, true, 'lobby-denied'],
    [0, 5855, true, 'lobby-timeout'],
    [403, 0, true, 'anonymous-join-disabled'],
    [403, 10003, true, 'anonymous-join-disabled'],
    [401, 10009, false, 'token'],
    [495, 4507, true, 'token'],
    [490, 4525, true, 'network'],
    [490, 4502, false, 'network'],
    [410, 3100, false, 'network'],
    [410, 3101, false, 'network'],
    [0, 5003, false, 'unknown'],
    [487, 10004, true, 'unknown'],
    [500, 0, false, 'unknown'],
  ];
  for (const [code, subCode, joining, reason] of table) {
    it(`${code}/${subCode}${joining ? ' (joining)' : ''} → ${reason}`, () => {
      assert.equal(mapEndReason(code, subCode, { joining }), reason);
    });
  }

  it('a 403 after the call connected is not "anonymous join disabled"', () => {
    assert.equal(mapEndReason(403, 0, { joining: false }), 'unknown');
    assert.equal(mapEndReason(403, 0), 'unknown');
  });

  it('401 with another subcode is not a token expiry', () => {
    assert.equal(mapEndReason(401, 1), 'unknown');
  });
});
