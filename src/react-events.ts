/**
 * The React prop name of every event each element fires, for the `@lit/react` wrappers in
 * react.ts. No side effects, so tests can read it in Node; test/types/types.test.ts checks it
 * against custom-elements.json, so an event added to an element without a React prop fails.
 */
import type { EventName } from '@lit/react';
import type { AcsEventMap } from './events.js';

const event = <K extends keyof AcsEventMap>(name: K) => name as EventName<AcsEventMap[K]>;

export const meetingEvents = {
  onAcsStateChanged: event('acs-state-changed'),
  onAcsJoined: event('acs-joined'),
  onAcsLeft: event('acs-left'),
  onAcsParticipantJoined: event('acs-participant-joined'),
  onAcsParticipantLeft: event('acs-participant-left'),
  onAcsRecordingChanged: event('acs-recording-changed'),
  onAcsTranscriptionChanged: event('acs-transcription-changed'),
  onAcsConsentRequired: event('acs-consent-required'),
  onAcsDiagnosticsChanged: event('acs-diagnostics-changed'),
  onAcsAudioBlocked: event('acs-audio-blocked'),
  onAcsError: event('acs-error'),
  onAcsLeaveRequest: event('acs-leave-request'),
  onAcsCapabilitiesChanged: event('acs-capabilities-changed'),
  onAcsSpotlightChanged: event('acs-spotlight-changed'),
  onAcsBreakoutRoomChanged: event('acs-breakout-room-changed'),
  onAcsPopoutChanged: event('acs-popout-changed'),
  onAcsVideoEffectChanged: event('acs-video-effect-changed'),
};

export const chatEvents = {
  onAcsChatStateChanged: event('acs-chat-state-changed'),
  onAcsMessageReceived: event('acs-message-received'),
  onAcsMessageSent: event('acs-message-sent'),
  onAcsMessageFailed: event('acs-message-failed'),
  onAcsUnreadChanged: event('acs-unread-changed'),
  onAcsError: event('acs-error'),
};

export const callEvents = {
  onAcsStateChanged: event('acs-state-changed'),
  onAcsCallConnected: event('acs-call-connected'),
  onAcsCallEnded: event('acs-call-ended'),
  onAcsIncomingCall: event('acs-incoming-call'),
  onAcsError: event('acs-error'),
};

/** Tag → its events, as the manifest lists them. */
export const reactEvents: Record<string, Record<string, string>> = {
  'acs-teams-meeting': meetingEvents,
  'acs-meeting-chat': chatEvents,
  'acs-teams-call': callEvents,
};
