/**
 * English strings of the call panel of `<acs-teams-call>` (status, controls, dial pad, incoming
 * call, end messages; namespace `call`). Loaded with the call UI chunk. `{name}` is the other
 * party's name.
 */
import type { CallButtonCatalog } from './strings.js';

const en = {
  'panel.label': 'Call',
  'status.loading': 'Getting ready…',
  'status.connecting': 'Calling {name}…',
  'status.connectingNoName': 'Calling…',
  'status.ringing': 'Ringing…',
  'status.connected': 'Connected',
  'status.waiting': 'Please hold: you’ll be connected to the next available person.',
  'status.incoming': '{name} is calling',
  'status.incomingNoName': 'Incoming call',
  'duration': 'Call duration {time}',
  'remote.muted': '{name} is muted',
  'someone': 'Someone',
  'control.label': 'Call controls',
  'control.mute': 'Mute',
  'control.unmute': 'Unmute',
  'control.cameraOn': 'Turn camera on',
  'control.cameraOff': 'Turn camera off',
  'control.dialpad': 'Dial pad',
  'control.hangUp': 'Hang up',
  'incoming.answer': 'Answer',
  'incoming.answerVideo': 'Answer with video',
  'incoming.decline': 'Decline',
  'dialpad.label': 'Dial pad',
  'dialpad.sent': 'Tones sent: {digits}',
  'dialpad.star': 'Star',
  'dialpad.pound': 'Pound',
  'video.remote': 'Video of {name}',
  'video.local': 'Your video',
  'ended.local': 'Call ended.',
  'ended.remote': '{name} ended the call.',
  'ended.declined': 'The call was declined.',
  'ended.no-answer': 'No answer. Try again later.',
  'ended.missed': 'Missed call from {name}.',
  'ended.busy': 'The line is busy. Try again later.',
  'ended.unavailable': '{name} isn’t available right now.',
  'ended.answered-elsewhere': 'The call was answered on another device.',
  'ended.not-permitted': 'This call isn’t allowed. Please let the site owner know.',
  'ended.token': 'Your sign-in expired. Sign in again, then call again.',
  'ended.network': 'The connection was lost. Check your internet connection and call again.',
  'ended.unknown': 'The call ended unexpectedly.',
  'ended.duration': 'Duration {time}',
  'ended.callAgain': 'Call again',
  'ended.close': 'Close',
  'error.title': 'The call couldn’t be placed',
  // issue 16
  'status.menu': 'Choose an option on the dial pad.',
  'control.dialpadShow': 'Show the dial pad',
  'control.dialpadHide': 'Hide the dial pad',
  'dialpad.pressed': 'Keys pressed: {digits}',
  'dialpad.hint': 'Press a key to choose an option.',
  'error.unavailable': 'Calling isn’t available right now',
  'error.unavailableBody': 'Please try again later, or contact us another way.',
  'incoming.ringtoneOff': 'Ringtone off',
};

export type CallUiCatalog = typeof en;
/** Every key of namespace `call` (button and panel). */
export type CallCatalog = CallButtonCatalog & CallUiCatalog;
export const callUiStrings: CallUiCatalog = en;
