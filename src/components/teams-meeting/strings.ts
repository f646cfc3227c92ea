/**
 * English strings the script-tag entry of `<acs-teams-meeting>` needs before anything else loads
 * (frame, loading, connecting, the error screen): namespace `meeting`. The setup screen's strings
 * are in `setup-strings.ts`, the in-call and ended screens' in `meeting-ui-strings.ts`: each loads
 * with its own chunk. Other languages: src/i18n/locales/<tag>.ts, one lazy chunk each.
 * Hosts override any key of any of them through the element's `strings` property.
 */

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

export type MeetingShellCatalog = typeof en;
export const meetingStrings: MeetingShellCatalog = en;
