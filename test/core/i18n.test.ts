import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { matchLocale, resolveLocale, SUPPORTED_LOCALES, Translator, type Catalogs } from '../../src/i18n/index.js';
import { errorMessage, errorStrings } from '../../src/i18n/errors.js';
import { ERROR_CODES } from '../../src/core/errors.js';

const sample: Catalogs<{ greet: string; bye: string; 'files.one': string; 'files.other': string }> = {
  en: { greet: 'Hello {name}', bye: 'Bye', 'files.one': '{count} file', 'files.other': '{count} files' },
  fr: { greet: 'Bonjour {name}', bye: '', 'files.one': '{count} fichier', 'files.other': '{count} fichiers' },
  it: { greet: 'Ciao {name}', bye: 'Ciao ciao', 'files.one': '{count} file', 'files.other': '{count} file' },
};

describe('matchLocale', () => {
  it('maps BCP 47 tags to supported locales', () => {
    assert.equal(matchLocale('fr'), 'fr');
    assert.equal(matchLocale('fr-CA'), 'fr');
    assert.equal(matchLocale('IT_ch'), 'it');
    assert.equal(matchLocale(' en-GB '), 'en');
  });

  it('returns undefined for unsupported or empty tags', () => {
    for (const tag of ['de', 'es-ES', '', null, undefined, 'french', '-fr']) assert.equal(matchLocale(tag), undefined, String(tag));
  });
});

describe('Translator', () => {
  it('looks up the locale, interpolates, and leaves unknown placeholders', () => {
    assert.equal(new Translator(sample, 'fr').t('greet', { name: 'Zoë' }), 'Bonjour Zoë');
    assert.equal(new Translator(sample, 'it').t('greet'), 'Ciao {name}');
    assert.equal(new Translator(sample, 'en').t('greet', { other: 1 }), 'Hello {name}');
  });

  it('prefers host overrides, and keeps an empty translation rather than falling back', () => {
    assert.equal(new Translator(sample, 'fr', { greet: 'Salut {name}' }).t('greet', { name: 'A' }), 'Salut A');
    // An empty string is a deliberate value (?? only skips null/undefined).
    assert.equal(new Translator(sample, 'fr').t('bye'), '');
  });

  it('falls back to English and then to the key', () => {
    const partial = { ...sample, it: { ...sample.it } } as Catalogs<Record<string, string>>;
    delete partial.it['bye'];
    assert.equal(new Translator(partial, 'it').t('bye'), 'Bye');
    assert.equal(new Translator(partial, 'it').t('missing.key'), 'missing.key');
  });

  it('picks plural forms with Intl.PluralRules', () => {
    const en = new Translator(sample, 'en');
    assert.equal(en.plural('files', 1), '1 file');
    assert.equal(en.plural('files', 2), '2 files');
    const fr = new Translator(sample, 'fr');
    // French treats 0 and 1 as singular.
    assert.equal(fr.plural('files', 0), '0 fichier');
    assert.equal(fr.plural('files', 1), '1 fichier');
    assert.equal(fr.plural('files', 5), '5 fichiers');
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
  const languages = { value: ['de-DE', 'it-IT'] as string[] };
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
    assert.equal(resolveLocale(tree('it'), 'fr-BE'), 'fr');
  });

  it('else the nearest [lang], crossing shadow roots', () => {
    assert.equal(resolveLocale(tree('fr-CA'), 'xx'), 'fr');
    assert.equal(resolveLocale(tree('fr')), 'fr');
  });

  it('else the browser languages, first supported wins', () => {
    assert.equal(resolveLocale(tree()), 'it');
    assert.equal(resolveLocale(tree('de')), 'it');
  });

  it('else English', () => {
    languages.value = ['de', 'ja'];
    assert.equal(resolveLocale(tree()), 'en');
  });
});

describe('errorMessage', () => {
  it('has a real message for every error code in every locale', () => {
    for (const code of ERROR_CODES) {
      for (const locale of SUPPORTED_LOCALES) {
        const message = errorMessage(code, locale);
        assert.notEqual(message, `errors.${code}`, `${locale} ${code}`);
        assert.ok(message.length > 15, `${locale} ${code}`);
      }
    }
  });

  it('speaks the locale and tells consumer Teams users what works', () => {
    assert.equal(
      errorMessage('consumer-teams-unsupported', 'en'),
      'This link is for Teams (free). Only work or school Teams meetings can be joined here.',
    );
    assert.match(errorMessage('consumer-teams-unsupported', 'fr'), /Teams \(gratuit\)/);
    assert.match(errorMessage('consumer-teams-unsupported', 'it'), /Teams \(gratuito\)/);
  });

  it('takes element overrides first and defaults to English', () => {
    assert.equal(errorMessage('network', 'fr', { 'errors.network': 'Hors ligne.' }), 'Hors ligne.');
    assert.equal(errorMessage('network', 'it', { 'errors.unknown': 'x' }), errorStrings.it['errors.network']);
    assert.equal(errorMessage('network'), errorStrings.en['errors.network']);
  });

  it('has no stray keys beyond ERROR_CODES', () => {
    const expected = ERROR_CODES.map((code) => `errors.${code}`).sort();
    for (const locale of SUPPORTED_LOCALES) assert.deepEqual(Object.keys(errorStrings[locale]).sort(), expected, locale);
  });
});

/** Every `Catalogs` exported by a module under src/ (the error catalog and each feature's). */
async function allCatalogs(): Promise<Array<{ name: string; catalogs: Catalogs<Record<string, string>> }>> {
  const root = join(import.meta.dirname, '../../src');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('i18n/index.ts') && /Catalogs</.test(readFileSync(path, 'utf8'))) files.push(path);
    }
  };
  walk(root);
  const found: Array<{ name: string; catalogs: Catalogs<Record<string, string>> }> = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      const v = value as Partial<Catalogs<Record<string, string>>> | null;
      if (v && typeof v === 'object' && v.en && v.fr && v.it && typeof v.en === 'object') {
        found.push({ name: `${relative(root, file)}:${exportName}`, catalogs: v as Catalogs<Record<string, string>> });
      }
    }
  }
  return found;
}

describe('catalog quality (every catalog in src/)', () => {
  it('finds the error catalog among them', async () => {
    const names = (await allCatalogs()).map((c) => c.name);
    assert.ok(names.includes('i18n/errors.ts:errorStrings'), names.join(', '));
  });

  it('has no empty fr/it value, and no long one left in English by accident', async () => {
    const problems: string[] = [];
    for (const { name, catalogs } of await allCatalogs()) {
      for (const [key, english] of Object.entries(catalogs.en)) {
        for (const locale of ['fr', 'it'] as const) {
          const value = catalogs[locale][key];
          if (typeof value !== 'string' || value.trim() === '') problems.push(`${name} ${locale} ${key}: empty`);
          // Short strings (names, "OK", "{count}") may legitimately match English; sentences not.
          const words = english.replace(/\{\w+\}/g, '').match(/[A-Za-z]{3,}/g) ?? [];
          if (value === english && english.length > 20 && words.length >= 3) problems.push(`${name} ${locale} ${key}: same as en`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('keeps the same {placeholders} as English', async () => {
    const problems: string[] = [];
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
    for (const { name, catalogs } of await allCatalogs()) {
      for (const [key, english] of Object.entries(catalogs.en)) {
        for (const locale of ['fr', 'it'] as const) {
          const value = catalogs[locale][key] ?? '';
          if (names(value) !== names(english)) problems.push(`${name} ${locale} ${key}: ${names(value)} vs ${names(english)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
