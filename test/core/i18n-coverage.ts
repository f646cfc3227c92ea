/**
 * Catalog coverage: every built-in locale against the English reference, namespace by namespace.
 * Used by test/core/i18n-catalogs.test.ts and, as a script, by `npm run i18n:check`, which prints
 * the coverage table and exits 1 when any locale is short of 100 %.
 *
 * Rules (per locale, per namespace):
 * - Every English key that is not plural must be there, non-empty.
 * - A key is plural when English has `<base>.other`; the locale then needs `<base>.<category>` for
 *   exactly the categories Intl.PluralRules gives its language (Arabic: zero one two few many other).
 * - No other key (a typo or a stale key is an extra).
 * - The same `{placeholders}` as English (for plural forms: as English's `<base>.other`). A plural
 *   form may leave `{count}` out when its category covers a single number (Arabic and Welsh
 *   spell out 0, 1 and 2: "رسالة واحدة", "two messages" as one word), never otherwise.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SUPPORTED_LOCALES, type Namespace } from '../../src/i18n/index.js';
import { meetingStrings } from '../../src/components/teams-meeting/strings.js';
import { setupStrings } from '../../src/components/teams-meeting/setup-strings.js';
import { meetingUiStrings } from '../../src/components/teams-meeting/meeting-ui-strings.js';
import { chatShellStrings } from '../../src/components/meeting-chat/strings.js';
import { chatViewStrings } from '../../src/components/meeting-chat/view-strings.js';
import { callButtonStrings } from '../../src/components/teams-call/strings.js';
import { callUiStrings } from '../../src/components/teams-call/call-ui-strings.js';
import { errorStrings } from '../../src/i18n/errors.js';

export const ENGLISH: Record<Namespace, Record<string, string>> = {
  meeting: meetingStrings,
  setup: setupStrings,
  meetingUi: meetingUiStrings,
  chat: { ...chatShellStrings, ...chatViewStrings },
  call: { ...callButtonStrings, ...callUiStrings },
  errors: errorStrings,
};

export interface LocaleReport {
  locale: string;
  expected: number;
  /** Expected keys present, non-empty, with the right placeholders. */
  good: number;
  missing: string[];
  extra: string[];
  empty: string[];
  placeholders: string[];
}

/** `{name}`s of a message, sorted, as a comparable string. */
export const placeholdersOf = (message: string): string[] => [...new Set(message.match(/\{\w+\}/g) ?? [])].sort();

function pluralBases(english: Record<string, string>): Set<string> {
  return new Set(Object.keys(english).filter((key) => key.endsWith('.other')).map((key) => key.slice(0, -'.other'.length)));
}

/** Categories of `locale` that cover exactly one integer in 0…1000 (a form may spell it out). */
function singleNumberCategories(locale: string): Set<string> {
  const rules = new Intl.PluralRules(locale);
  const counts = new Map<string, number>();
  for (let n = 0; n <= 1000; n++) {
    const category = rules.select(n);
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count === 1).map(([category]) => category));
}

export async function loadLocaleCatalog(locale: string): Promise<Partial<Record<Namespace, Record<string, string>>>> {
  if (locale === 'en-US') return ENGLISH;
  const url = new URL(`../../src/i18n/locales/${locale}.ts`, import.meta.url);
  if (!existsSync(url)) return {};
  const module = (await import(url.href)) as { default: Partial<Record<Namespace, Record<string, string>>> };
  return module.default;
}

export async function reportFor(locale: string): Promise<LocaleReport> {
  return checkCatalog(locale, await loadLocaleCatalog(locale));
}

/** Checks one locale's catalog against English (see the rules at the top). */
export function checkCatalog(locale: string, catalog: Partial<Record<string, Record<string, string>>>): LocaleReport {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const single = singleNumberCategories(locale);
  const report: LocaleReport = { locale, expected: 0, good: 0, missing: [], extra: [], empty: [], placeholders: [] };
  const namespaces = Object.keys(ENGLISH) as Namespace[];
  for (const namespace of Object.keys(catalog)) {
    if (!namespaces.includes(namespace as Namespace)) report.extra.push(`${namespace}.*`);
  }
  for (const namespace of namespaces) {
    const english = ENGLISH[namespace];
    const strings = catalog[namespace] ?? {};
    const bases = pluralBases(english);
    /** key → [English placeholders, may {count} be left out] */
    const expected = new Map<string, [string[], boolean]>();
    for (const [key, message] of Object.entries(english)) {
      const base = [...bases].find((b) => key.startsWith(`${b}.`) && !key.slice(b.length + 1).includes('.'));
      if (!base) expected.set(key, [placeholdersOf(message), false]);
    }
    for (const base of bases) {
      const reference = placeholdersOf(english[`${base}.other`] ?? '');
      for (const category of categories) expected.set(`${base}.${category}`, [reference, single.has(category)]);
    }
    for (const [key, [reference, countOptional]] of expected) {
      report.expected++;
      const value = strings[key];
      const where = `${namespace}/${key}`;
      if (value === undefined) report.missing.push(where);
      else if (value.trim() === '') report.empty.push(where);
      else {
        const found = placeholdersOf(value);
        const allowed = countOptional ? [reference, reference.filter((p) => p !== '{count}')] : [reference];
        if (allowed.some((set) => set.join() === found.join())) report.good++;
        else report.placeholders.push(`${where}: ${found.join(' ') || '(none)'} ≠ ${reference.join(' ') || '(none)'}`);
      }
    }
    for (const key of Object.keys(strings)) if (!expected.has(key)) report.extra.push(`${namespace}/${key}`);
  }
  return report;
}

export async function allReports(): Promise<LocaleReport[]> {
  return Promise.all(SUPPORTED_LOCALES.map((locale) => reportFor(locale)));
}

function percent(report: LocaleReport): string {
  return `${((100 * report.good) / report.expected).toFixed(report.good === report.expected ? 0 : 1)} %`;
}

/** `npm run i18n:check`: the coverage table, and exit 1 when anything is off. */
async function main(): Promise<number> {
  const reports = await allReports();
  const header = ['locale', 'keys', 'ok', 'missing', 'extra', 'empty', 'placeholders', 'coverage'];
  const rows = reports.map((r) => [
    r.locale,
    String(r.expected),
    String(r.good),
    String(r.missing.length),
    String(r.extra.length),
    String(r.empty.length),
    String(r.placeholders.length),
    percent(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const print = (text: string) => process.stdout.write(`${text}\n`);
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  print(line(header));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) print(line(row));
  let failed = false;
  for (const r of reports) {
    const problems = [
      ...r.missing.map((k) => `missing ${k}`),
      ...r.extra.map((k) => `extra ${k}`),
      ...r.empty.map((k) => `empty ${k}`),
      ...r.placeholders.map((k) => `placeholders ${k}`),
    ];
    if (problems.length === 0) continue;
    failed = true;
    print(`\n${r.locale}:`);
    for (const problem of problems.slice(0, 20)) print(`  ${problem}`);
    if (problems.length > 20) print(`  … and ${problems.length - 20} more`);
  }
  print(failed ? '\nFAIL: some locales are incomplete.' : `\nok: ${reports.length} locales, 100 % each.`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
