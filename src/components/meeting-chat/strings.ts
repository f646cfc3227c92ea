/**
 * Strings of `<acs-meeting-chat>` that the element needs before the chat UI chunk loads (states,
 * reasons, errors). The list and composer strings live in `view-strings.ts`, loaded with the UI.
 * Hosts override any key of either through the element's `strings` property.
 */
import type { Catalogs } from '../../i18n/index.js';
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

const fr: Record<keyof typeof en, string> = {
  'chat.label': 'Conversation de la réunion',
  'state.connecting': 'Connexion à la conversation…',
  'reason.not-joined': 'La conversation s’ouvre lorsque vous rejoignez la réunion.',
  'reason.left':
    'Vous avez quitté la réunion. Vous pouvez encore lire la conversation, mais vous ne pouvez plus envoyer de messages.',
  'reason.channel-meeting':
    'La conversation n’est pas disponible pour les réunions de canal. Utilisez le canal dans Microsoft Teams.',
  'reason.teams-identity':
    'La conversation de réunion pour les comptes Microsoft 365 (Teams) n’est pas proposée par la conversation Azure Communication Services : elle nécessite Microsoft Graph. Utilisez la conversation dans Microsoft Teams.',
  'reason.forbidden':
    'Vous n’avez pas accès à cette conversation. Teams ne permet aux invités de converser que pendant qu’ils sont dans la réunion.',
  'reason.no-thread': 'Cette conversation n’est reliée à aucune réunion ni à aucun fil de discussion.',
  'reason.error': 'La conversation n’a pas pu être chargée.',
  'state.retry': 'Réessayer',
  'system.someone': 'Quelqu’un',
  'announce.message': '{name} : {text}',
};

const it: Record<keyof typeof en, string> = {
  'chat.label': 'Chat della riunione',
  'state.connecting': 'Connessione alla chat…',
  'reason.not-joined': 'La chat si apre quando partecipi alla riunione.',
  'reason.left': 'Hai lasciato la riunione. Puoi ancora leggere la chat, ma non puoi più inviare messaggi.',
  'reason.channel-meeting': 'La chat non è disponibile per le riunioni di canale. Usa il canale in Microsoft Teams.',
  'reason.teams-identity':
    'La chat della riunione per gli account Microsoft 365 (Teams) non è offerta dalla chat di Azure Communication Services: serve Microsoft Graph. Usa la chat in Microsoft Teams.',
  'reason.forbidden':
    'Non hai accesso a questa chat. Teams consente agli ospiti di scrivere in chat solo mentre sono nella riunione.',
  'reason.no-thread': 'Questa chat non è collegata a una riunione né a una conversazione.',
  'reason.error': 'Non è stato possibile caricare la chat.',
  'state.retry': 'Riprova',
  'system.someone': 'Qualcuno',
  'announce.message': '{name}: {text}',
};

export type ChatShellCatalog = typeof en;
/** Every key of the chat (shell and UI). */
export type ChatCatalog = ChatShellCatalog & ChatViewCatalog;
export const chatShellStrings: Catalogs<ChatShellCatalog> = { en, fr, it };
