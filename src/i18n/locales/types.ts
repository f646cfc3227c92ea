/**
 * The shape every locale chunk (src/i18n/locales/<tag>.ts) has: all six namespaces, every English
 * key, with plural keys (`<base>.<category>`, where English has `<base>.other`) for the categories
 * the language has. tsc checks the non-plural keys; test/core/i18n-catalogs.test.ts (and
 * `npm run i18n:check`) check the plural categories, placeholders and extra keys.
 */
import type { MeetingShellCatalog } from '../../components/teams-meeting/strings.js';
import type { SetupCatalog } from '../../components/teams-meeting/setup-strings.js';
import type { MeetingUiCatalog } from '../../components/teams-meeting/meeting-ui-strings.js';
import type { ChatCatalog } from '../../components/meeting-chat/strings.js';
import type { CallCatalog } from '../../components/teams-call/call-ui-strings.js';
import type { ErrorCatalog } from '../errors.js';

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type PluralBase<C> = { [K in keyof C]: K extends `${infer B}.other` ? B : never }[keyof C];
type PluralKey<C> = `${PluralBase<C> & string}.${PluralCategory}`;

/** One namespace in one language: every non-plural key required, plural forms by category. */
export type Translation<C> = { [K in Exclude<keyof C & string, PluralKey<C>>]: string } & { [K in PluralKey<C>]?: string };

export interface LocaleCatalog {
  meeting: Translation<MeetingShellCatalog>;
  setup: Translation<SetupCatalog>;
  meetingUi: Translation<MeetingUiCatalog>;
  chat: Translation<ChatCatalog>;
  call: Translation<CallCatalog>;
  errors: Translation<ErrorCatalog>;
}
