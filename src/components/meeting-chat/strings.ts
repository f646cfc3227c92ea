/**
 * English strings of `<acs-meeting-chat>` that the element needs before the chat UI chunk loads
 * (states, reasons, errors). The list and composer strings live in `view-strings.ts`, loaded with
 * the UI; both are namespace `chat`. Hosts override any key of either through `strings`.
 */
import type { ChatViewCatalog } from './view-strings.js';

const en = {
  'chat.label': 'Meeting chat',
  'state.connecting': 'Connecting to the chat…',
  'reason.not-joined': 'The chat opens when you join the meeting.',
  'reason.left': 'You left the meeting. You can still read the chat, but you can no longer send messages.',
  'reason.channel-meeting': 'Chat is not available for channel meetings. Use the channel in Microsoft Teams instead.',
  'reason.teams-identity':
    'Meeting chat for Microsoft 365 (Teams) accounts is not offered by Azure Communication Services chat: it needs Microsoft Graph. Use the chat in Microsoft Teams.',
  'reason.forbidden': 'You don’t have access to this chat. Teams only lets guests chat while they are in the meeting.',
  'reason.no-thread': 'This chat is not connected to a meeting or a chat thread.',
  'reason.error': 'The chat could not be loaded.',
  'state.retry': 'Try again',
  'system.someone': 'Someone',
  'announce.message': '{name}: {text}',
};

export type ChatShellCatalog = typeof en;
/** Every key of the chat (shell and UI). */
export type ChatCatalog = ChatShellCatalog & ChatViewCatalog;
export const chatShellStrings: ChatShellCatalog = en;
