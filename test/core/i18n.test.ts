import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dateTimeFormat,
  elementDirection,
  isolate,
  loadLocale,
  localeDirection,
  localeReady,
  matchLocale,
  registerLocale,
  resolveLocale,
  SUPPORTED_LOCALES,
  Translator,
} from '../../src/i18n/index.js';
import { errorMessage, errorStrings, loadErrorMessage } from '../../src/i18n/errors.js';
import { ERROR_CODES } from '../../src/core/errors.js';

const english = { greet: 'Hello {name}', bye: 'Bye', 'files.one': '{count} file', 'files.other': '{count} files' };

describe('matchLocale', () => {
  it('matches the 24 built-in tags exactly, in any case', () => {
    for (const tag of SUPPORTED_LOCALES) assert.equal(matchLocale(tag.toLowerCase()), tag);
    assert.equal(matchLocale(' IT_it '), 'it-IT');
  });

  it('falls back by region as documented', () => {
    const cases: Array<[string, string]> = [
      ['fr', 'fr-FR'], ['fr-BE', 'fr-FR'], ['fr-CH', 'fr-FR'], ['fr-CA', 'fr-CA'],
      ['pt', 'pt-BR'], ['pt-PT', 'pt-BR'],
      ['es', 'es-ES'], ['es-AR', 'es-MX'], ['es-419', 'es-MX'], ['es-US', 'es-MX'], ['es-ES', 'es-ES'],
      ['en', 'en-US'], ['en-CA', 'en-US'], ['en-AU', 'en-GB'], ['en-IE', 'en-GB'], ['en-IN', 'en-GB'], ['en-NZ', 'en-GB'],
      ['zh', 'zh-CN'], ['zh-SG', 'zh-CN'], ['zh-Hans-HK', 'zh-CN'], ['zh-HK', 'zh-TW'], ['zh-Hant', 'zh-TW'], ['zh-MO', 'zh-TW'],
      ['no', 'nb-NO'], ['nn-NO', 'nb-NO'], ['nb', 'nb-NO'], ['iw', 'he-IL'], ['he', 'he-IL'],
      ['ar-EG', 'ar-SA'], ['de-AT', 'de-DE'], ['de-CH', 'de-DE'], ['nl-BE', 'nl-NL'], ['sv-FI', 'sv-SE'], ['cy', 'cy-GB'],
    ];
    for (const [tag, expected] of cases) assert.equal(matchLocale(tag), expected, tag);
  });

  it('returns undefined for unsupported or empty tags', () => {
    for (const tag of ['tlh', 'x-klingon', '', null, undefined, 'french', '-fr']) assert.equal(matchLocale(tag), undefined, String(tag));
  });
});

describe('registerLocale', () => {
  it('adds a language any tag of it matches, with English for what it leaves out', () => {
    registerLocale('eu', { meeting: { 'meeting.label': 'Teams bilera' } });
    assert.equal(matchLocale('eu-ES'), 'eu');
    const t = new Translator('meeting', { 'meeting.label': 'Teams meeting', loading: 'Loading…' }, 'eu');
    assert.equal(t.t('meeting.label'), 'Teams bilera');
    assert.equal(t.t('loading'), 'Loading…');
  });

  it('patches a built-in locale, over its chunk, whenever the chunk arrives', async () => {
    registerLocale('de-DE', { setup: { 'setup.join': 'Los geht’s' } });
    await loadLocale('de-DE');
    assert.equal(new Translator('setup', { 'setup.join': 'Join now', 'setup.title': 'x' }, 'de-DE').t('setup.join'), 'Los geht’s');
    assert.notEqual(new Translator('setup', { 'setup.join': 'Join now', 'setup.title': 'x' }, 'de-DE').t('setup.title'), 'x');
  });
});

describe('loadLocale and localeReady', () => {
  it('has nothing to wait for in English, and the chunk to wait for in another language', async () => {
    assert.equal(localeReady('en-US'), undefined);
    const pending = localeReady('ja-JP');
    assert.ok(pending instanceof Promise);
    await pending;
    assert.equal(localeReady('ja-JP'), undefined);
    assert.equal(new Translator('setup', { 'setup.join': 'Join now' }, 'ja-JP').t('setup.join') === 'Join now', false);
  });
});

