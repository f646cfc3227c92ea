/**
 * Localization.
 *
 * - Every feature owns its English catalog (the reference and the fallback), next to its code:
 *   the entry carries only the English it renders first; the setup, in-call, chat-list, call-panel
 *   and error catalogs load with their own chunks.
 * - Every other locale is one lazily loaded chunk, `src/i18n/locales/<tag>.ts`, holding all six
 *   namespaces (meeting, setup, meetingUi, chat, call, errors). Elements wait for it before they
 *   render (no English flash), and a failed load falls back to English.
 * - Messages use `{name}` placeholders. Plural messages are keys `<base>.<category>` for each
 *   Intl.PluralRules category the language has (`one`/`other` in English; `zero`…`many` in
 *   Arabic), picked by Translator.plural(); a key is plural when English has `<base>.other`.
 * - Hosts override any string per element (`strings`), and may add or patch a whole locale with
 *   registerLocale().
 *
 * Resolution (resolveLocale): the element's `locale` attribute, else the nearest `lang` (crossing
 * shadow roots), else `navigator.languages` in order, else en-US. Each tag is matched by
 * matchLocale(): exactly, else by the regional rules below, else by its language alone.
 */

/** The locales that ship with the elements (one chunk each; en-US is built in). */
export const SUPPORTED_LOCALES = [
  'ar-SA', 'cs-CZ', 'cy-GB', 'de-DE', 'en-GB', 'en-US', 'es-ES', 'es-MX', 'fi-FI', 'fr-CA', 'fr-FR', 'he-IL',
  'it-IT', 'ja-JP', 'ko-KR', 'nb-NO', 'nl-NL', 'pl-PL', 'pt-BR', 'ru-RU', 'sv-SE', 'tr-TR', 'zh-CN', 'zh-TW',
] as const;
export type BuiltinLocale = (typeof SUPPORTED_LOCALES)[number];
/** A built-in locale tag, or one a host registered with registerLocale(). */
export type Locale = string;

/** The reference locale: its strings live in the feature modules, never in a locale chunk. */
export const FALLBACK_LOCALE = 'en-US';

/** The string tables of one feature. */
export type Namespace = 'meeting' | 'setup' | 'meetingUi' | 'chat' | 'call' | 'errors';
export type Catalog = Record<string, string>;
/** One locale's strings, by namespace; a registered locale may leave any key out (English fills it). */
export type LocaleStrings = Partial<Record<Namespace, Partial<Catalog>>>;

/** English when a catalog could not load at all (offline); the error code is still in the event. */
export const FALLBACK_ERROR_MESSAGE = 'Something went wrong. Try again, or reload the page.';

/*
 * Lazy chunks, one per locale. Listed one by one so the bundler makes a chunk of each
 * (chunks/fr-FR-[hash].js…) and the entry holds only these loaders.
 */
