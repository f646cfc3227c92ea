/**
 * What the meeting's capabilities do to the control bar: a control the user may not use now is
 * locked (`aria-disabled`, still focusable) with the reason as its tooltip, and a change is put into
 * words for the toast area. Part of the in-call UI chunk.
 */
import type { Translator } from '../../i18n/index.js';
import type { CapabilityName, MeetingState } from '../../services/meeting-service.js';
import { changedCapabilities } from '../../controllers/meeting-events.js';
import type { ControlDescriptor } from './control-bar.js';
import { meetingUiStrings, type MeetingUiCatalog } from './meeting-ui-strings.js';

type T = Translator<MeetingUiCatalog>;

/** Which capability a control needs, and when (turning the microphone off is always allowed). */
const NEEDS: Record<string, { capability: CapabilityName; when: (state: MeetingState) => boolean }> = {
  'ctl-mic': { capability: 'unmuteMic', when: (state) => state.muted },
  'ctl-camera': { capability: 'turnVideoOn', when: (state) => !state.cameraOn },
  'ctl-share': { capability: 'shareScreen', when: (state) => !state.screenSharing },
  'ctl-hand': { capability: 'raiseHand', when: (state) => !state.handRaised },
  'ctl-reactions': { capability: 'useReactions', when: () => true },
};

/** Why `name` is not allowed, in the user's words (the specific Teams wording where there is one). */
export function capabilityReason(t: T, state: MeetingState, name: CapabilityName): string {
  const reason = state.capabilities[name].reason ?? 'unsupported';
  const specific = `capability.${name}.${reason}`;
  // The English catalog is the reference: a specific wording exists when English has the key.
  return Object.hasOwn(meetingUiStrings, specific) ? t.t(specific as keyof MeetingUiCatalog) : t.t(`capability.${reason}`);
}

/** Locks the controls the meeting forbids now; a control already locked (consent) keeps its reason. */
export function applyCapabilityLocks(t: T, state: MeetingState, controls: ControlDescriptor[]): ControlDescriptor[] {
  return controls.map((control) => {
    const need = NEEDS[control.id];
    if (!need || control.locked || state.capabilities[need.capability].allowed || !need.when(state)) return control;
    return { ...control, locked: true, lockedReason: capabilityReason(t, state, need.capability) };
  });
}

/** The sentences to announce for a change of role or capabilities (role first). */
export function capabilityAnnouncements(t: T, next: MeetingState, previous: MeetingState): string[] {
  const sentences: string[] = [];
  if (next.role !== previous.role && next.role !== 'unknown') sentences.push(t.t(`role.${next.role}`));
  for (const name of changedCapabilities(next, previous)) {
    sentences.push(next.capabilities[name].allowed ? t.t(`capability.allowed.${name}`) : capabilityReason(t, next, name));
  }
  return sentences;
}