describe('Translator', () => {
  it('interpolates, and leaves unknown placeholders', () => {
    assert.equal(new Translator('meeting', english, 'en-US').t('greet', { name: 'Zoë' }), 'Hello Zoë');
    assert.equal(new Translator('meeting', english, 'en-US').t('greet', { other: 1 }), 'Hello {name}');
  });

  it('prefers host overrides, and keeps an empty override rather than falling back', () => {
    assert.equal(new Translator('meeting', english, 'fr-FR', { greet: 'Salut {name}' }).t('greet', { name: 'A' }), 'Salut A');
    assert.equal(new Translator('meeting', english, 'fr-FR', { bye: '' }).t('bye'), '');
  });

  it('falls back to English and then to the key', () => {
    assert.equal(new Translator('meeting', english, 'fr-FR').t('bye'), 'Bye');
    assert.equal(new Translator('meeting', english as Record<string, string>, 'fr-FR').t('missing.key'), 'missing.key');
  });

  it('picks every plural category of the language, writing the count in its digits', async () => {
    const en = new Translator('chat', { 'unread.one': '{count} new message', 'unread.other': '{count} new messages' }, 'en-US');
    assert.equal(en.plural('unread', 1), '1 new message');
    assert.equal(en.plural('unread', 1234), '1,234 new messages');
    await Promise.all(['fr-FR', 'pl-PL', 'ar-SA', 'ru-RU', 'cy-GB'].map((l) => loadLocale(l)));
    const view = { 'unread.one': 'x', 'unread.other': 'y' };
    const fr = new Translator('chat', view, 'fr-FR');
    assert.match(fr.plural('unread', 0), /^0 nouveau message$/);
    assert.match(fr.plural('unread', 5), /^5 nouveaux messages$/);
    /** The template behind a message: the message without its number. */
    const shape = (text: string) => text.replace(/[\d\u0660-\u0669٬٫.,\s]+/g, ' ').trim();
    const distinct = (locale: string, counts: number[]) =>
      new Set(counts.map((n) => shape(new Translator('chat', view, locale).plural('unread', n)))).size;
    assert.equal(distinct('pl-PL', [1, 2, 5, 1.5]), 4);
    assert.equal(distinct('ru-RU', [1, 2, 5, 1.5]), 4);
    // Arabic and Welsh: each of the six categories picks its own key (overrides mark which).
    const marked = Object.fromEntries(['zero', 'one', 'two', 'few', 'many', 'other'].map((c) => [`unread.${c}`, c]));
    const pick = (locale: string, n: number) => new Translator('chat', view, locale, marked).plural('unread', n);
    assert.deepEqual([0, 1, 2, 3, 11, 100].map((n) => pick('ar-SA', n)), ['zero', 'one', 'two', 'few', 'many', 'other']);
    assert.deepEqual([0, 1, 2, 3, 6, 7].map((n) => pick('cy-GB', n)), ['zero', 'one', 'two', 'few', 'many', 'other']);
    // A language without a category falls back to .other, never to another language.
    assert.equal(new Translator('chat', view, 'ja-JP', { 'unread.other': 'O' }).plural('unread', 1), 'O');
    assert.match(new Translator('chat', view, 'ar-SA').plural('unread', 3), /٣/);
  });

  it('formats a numeric {count} for the locale in plain messages too', () => {
    assert.equal(new Translator('meeting', { n: '({count})' }, 'de-DE').t('n', { count: 1200 }), '(1.200)');
  });
});

describe('Intl formatters', () => {
  it('are built once per locale and options', () => {
    const options: Intl.DateTimeFormatOptions = { timeStyle: 'short' };
    assert.equal(dateTimeFormat('fr-FR', options), dateTimeFormat('fr-FR', options));
    assert.equal(dateTimeFormat('fr-FR', options), dateTimeFormat('fr-FR', { timeStyle: 'short' }));
    assert.notEqual(dateTimeFormat('fr-FR', options), dateTimeFormat('de-DE', options));
    assert.equal(dateTimeFormat('fr-FR', options).format(new Date(2026, 10, 29, 14, 5)), '14:05');
  });

  it('survive a registered tag Intl does not know', () => {
    registerLocale('x-pirate', { meeting: {} });
    assert.ok(dateTimeFormat('x-pirate', { dateStyle: 'short' }).format(new Date(2026, 0, 2)).length > 0);
  });
});

describe('bidi isolation of interpolated values', () => {
  it('isolates a value whose direction differs from the sentence, and only then', () => {
    assert.equal(isolate('Grace Hopper', 'rtl'), '\u2068Grace Hopper\u2069');
    assert.equal(isolate('+14255550123', 'rtl'), '\u2068+14255550123\u2069');
    assert.equal(isolate('ليلى', 'ltr'), '\u2068ليلى\u2069');
    assert.equal(isolate('ليلى', 'rtl'), 'ليلى');
    assert.equal(isolate('Grace Hopper', 'ltr'), 'Grace Hopper');
    assert.equal(isolate('42', 'ltr'), '42');
  });

  it('applies to names in messages of a right-to-left locale', async () => {
    await loadLocale('he-IL');
    const t = new Translator('meetingUi', { 'toast.joined': '{name} joined' }, 'he-IL');
    assert.equal(t.t('toast.joined', { name: 'Grace' }), '\u2068Grace\u2069 הצטרף/ה');
  });
});

