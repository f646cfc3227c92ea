/** Classes, types and functions of acs-teams-elements. Registers nothing (see `./define`). */
export { AcsError, ERROR_CODES, isAcsError, toAcsError } from './core/errors.js';
export type { AcsErrorCode } from './core/errors.js';
export * from './events.js';
export type * from './services/meeting-service.js';
export type * from './services/chat-service.js';
export type * from './core/token-source.js';
export { resolveLocale, SUPPORTED_LOCALES, Translator } from './i18n/index.js';
export type { Locale, Catalogs } from './i18n/index.js';
