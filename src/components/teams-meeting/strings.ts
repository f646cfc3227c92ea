/**
 * Strings the script-tag entry of `<acs-teams-meeting>` needs before anything else loads (frame,
 * loading, connecting, the error screen). The setup screen's strings are in `setup-strings.ts`, the
 * in-call and ended screens' in `meeting-ui-strings.ts`: each loads with its own chunk.
 * Hosts override any key of any of them through the element's `strings` property.
 */
import type { Catalogs } from '../../i18n/index.js';

const en = {
  'meeting.label': 'Teams meeting',
  'chat.label': 'Meeting chat',
  'connecting.title': 'Connecting to the meeting…',
  'error.title': 'You can’t join this meeting',
  'error.retry': 'Try again',
  'loading': 'Loading…',
  'device.microphone': 'Microphone',
  'device.camera': 'Camera',
  'device.speaker': 'Speaker',
  // issue 16
  'chat.close': 'Close chat',
  'chat.recordingOn': 'Recording',
  'chat.transcriptionOn': 'Transcribing',
};

const fr: Record<keyof typeof en, string> = {
  'meeting.label': 'Réunion Teams',
  'chat.label': 'Conversation de la réunion',
  'connecting.title': 'Connexion à la réunion…',
  'error.title': 'Impossible de rejoindre cette réunion',
  'error.retry': 'Réessayer',
  'loading': 'Chargement…',
  'device.microphone': 'Micro',
  'device.camera': 'Caméra',
  'device.speaker': 'Haut-parleur',
  // issue 16
  'chat.close': 'Fermer la conversation',
  'chat.recordingOn': 'Enregistrement en cours',
  'chat.transcriptionOn': 'Transcription en cours',
};

const it: Record<keyof typeof en, string> = {
  'meeting.label': 'Riunione di Teams',
  'chat.label': 'Chat della riunione',
  'connecting.title': 'Connessione alla riunione…',
  'error.title': 'Non puoi partecipare a questa riunione',
  'error.retry': 'Riprova',
  'loading': 'Caricamento…',
  'device.microphone': 'Microfono',
  'device.camera': 'Videocamera',
  'device.speaker': 'Altoparlante',
  // issue 16
  'chat.close': 'Chiudi la chat',
  'chat.recordingOn': 'Registrazione in corso',
  'chat.transcriptionOn': 'Trascrizione in corso',
};

export type MeetingShellCatalog = typeof en;
export const strings: Catalogs<MeetingShellCatalog> = { en, fr, it };
