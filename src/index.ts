/** Classes, types and functions of acs-teams-elements. Registers nothing (see `./define`). */
export { AcsError, ERROR_CODES, isAcsError, toAcsError } from './core/errors.js';
export type { AcsErrorCode } from './core/errors.js';
export * from './events.js';
export type * from './services/meeting-service.js';
export type { BackgroundImage, VideoEffect } from './services/video-effects.js';
export type * from './services/chat-service.js';
export type * from './core/token-source.js';
export { createTokenSession, fetchToken, normalizeTokenResponse, tokenKind } from './core/token-source.js';
export { parseMeetingId, parseMeetingLink } from './core/meeting-link.js';
export type { ParsedMeetingId, ParsedMeetingLink } from './core/meeting-link.js';
export { errorMessage, errorStrings, loadErrorMessage } from './i18n/errors.js';
export {
  dateTimeFormat,
  loadLocale,
  matchLocale,
  registerLocale,
  resolveLocale,
  SUPPORTED_LOCALES,
  Translator,
} from './i18n/index.js';
export type { BuiltinLocale, Catalog, Locale, LocaleStrings, Namespace } from './i18n/index.js';
export type { LocaleCatalog } from './i18n/locales/types.js';
export { AcsTeamsMeeting } from './components/teams-meeting/teams-meeting.js';
export type { AcsTeamsMeetingState, AcsTeamsMeetingStrings } from './components/teams-meeting/teams-meeting.js';
export { AcsMeetingChat } from './components/meeting-chat/meeting-chat.js';
export { chatShellStrings } from './components/meeting-chat/strings.js';
export { chatViewStrings } from './components/meeting-chat/view-strings.js';
export type { ChatCatalog } from './components/meeting-chat/strings.js';
export { AcsTeamsCall } from './components/teams-call/teams-call.js';
export type { AcsTeamsCallStrings } from './components/teams-call/teams-call.js';
export type * from './services/call-service.js';
export { parseCallee, parsePhoneNumber } from './core/callee.js';
export type { ParsedCallee } from './core/callee.js';
