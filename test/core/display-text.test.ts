import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanDisplayText, displayText, textDirection } from '../../src/core/display-text.js';

describe('displayText', () => {
  it('removes bidi overrides, embeddings and isolates (no reordering spoof)', () => {
    assert.equal(displayText('Bob\u202Eecila'), 'Bobecila');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      assert.equal(displayText(`A${c}B`), 'AB', `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`);
    }
  });

  it('removes zero-width and invisible characters (two names cannot look alike)', () => {
    for (const c of ['\u200B', '\u200C', '\u200D', '\uFEFF', '\u2060', '\u2061', '\u2064', '\u00AD', '\u180E', '\u206F']) {
      assert.equal(displayText(`Al${c}ice`), 'Alice', `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`);
    }
  });

  it('makes one line: controls and line/paragraph separators become one space', () => {
    assert.equal(displayText('Ada\u2028Lovelace'), 'Ada Lovelace');
    assert.equal(displayText('Ada\u2029\r\nLovelace\u0007'), 'Ada Lovelace');
    assert.equal(displayText('  Ada \u0000 Lovelace  '), 'Ada Lovelace');
  });

  it('keeps ordinary text in any script, and emoji joined by ZWJ', () => {
    for (const name of ['Zoë Ünal', 'محمد علي', 'שלום', '山田 太郎', 'Renée-Claude O’Brien', '👩‍💻 Dev', '👨🏽‍🚀', '❤️‍🔥']) {
      assert.equal(displayText(name), name);
    }
  });
});

describe('cleanDisplayText', () => {
  it('cleans names and topics at any depth, and lists of names', () => {
    const state = {
      topic: 'Plan\u202E',
      participants: [{ id: 'a', displayName: 'A\u200Bda', kind: 'acs' }, { id: 'b', displayName: 'Bob', kind: 'acs' }],
      captions: { active: true, entries: [{ id: '1', speakerName: 'S\u2066am', text: 'hi\u202E' }] },
      messages: [{ id: 'm', text: 'keep\u200B', sender: { displayName: 'T\u2069om' }, system: { kind: 'participant-added', names: ['X\u202Ey', 'Z'] } }],
    };
    const clean = cleanDisplayText(state);
    assert.equal(clean.topic, 'Plan');
    assert.equal(clean.participants[0]!.displayName, 'Ada');
    assert.equal(clean.participants[1], state.participants[1], 'an unchanged participant keeps its identity');
    assert.equal(clean.captions.entries[0]!.speakerName, 'Sam');
    assert.equal(clean.captions.entries[0]!.text, 'hi\u202E', 'message text is not a name: left to its own rendering');
    assert.equal(clean.messages[0]!.sender.displayName, 'Tom');
    assert.deepEqual(clean.messages[0]!.system.names, ['Xy', 'Z']);
    assert.equal(clean.messages[0]!.text, 'keep\u200B');
    assert.equal(state.participants[0]!.displayName, 'A\u200Bda', 'the input is not changed');
  });

  it('returns the same object when nothing needs cleaning', () => {
    const state = { topic: 'Plan', participants: [{ displayName: 'Ada' }], when: new Date(0) };
    assert.equal(cleanDisplayText(state), state);
  });
});

describe('textDirection', () => {
  it('follows the first letter, as dir="auto" does', () => {
    assert.equal(textDirection('Hello from Teams, welcome!'), 'ltr');
    assert.equal(textDirection('¡Hola!'), 'ltr');
    assert.equal(textDirection('مرحبًا بالجميع! Hello'), 'rtl');
    assert.equal(textDirection('  “שלום” world'), 'rtl');
    assert.equal(textDirection('123 — مرحبا Grace'), 'rtl', 'digits and punctuation are not letters');
    assert.equal(textDirection('12:30 ok'), 'ltr');
    assert.equal(textDirection('你好'), 'ltr');
    assert.equal(textDirection('🙂 123'), undefined);
    assert.equal(textDirection(''), undefined);
  });
});
