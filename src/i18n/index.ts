/**
 * Localization. Each feature owns a catalog: `en` is the reference, and `fr` and `it` are typed as
 * `Record<keyof typeof en, string>`, so a missing translation fails to compile. Messages use
 * `{name}` placeholders; plural forms are keys ending in `.one` / `.other`, picked by
 * Intl.PluralRules. Hosts override any string per element through its `strings` property.
 */

export const SUPPORTED_LOCALES = ['en', 'fr', 'it'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export type Catalog = Record<string, string>;
export interface Catalogs<C extends Catalog> {
  en: C;
  fr: Record<keyof C, string>;
  it: Record<keyof C, string>;
}

/** Maps any BCP 47 tag to a supported locale (`fr-CA` → `fr`), or undefined. */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : undefined;
}

/**
 * The element's language: its `locale` attribute, else the nearest `[lang]` (crossing shadow
 * roots), else the browser's languages, else English.
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
  return 'en';
}

export type Params = Record<string, string | number>;

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Looks messages up in one locale, with host overrides first and English as the fallback. */
export class Translator<C extends Catalog> {
  readonly locale: Locale;
  readonly #catalogs: Catalogs<C>;
  readonly #overrides: Partial<Record<string, string>>;
  readonly #plural: Intl.PluralRules;

  constructor(catalogs: Catalogs<C>, locale: Locale, overrides: Partial<Record<string, string>> = {}) {
    this.#catalogs = catalogs;
    this.locale = locale;
    this.#overrides = overrides;
    this.#plural = new Intl.PluralRules(locale);
  }

  t(key: keyof C & string, params?: Params): string {
    const template = this.#overrides[key] ?? this.#catalogs[this.locale][key] ?? this.#catalogs.en[key] ?? key;
    return interpolate(template, params);
  }

  /** Plural message: looks up `<base>.one` / `<base>.other` for `count` (also given as `{count}`). */
  plural(base: string, count: number, params: Params = {}): string {
    const category = this.#plural.select(count) === 'one' ? 'one' : 'other';
    return this.t(`${base}.${category}` as keyof C & string, { count, ...params });
  }
}