describe('direction', () => {
  it('is rtl for Arabic and Hebrew', () => {
    assert.equal(localeDirection('ar-SA'), 'rtl');
    assert.equal(localeDirection('he-IL'), 'rtl');
    assert.equal(localeDirection('fr-FR'), 'ltr');
  });

  it('leaves an implicit left-to-right locale to the page (an ancestor dir="rtl" applies)', () => {
    assert.equal(elementDirection('ar-SA'), 'rtl');
    assert.equal(elementDirection('en-US'), undefined);
    assert.equal(elementDirection('en-US', 'en'), 'ltr');
  });
});

describe('resolveLocale (with minimal DOM stand-ins)', () => {
  // Node has no DOM: stand-ins with just what resolveLocale touches (instanceof, attributes,
  // parentNode, ShadowRoot.host). Installed for this suite only.
  class FakeNode {
    parentNode: FakeNode | null = null;
  }
  class FakeElement extends FakeNode {
    constructor(private readonly attrs: Record<string, string> = {}) {
      super();
    }
    hasAttribute(name: string) {
      return name in this.attrs;
    }
    getAttribute(name: string) {
      return this.attrs[name] ?? null;
    }
  }
  class FakeShadowRoot extends FakeNode {
    constructor(readonly host: FakeElement) {
      super();
    }
  }
  const g = globalThis as Record<string, unknown>;
  const saved = { Element: g['Element'], ShadowRoot: g['ShadowRoot'], navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator') };
  const languages = { value: ['de-AT', 'it-IT'] as string[] };
  before(() => {
    g['Element'] = FakeElement;
    g['ShadowRoot'] = FakeShadowRoot;
    Object.defineProperty(globalThis, 'navigator', { configurable: true, get: () => ({ languages: languages.value, language: languages.value[0] }) });
  });
  after(() => {
    g['Element'] = saved.Element;
    g['ShadowRoot'] = saved.ShadowRoot;
    if (saved.navigator) Object.defineProperty(globalThis, 'navigator', saved.navigator);
    else delete g['navigator'];
  });

  function tree(lang?: string) {
    const html = new FakeElement(lang === undefined ? {} : { lang });
    const host = new FakeElement();
    host.parentNode = html;
    const shadow = new FakeShadowRoot(host);
    const inner = new FakeElement();
    inner.parentNode = shadow;
    return inner as unknown as Element;
  }

  it('uses the explicit locale attribute first', () => {
    assert.equal(resolveLocale(tree('it'), 'fr-BE'), 'fr-FR');
  });

  it('else the nearest [lang], crossing shadow roots', () => {
    assert.equal(resolveLocale(tree('fr-CA'), 'xx-unknown'), 'fr-CA');
    assert.equal(resolveLocale(tree('fr')), 'fr-FR');
  });

  it('else the browser languages, first supported wins', () => {
    assert.equal(resolveLocale(tree()), 'de-DE');
    assert.equal(resolveLocale(tree('tlh')), 'de-DE');
    languages.value = ['tlh', 'it-CH'];
    assert.equal(resolveLocale(tree()), 'it-IT');
  });

  it('else en-US', () => {
    languages.value = ['tlh', 'x-klingon'];
    assert.equal(resolveLocale(tree()), 'en-US');
  });
});

describe('errorMessage', () => {
  it('has a real message for every error code in every locale', async () => {
    for (const code of ERROR_CODES) {
      for (const locale of SUPPORTED_LOCALES) {
        const message = await loadErrorMessage(code, locale);
        assert.notEqual(message, `errors.${code}`, `${locale} ${code}`);
        // A sentence, not a stray word (CJK sentences are short in characters).
        assert.ok(message.length > (/^(zh|ja|ko)-/.test(locale) ? 5 : 15), `${locale} ${code}`);
      }
    }
  });

  it('speaks the locale (waiting for its chunk) and tells consumer Teams users what works', async () => {
    assert.equal(
      errorMessage('consumer-teams-unsupported', 'en-US'),
      'This link is for Teams (free). Only work or school Teams meetings can be joined here.',
    );
    assert.match(await loadErrorMessage('consumer-teams-unsupported', 'fr-FR'), /Teams \(gratuit\)/);
    assert.match(await loadErrorMessage('consumer-teams-unsupported', 'it-IT'), /Teams \(gratuito\)/);
    assert.match(await loadErrorMessage('consumer-teams-unsupported', 'ko-KR'), /Teams/);
  });

  it('takes element overrides first and defaults to English', async () => {
    assert.equal(errorMessage('network', 'fr-FR', { 'errors.network': 'Hors ligne.' }), 'Hors ligne.');
    assert.notEqual(await loadErrorMessage('network', 'it-IT', { 'errors.unknown': 'x' }), errorStrings['errors.network']);
    assert.equal(errorMessage('network'), errorStrings['errors.network']);
    assert.equal(errorMessage('network', 'tlh'), errorStrings['errors.network']);
  });

  it('has exactly one message per ERROR_CODES entry', () => {
    const expected = ERROR_CODES.map((code) => `errors.${code}`).sort();
    assert.deepEqual(Object.keys(errorStrings).sort(), expected);
  });
});

