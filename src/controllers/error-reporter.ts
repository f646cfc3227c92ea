/**
 * The one way an element reports a failure: the code's localized message (from the error catalog,
 * with the element's `strings` overrides), then an `acs-error` event with `{code, message,
 * recoverable}`. The catalog is its own chunk, loaded on the first error (the script-tag entry does
 * not carry it), together with the element's locale chunk; once both are in, reports are
 * synchronous. Offline while they load, the message is the page's override or a generic English
 * one (never blank), and the code is in the event.
 */
import type { AcsError, AcsErrorCode } from '../core/errors.js';
import { dispatchAcsEvent, type AcsErrorDetail } from '../events.js';
import { FALLBACK_ERROR_MESSAGE, localeReady, type Locale } from '../i18n/index.js';

type ErrorCatalog = Pick<typeof import('../i18n/errors.js'), 'errorMessage'>;

export interface ErrorReporterOptions {
  locale: () => Locale;
  overrides: () => Partial<Record<string, string>>;
  /** The catalog when the caller's chunk already carries it (reports are then synchronous from the start). */
  catalog?: ErrorCatalog;
}

export class ErrorReporter {
  readonly #host: EventTarget;
  readonly #options: ErrorReporterOptions;
  #catalog?: ErrorCatalog;
  #loading?: Promise<ErrorCatalog | undefined>;

  constructor(host: EventTarget, options: ErrorReporterOptions) {
    this.#host = host;
    this.#options = options;
    this.#catalog = options.catalog;
  }

  /** Calls `use` with the localized detail: at once when the catalog is loaded, else once it is. */
  withDetail(code: AcsErrorCode, recoverable: boolean, use: (detail: AcsErrorDetail) => void): void {
    const locale = this.#options.locale();
    const build = (catalog: ErrorCatalog | undefined): AcsErrorDetail => ({
      code,
      message: catalog
        ? catalog.errorMessage(code, locale, this.#options.overrides())
        : (this.#options.overrides()[`errors.${code}`] ?? FALLBACK_ERROR_MESSAGE),
      recoverable,
    });
    const localeLoading = localeReady(locale);
    if (this.#catalog && !localeLoading) {
      use(build(this.#catalog));
      return;
    }
    this.#loading ??= import('../i18n/errors.js').then(
      (module) => (this.#catalog = module),
      () => {
        // Not kept: the next error tries the catalog again.
        this.#loading = undefined;
        return undefined;
      },
    );
    void Promise.all([this.#loading, localeLoading]).then(([catalog]) => use(build(catalog)));
  }

  /** The localized detail, as a promise. */
  detail(error: AcsError, recoverable = error.recoverable): Promise<AcsErrorDetail> {
    return new Promise((resolve) => this.withDetail(error.code, recoverable, resolve));
  }

  /**
   * Localizes `error` and sends `acs-error`. `show` runs first (to put the message on screen);
   * returning false from it drops the report (a newer error or a fix superseded this one).
   */
  report(error: AcsError, recoverable = error.recoverable, show?: (detail: AcsErrorDetail) => boolean | void): void {
    this.withDetail(error.code, recoverable, (detail) => {
      if (show?.(detail) === false) return;
      dispatchAcsEvent(this.#host, 'acs-error', { ...detail });
    });
  }
}
