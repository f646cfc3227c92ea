/**
 * Every DOM event the elements dispatch. All bubble and are composed; names start with `acs-`;
 * past tense for facts, `-request` for cancelable intents. No event ever carries a token.
 */
import type { AcsErrorCode } from './core/errors.js';
import type { CallEndReason, LeftReason } from './core/end-reasons.js';
import type { MeetingPhase, ParticipantKind } from './services/meeting-service.js';
import type { ChatMessage, ChatStatus, ChatUnavailableReason } from './services/chat-service.js';
import type { CallPhase } from './services/call-service.js';

/** `<acs-teams-meeting>` reports MeetingPhase values, `<acs-teams-call>` CallPhase values. */
export interface AcsStateChangedDetail {
  state: MeetingPhase | CallPhase;
  previous: MeetingPhase | CallPhase;
}
export interface AcsLeftDetail {
  reason: LeftReason;
  code: number;
  subCode: number;
}
export interface AcsParticipantDetail {
  participant: { id: string; displayName: string; kind: ParticipantKind };
}
export interface AcsComplianceChangedDetail {
  active: boolean;
  /** True for the one event fired on join that reports the state found. */
  initial: boolean;
}
export interface AcsConsentRequiredDetail {
  recording: boolean;
  transcription: boolean;
}
export interface AcsErrorDetail {
  code: AcsErrorCode;
  message: string;
  recoverable: boolean;
}
export interface AcsChatStateChangedDetail {
  state: ChatStatus;
  reason?: ChatUnavailableReason;
}
export interface AcsMessageDetail {
  message: ChatMessage;
}
export interface AcsMessageFailedDetail {
  message: ChatMessage;
  error: AcsErrorDetail;
}
export interface AcsUnreadChangedDetail {
  count: number;
}
export interface AcsCallEndedDetail {
  reason: CallEndReason;
  code: number;
  subCode: number;
  /** Seconds connected (0 when the call never connected). */
  durationSeconds: number;
}
export interface AcsIncomingCallDetail {
  caller: { id: string; displayName: string };
}

export interface AcsEventDetails {
  'acs-state-changed': AcsStateChangedDetail;
  'acs-joined': Record<string, never>;
  'acs-left': AcsLeftDetail;
  'acs-participant-joined': AcsParticipantDetail;
  'acs-participant-left': AcsParticipantDetail;
  'acs-recording-changed': AcsComplianceChangedDetail;
  'acs-transcription-changed': AcsComplianceChangedDetail;
  'acs-consent-required': AcsConsentRequiredDetail;
  'acs-error': AcsErrorDetail;
  'acs-leave-request': Record<string, never>;
  'acs-chat-state-changed': AcsChatStateChangedDetail;
  'acs-message-received': AcsMessageDetail;
  'acs-message-sent': AcsMessageDetail;
  'acs-message-failed': AcsMessageFailedDetail;
  'acs-unread-changed': AcsUnreadChangedDetail;
  'acs-call-connected': Record<string, never>;
  'acs-call-ended': AcsCallEndedDetail;
  'acs-incoming-call': AcsIncomingCallDetail;
}

export type AcsEventName = keyof AcsEventDetails;

/** The events whose default action the host may prevent. */
const CANCELABLE: ReadonlySet<AcsEventName> = new Set(['acs-leave-request']);

/**
 * Dispatches a typed `acs-*` event from `target`. Returns false when a cancelable event was
 * prevented (the caller then skips the default action).
 */
export function dispatchAcsEvent<K extends AcsEventName>(
  target: EventTarget,
  name: K,
  detail: AcsEventDetails[K],
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: CANCELABLE.has(name) }),
  );
}

declare global {
  interface GlobalEventHandlersEventMap {
    'acs-state-changed': CustomEvent<AcsStateChangedDetail>;
    'acs-joined': CustomEvent<Record<string, never>>;
    'acs-left': CustomEvent<AcsLeftDetail>;
    'acs-participant-joined': CustomEvent<AcsParticipantDetail>;
    'acs-participant-left': CustomEvent<AcsParticipantDetail>;
    'acs-recording-changed': CustomEvent<AcsComplianceChangedDetail>;
    'acs-transcription-changed': CustomEvent<AcsComplianceChangedDetail>;
    'acs-consent-required': CustomEvent<AcsConsentRequiredDetail>;
    'acs-error': CustomEvent<AcsErrorDetail>;
    'acs-leave-request': CustomEvent<Record<string, never>>;
    'acs-chat-state-changed': CustomEvent<AcsChatStateChangedDetail>;
    'acs-message-received': CustomEvent<AcsMessageDetail>;
    'acs-message-sent': CustomEvent<AcsMessageDetail>;
    'acs-message-failed': CustomEvent<AcsMessageFailedDetail>;
    'acs-unread-changed': CustomEvent<AcsUnreadChangedDetail>;
    'acs-call-connected': CustomEvent<Record<string, never>>;
    'acs-call-ended': CustomEvent<AcsCallEndedDetail>;
    'acs-incoming-call': CustomEvent<AcsIncomingCallDetail>;
  }
}
