/**
 * Every DOM event the elements dispatch. All bubble and are composed; names start with `acs-`;
 * past tense for facts, `-request` for cancelable intents. No event ever carries a token.
 */
import type { AcsErrorCode } from './core/errors.js';
import type { CallEndReason, LeftReason } from './core/end-reasons.js';
import type { VideoEffect } from './services/video-effects.js';
import type { BreakoutRoom, MeetingCapabilities, MeetingDiagnostics, MeetingPhase, MeetingRole, ParticipantKind } from './services/meeting-service.js';
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
export interface AcsCapabilitiesChangedDetail {
  /** What the meeting lets the user do now; each not allowed says why (`role`, `meeting`, `policy`, `unsupported`). */
  capabilities: MeetingCapabilities;
  role: MeetingRole;
  /** True for the one event fired on join that reports what was found. */
  initial: boolean;
}
/** Network quality (own and each participant's: good, poor, bad, unknown) and the raised diagnostics. */
export type AcsDiagnosticsChangedDetail = MeetingDiagnostics;
/** Who is spotlighted for everyone now, in spotlight order (the local user's id included when spotlighted). */
export interface AcsSpotlightChangedDetail {
  participantIds: string[];
}
export interface AcsBreakoutRoomChangedDetail {
  /** The breakout room assigned (`state` 'assigned', 'joining' or 'joined'), or null: back in the main meeting. */
  room: BreakoutRoom | null;
}
export interface AcsPopoutChangedDetail {
  /** True while the meeting is in its own window (or its video in picture-in-picture). */
  poppedOut: boolean;
  /** `document`: the whole meeting in a Document Picture-in-Picture window; `video`: the active video only. */
  mode: 'document' | 'video';
}
/** The background effect the user picked: `none`, `blur`, or `image:office` / `image:shelves` / `image:sunset`. */
export interface AcsVideoEffectChangedDetail {
  effect: VideoEffect;
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
  'acs-capabilities-changed': AcsCapabilitiesChangedDetail;
  'acs-diagnostics-changed': AcsDiagnosticsChangedDetail;
  'acs-audio-blocked': Record<string, never>;
  'acs-spotlight-changed': AcsSpotlightChangedDetail;
  'acs-breakout-room-changed': AcsBreakoutRoomChangedDetail;
  'acs-popout-changed': AcsPopoutChangedDetail;
  'acs-video-effect-changed': AcsVideoEffectChangedDetail;
}

export type AcsEventName = keyof AcsEventDetails;

/** The event object of each `acs-*` event, e.g. `AcsEventMap['acs-left']` is `CustomEvent<AcsLeftDetail>`. */
export type AcsEventMap = { [K in AcsEventName]: CustomEvent<AcsEventDetails[K]> };
/** One `acs-*` event: `AcsEvent<'acs-left'>`. */
export type AcsEvent<K extends AcsEventName> = AcsEventMap[K];

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
  /** `element.addEventListener('acs-left', (e) => e.detail.reason)` is typed on every element. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends AcsEventMap {}
}