type Loader = () => Promise<{ default: LocaleStrings }>;
const LOADERS: Record<Exclude<BuiltinLocale, 'en-US'>, Loader> = {
  'ar-SA': () => import('./locales/ar-SA.js'),
  'cs-CZ': () => import('./locales/cs-CZ.js'),
  'cy-GB': () => import('./locales/cy-GB.js'),
  'de-DE': () => import('./locales/de-DE.js'),
  'en-GB': () => import('./locales/en-GB.js'),
  'es-ES': () => import('./locales/es-ES.js'),
  'es-MX': () => import('./locales/es-MX.js'),
  'fi-FI': () => import('./locales/fi-FI.js'),
  'fr-CA': () => import('./locales/fr-CA.js'),
  'fr-FR': () => import('./locales/fr-FR.js'),
  'he-IL': () => import('./locales/he-IL.js'),
  'it-IT': () => import('./locales/it-IT.js'),
  'ja-JP': () => import('./locales/ja-JP.js'),
  'ko-KR': () => import('./locales/ko-KR.js'),
  'nb-NO': () => import('./locales/nb-NO.js'),
  'nl-NL': () => import('./locales/nl-NL.js'),
  'pl-PL': () => import('./locales/pl-PL.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
  'ru-RU': () => import('./locales/ru-RU.js'),
  'sv-SE': () => import('./locales/sv-SE.js'),
  'tr-TR': () => import('./locales/tr-TR.js'),
  'zh-CN': () => import('./locales/zh-CN.js'),
  'zh-TW': () => import('./locales/zh-TW.js'),
};

/** Loaded and registered strings, by locale tag as given. */
const loaded = new Map<string, LocaleStrings>([[FALLBACK_LOCALE, {}]]);
const loading = new Map<string, Promise<void>>();

/*
 * Regional rules, by language: region (or script) → locale. A language not listed here maps to its
 * one built-in locale (de-AT → de-DE, ar-EG → ar-SA, …).
 * - en: the Commonwealth and Ireland read British English; the US, Canada, the Philippines and
 *   anything unknown read American English.
 * - es: the Americas (and `es-419`, Latin America) read es-MX; Spain and the rest read es-ES.
 * - fr: Canada reads fr-CA; Belgium, Switzerland and the rest read fr-FR.
 * - pt: every region reads pt-BR (the only Portuguese built in).
 * - zh: Traditional script, Taiwan, Hong Kong and Macao read zh-TW; the rest reads zh-CN.
 * - no, nb and nn read nb-NO; iw (the old code for Hebrew) reads he-IL.
 */
const EN_GB = ['GB', 'UK', 'AU', 'NZ', 'IE', 'IN', 'ZA', 'SG', 'HK', 'MY', 'MT', 'PK', 'NG', 'KE', 'GH', 'JM', 'BZ', 'TT', 'GI'];
const ES_MX = ['MX', '419', 'US', 'AR', 'BO', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'GT', 'HN', 'NI', 'PA', 'PE', 'PR', 'PY', 'SV', 'UY', 'VE'];
const ZH_TW = ['HANT', 'TW', 'HK', 'MO'];
const LANGUAGE_ALIASES: Record<string, string> = { no: 'nb', nn: 'nb', iw: 'he' };

function regional(language: string, subtags: string[]): BuiltinLocale | undefined {
  const has = (list: string[]) => subtags.some((subtag) => list.includes(subtag));
  switch (language) {
    case 'en':
      return has(EN_GB) ? 'en-GB' : 'en-US';
    case 'es':
      return has(ES_MX) ? 'es-MX' : 'es-ES';
    case 'fr':
      return has(['CA']) ? 'fr-CA' : 'fr-FR';
    case 'zh':
      return has(ZH_TW) && !subtags.includes('HANS') ? 'zh-TW' : 'zh-CN';
    default:
      return SUPPORTED_LOCALES.find((tag) => tag.startsWith(`${language}-`));
  }
}

/**
 * Maps any BCP 47 tag to a built-in or registered locale (`fr-BE` → `fr-FR`), or undefined.
 * A registered tag wins when it matches exactly or by language (`registerLocale('eu', …)`).
 */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  const parts = (tag ?? '').trim().replace(/_/g, '-').split('-');
  const first = parts[0]?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(first)) return undefined;
  const subtags = parts.slice(1).map((part) => part.toUpperCase());
  const canonical = [first, ...parts.slice(1)].join('-').toLowerCase();
  for (const known of [...SUPPORTED_LOCALES, ...loaded.keys()]) if (known.toLowerCase() === canonical) return known;
  for (const known of loaded.keys()) if (known.toLowerCase() === first) return known;
  return regional(LANGUAGE_ALIASES[first] ?? first, subtags);
}

/**
 * The element's language: its `locale` attribute, else the nearest `[lang]` (crossing shadow
 * roots), else the browser's languages, else en-US.
 */
