/**
 * Shares the meeting with child elements (e.g. `<acs-meeting-chat>` slotted into
 * `<acs-teams-meeting>`) through @lit/context, so a child finds the call's service, token session
 * and chat thread without the host page wiring anything.
 */
import { createContext } from '@lit/context';
import type { TokenSession } from '../core/token-source.js';
import type { MeetingPhase, MeetingService } from '../services/meeting-service.js';

export interface MeetingContextValue {
  /** The meeting service once it is loaded (undefined during setup, before the SDK is loaded). */
  service?: MeetingService;
  /** The token session the meeting uses; chat reuses it so both share one identity. */
  session?: TokenSession;
  /** The meeting's chat thread, known once the call is connected. */
  threadId?: string;
  /**
   * True while the local user may use the meeting chat (joined and connected, or reconnecting);
   * Teams revokes chat access for ACS users when they leave.
   */
  chatAvailable: boolean;
  identity: 'acs' | 'teams';
  phase: MeetingPhase;
  /** The element's resolved locale, so children can follow it when they have none of their own. */
  locale?: string;
}

export const meetingContext = createContext<MeetingContextValue>(Symbol('acs-meeting'));
