/** Classes, types and functions of acs-teams-elements. Registers nothing (see `./define`). */
export { AcsError, ERROR_CODES, isAcsError, toAcsError } from './core/errors.js';
export type { AcsErrorCode } from './core/errors.js';
export * from './events.js';
export type * from './services/meeting-service.js';
export type * from './services/chat-service.js';
export type * from './core/token-source.js';
export { createTokenSession, fetchToken, normalizeTokenResponse, tokenKind } from './core/token-source.js';
export { parseMeetingId, parseMeetingLink } from './core/meeting-link.js';
export type { ParsedMeetingId, ParsedMeetingLink } from './core/meeting-link.js';
export { errorMessage, errorStrings } from './i18n/errors.js';
export { resolveLocale, SUPPORTED_LOCALES, Translator } from './i18n/index.js';
export type { Locale, Catalogs } from './i18n/index.js';
export { AcsTeamsMeeting } from './components/teams-meeting/teams-meeting.js';
export type { AcsTeamsMeetingState } from './components/teams-meeting/teams-meeting.js';
export { AcsMeetingChat } from './components/meeting-chat/meeting-chat.js';
export { chatStrings } from './components/meeting-chat/strings.js';
export type { ChatCatalog } from './components/meeting-chat/strings.js';