export function resolveLocale(element: Element, explicit?: string | null): Locale {
  const fromAttribute = matchLocale(explicit);
  if (explicit && fromAttribute) return fromAttribute;
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) {
      const found = matchLocale(node.getAttribute('lang'));
      if (found) return found;
      break;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const language of languages) {
    const found = matchLocale(language);
    if (found) return found;
  }
  return FALLBACK_LOCALE;
}

/** `rtl` for Arabic, Hebrew and the other right-to-left scripts, else `ltr`. */
export function localeDirection(locale: Locale): 'rtl' | 'ltr' {
  return /^(ar|he|iw|fa|ur|ps|sd|ug|yi|dv|ckb)(-|$)/i.test(locale) ? 'rtl' : 'ltr';
}

/**
 * The `dir` an element's root should carry: `rtl` for a right-to-left locale; `ltr` for a
 * left-to-right locale the host chose explicitly (the `locale` attribute); otherwise nothing, so
 * the page's own `dir` (an ancestor's `dir="rtl"`) applies.
 */
export function elementDirection(locale: Locale, explicit?: string | null): 'rtl' | 'ltr' | undefined {
  if (localeDirection(locale) === 'rtl') return 'rtl';
  return explicit ? 'ltr' : undefined;
}

/**
 * Adds a locale, or patches one (built-in or not), for every element on the page. Keys are the
 * same as English's, by namespace; missing keys fall back to the built-in catalog for that tag
 * (when there is one) and then to English. Elements that already rendered pick it up on their next
 * update (set `locale` to re-render at once).
 *
 * @example
 * registerLocale('eu', { meeting: { 'meeting.label': 'Teams bilera' }, setup: { 'setup.join': 'Sartu' } });
 * // <acs-teams-meeting locale="eu">
 */
export function registerLocale(tag: string, strings: LocaleStrings): void {
  const builtIn = matchLocale(tag);
  const key = builtIn && builtIn.toLowerCase() === tag.trim().toLowerCase() ? builtIn : tag.trim();
  const existing = loaded.get(key) ?? {};
  const merged: LocaleStrings = { ...existing };
  for (const [namespace, catalog] of Object.entries(strings) as Array<[Namespace, Partial<Catalog>]>) {
    merged[namespace] = { ...existing[namespace], ...catalog };
  }
  loaded.set(key, merged);
}

/** Built-in locales whose chunk has arrived. */
const arrived = new Set<string>();

function ready(locale: Locale): boolean {
  return !(locale in LOADERS) || arrived.has(locale);
}

/**
 * Loads a locale's chunk once. Resolves when its strings are in, or when the load failed (English
 * then fills in).
 */
export function loadLocale(locale: Locale): Promise<void> {
  if (ready(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    const loader = LOADERS[locale as keyof typeof LOADERS];
    pending = loader()
      .then((module) => {
        // Host patches registered before the chunk arrived win over the built-in strings.
        const patches = loaded.get(locale) ?? {};
        loaded.delete(locale);
        registerLocale(locale, module.default);
        registerLocale(locale, patches);
      })
      // Offline: English it is, for this page's life (no retry on every render).
      .catch(() => undefined)
      .then(() => void arrived.add(locale))
      .finally(() => loading.delete(locale));
    loading.set(locale, pending);
  }
  return pending;
}

/**
 * Undefined when `locale` can render now; else the promise of its chunk. Elements await it in
 * scheduleUpdate(), so their first render (and the first after a `locale` change) is already in
 * the right language.
 */
export function localeReady(locale: Locale): Promise<void> | undefined {
  return ready(locale) ? undefined : loadLocale(locale);
}

/* ---------------------------------------------------------------------------------------------
 * Intl, cached per locale: building a formatter costs far more than using one.
 * ------------------------------------------------------------------------------------------- */

const formatters = new Map<string, Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A locale tag Intl accepts: the tag itself when valid, else en-US. */
function intlTag(locale: Locale): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

export function pluralRules(locale: Locale): Intl.PluralRules {
  return cached(`p|${locale}`, () => new Intl.PluralRules(intlTag(locale)));
}

export function numberFormat(locale: Locale): Intl.NumberFormat {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(intlTag(locale)));
}

