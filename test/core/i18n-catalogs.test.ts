/**
 * Every built-in locale is complete (every key, no extra, same placeholders, every plural category
 * its language needs) and follows its language's typography. `npm run i18n:check` prints the same
 * check as a table.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SUPPORTED_LOCALES } from '../../src/i18n/index.js';
import { checkCatalog, ENGLISH, loadLocaleCatalog, reportFor } from './i18n-coverage.js';

type Catalog = Record<string, Record<string, string>>;
const clone = (catalog: Partial<Catalog>): Catalog => JSON.parse(JSON.stringify(catalog)) as Catalog;
const problems = (r: ReturnType<typeof checkCatalog>) => [...r.missing, ...r.extra, ...r.empty, ...r.placeholders];

describe('locale catalogs: complete', () => {
  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: every key, no extra, same placeholders, every plural category`, async () => {
      const report = await reportFor(locale);
      assert.deepEqual(problems(report), []);
      assert.equal(report.good, report.expected);
    });
  }
});

describe('the completeness check itself', () => {
  it('catches a missing key, an extra key, an empty value and a broken placeholder', async () => {
    const catalog = clone(await loadLocaleCatalog('fr-FR'));
    delete catalog['setup']!['setup.join'];
    catalog['chat']!['typo.key'] = 'x';
    catalog['meeting']!['loading'] = ' ';
    catalog['call']!['button.label'] = 'Appeler {nom}';
    const report = checkCatalog('fr-FR', catalog);
    assert.deepEqual(report.missing, ['setup/setup.join']);
    assert.deepEqual(report.extra, ['chat/typo.key']);
    assert.deepEqual(report.empty, ['meeting/loading']);
    assert.equal(report.placeholders.length, 1);
    assert.match(report.placeholders[0]!, /^call\/button\.label/);
  });

  it('requires each plural category of the language, and no other', async () => {
    const polish = clone(await loadLocaleCatalog('pl-PL'));
    delete polish['chat']!['unread.few'];
    polish['chat']!['unread.two'] = '{count} x';
    const report = checkCatalog('pl-PL', polish);
    assert.deepEqual(report.missing, ['chat/unread.few']);
    assert.deepEqual(report.extra, ['chat/unread.two']);
  });

  it('lets a form spelling out its one number drop {count}, and no other form', async () => {
    const arabic = clone(await loadLocaleCatalog('ar-SA'));
    arabic['chat']!['unread.two'] = 'رسالتان جديدتان';
    arabic['chat']!['unread.few'] = 'رسائل جديدة';
    const report = checkCatalog('ar-SA', arabic);
    assert.deepEqual(report.placeholders.map((p) => p.split(':')[0]), ['chat/unread.few']);
  });
});

/** Every message of a locale, as [where, text]. */
async function messages(locale: string): Promise<Array<[string, string]>> {
  const catalog = await loadLocaleCatalog(locale);
  return Object.entries(catalog).flatMap(([namespace, strings]) =>
    Object.entries(strings ?? {}).map(([key, text]): [string, string] => [`${namespace}/${key}`, text]),
  );
}

describe('locale catalogs: typography', () => {
  const NNBSP = '\u202f';

  it('every locale: no straight quotes, no three dots for an ellipsis', async () => {
    const bad: string[] = [];
    for (const locale of SUPPORTED_LOCALES) {
      for (const [where, text] of await messages(locale)) {
        if (/["]|\.\.\./.test(text)) bad.push(`${locale} ${where}: ${text}`);
        if (/'/.test(text)) bad.push(`${locale} ${where}: straight apostrophe`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('fr-FR: a narrow no-break space before : ; ? ! » and after «', async () => {
    const bad: string[] = [];
    for (const [where, text] of await messages('fr-FR')) {
      const stripped = text.replace(/\d:\d/g, '');
      if (new RegExp(`[^${NNBSP}][:;?!»]|«[^${NNBSP}]`).test(stripped)) bad.push(`${where}: ${text}`);
    }
    assert.deepEqual(bad, []);
  });

  it('fr-CA: a no-break space before a colon, none before ; ? !', async () => {
    const bad: string[] = [];
    for (const [where, text] of await messages('fr-CA')) {
      if (/[^\u00a0\u202f]:/.test(text.replace(/\d:\d/g, '')) || /\s[;?!]/.test(text)) bad.push(`${where}: ${text}`);
    }
    assert.deepEqual(bad, []);
  });

  // en-GB holds only what differs and spreads the components' (American) English for the rest, so
  // a new English string that says "organizer" or "dial pad" would reach British readers unnoticed.
  it('en-GB: British spelling and usage, also in the strings it takes from American English', async () => {
    const american = /organiz|dial ?pad|\bpound\b|[“”]|\bcolor|\bcenter|\bcanceled|\bfavorite|\bbehavior/i;
    const bad = (await messages('en-GB')).filter(([, text]) => american.test(text));
    assert.deepEqual(bad, []);
    // The check itself: American English has such strings, so it is not vacuous.
    const english = Object.values(ENGLISH).flatMap((strings) => Object.values(strings));
    assert.ok(english.filter((text) => american.test(text)).length > 0);
  });

  it('en-GB: each string it holds says something American English does not', async () => {
    const source = readFileSync(new URL('../../src/i18n/locales/en-GB.ts', import.meta.url), 'utf8');
    const catalog = await loadLocaleCatalog('en-GB');
    const overridden = [...source.matchAll(/^ {4}'([^']+)': /gm)].map((match) => match[1]!);
    assert.ok(overridden.length > 0);
    const same = overridden.filter((key) =>
      Object.entries(catalog).some(([namespace, strings]) => strings?.[key] !== undefined && strings[key] === ENGLISH[namespace as keyof typeof ENGLISH][key]),
    );
    assert.deepEqual(same, []);
  });

  it('zh-CN, zh-TW, ja-JP: full-width punctuation next to CJK text', async () => {
    const bad: string[] = [];
    for (const locale of ['zh-CN', 'zh-TW', 'ja-JP']) {
      for (const [where, text] of await messages(locale)) {
        const cjk = '[\\u3040-\\u30ff\\u3400-\\u9fff]';
        if (new RegExp(`${cjk}[,.:;?!()]|[,:;?!()]${cjk}`).test(text)) bad.push(`${locale} ${where}: ${text}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('de-DE: German quotation marks („…“)', async () => {
    const bad = (await messages('de-DE')).filter(([, text]) => /[”«»]/.test(text) || (/“/.test(text) && !/„/.test(text)));
    assert.deepEqual(bad, []);
  });

  it('no long sentence left in English by accident', async () => {
    const bad: string[] = [];
    for (const locale of SUPPORTED_LOCALES.filter((l) => !l.startsWith('en-'))) {
      const catalog = await loadLocaleCatalog(locale);
      for (const [namespace, strings] of Object.entries(catalog)) {
        for (const [key, text] of Object.entries(strings ?? {})) {
          const english = ENGLISH[namespace as keyof typeof ENGLISH][key];
          const words = english?.replace(/\{\w+\}/g, '').match(/[A-Za-z]{3,}/g) ?? [];
          if (text === english && words.length >= 3) bad.push(`${locale} ${namespace}/${key}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });
});