const byOptions = new WeakMap<Intl.DateTimeFormatOptions, Map<Locale, Intl.DateTimeFormat>>();

/**
 * A cached Intl.DateTimeFormat. Pass a module-level `options` constant: it is looked up by
 * identity first (no serializing on the hot path), then by value.
 */
export function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let byLocale = byOptions.get(options);
  if (!byLocale) byOptions.set(options, (byLocale = new Map<Locale, Intl.DateTimeFormat>()));
  let formatter = byLocale.get(locale);
  if (!formatter) {
    formatter = cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlTag(locale), options));
    byLocale.set(locale, formatter);
  }
  return formatter;
}

/* ---------------------------------------------------------------------------------------------
 * Translator
 * ------------------------------------------------------------------------------------------- */

export type Params = Record<string, string | number>;

const FIRST_STRONG = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]|\p{L}/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * A value as it should sit in a sentence of `direction`: wrapped in Unicode isolates (FSI … PDI,
 * the text form of <bdi>) when its own direction differs, so a Latin name or a phone number in an
 * Arabic sentence (or an Arabic name in an English one) keeps its order and does not drag the
 * punctuation around it. Values that already read in the sentence's direction are left alone.
 */
export function isolate(value: string, direction: 'rtl' | 'ltr'): string {
  const strong = FIRST_STRONG.exec(value)?.[0];
  const own = strong === undefined ? 'neutral' : RTL_SCRIPT.test(strong) ? 'rtl' : 'ltr';
  if (own === direction || (own === 'neutral' && direction === 'ltr') || value === '') return value;
  return `\u2068${value}\u2069`;
}

function interpolate(template: string, params: Params | undefined, direction: 'rtl' | 'ltr'): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const value = params[name];
    return typeof value === 'string' ? isolate(value, direction) : String(value);
  });
}

/**
 * Looks messages of one namespace up: host overrides first, then the locale's strings, then
 * English (the feature's own catalog), then the key itself.
 */
export class Translator<C extends Catalog> {
  readonly locale: Locale;
  readonly #namespace: Namespace;
  readonly #english: C;
  readonly #overrides: Partial<Record<string, string>>;

  constructor(namespace: Namespace, english: C, locale: Locale, overrides: Partial<Record<string, string>> = {}) {
    this.#namespace = namespace;
    this.#english = english;
    this.locale = locale;
    this.#overrides = overrides;
  }

  #lookup(key: string): string | undefined {
    return this.#overrides[key] ?? loaded.get(this.locale)?.[this.#namespace]?.[key];
  }

  /** The message for `key`; a numeric `{count}` is written in the locale's digits and grouping. */
  t(key: keyof C & string, params?: Params): string {
    const count = params?.['count'];
    const formatted = typeof count === 'number' ? { ...params, count: numberFormat(this.locale).format(count) } : params;
    return interpolate(this.#lookup(key) ?? this.#english[key] ?? key, formatted, localeDirection(this.locale));
  }

  /**
   * Plural message: `<base>.<category>` for `count` by Intl.PluralRules (also given as `{count}`,
   * formatted for the locale); a missing category falls back to `<base>.other`, then English.
   */
  plural(base: string, count: number, params: Params = {}): string {
    const category = pluralRules(this.locale).select(count);
    const template =
      this.#lookup(`${base}.${category}`) ??
      this.#lookup(`${base}.other`) ??
      this.#english[`${base}.${pluralRules(FALLBACK_LOCALE).select(count)}`] ??
      this.#english[`${base}.other`] ??
      base;
    return interpolate(template, { ...params, count: numberFormat(this.locale).format(count) }, localeDirection(this.locale));
  }

  /** A number in the locale's digits and grouping. */
  number(value: number): string {
    return numberFormat(this.locale).format(value);
  }
}
