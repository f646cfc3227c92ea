// @ts-check
/**
 * Teams meeting options that decide what attendees may do, and what each participant may do as a
 * result (the `capabilities` of the socket's `state` message, shaped like the seam's
 * `MeetingCapabilities`: `{allowed, reason?}` with reason `role` or `meeting`).
 *
 * - `attendeeMic` / `attendeeCamera`: Teams' "Allow mic/camera for attendees"; turning one off
 *   hard-mutes (or stops the camera of) every attendee at once, as Teams does.
 * - `whoCanPresent`: `everyone` or `organizers` (organizers and presenters): who may share.
 * - `reactions`: Teams' "Allow reactions".
 * Spotlighting (oneself, or others from the console) is for organizers and presenters, as in Teams.
 * Organizers and presenters are never restricted by these options.
 */

/** @typedef {{ attendeeMic: boolean, attendeeCamera: boolean, whoCanPresent: 'everyone' | 'organizers', reactions: boolean }} MeetingOptions */
/** @typedef {'organizer' | 'presenter' | 'attendee'} Role */
/** @typedef {{ allowed: boolean, reason?: 'role' | 'meeting' }} Capability */

export const ROLES = /** @type {const} */ (['organizer', 'presenter', 'attendee']);

/** @returns {MeetingOptions} */
export function defaultOptions() {
  return { attendeeMic: true, attendeeCamera: true, whoCanPresent: 'everyone', reactions: true };
}

/**
 * Applies the options a PATCH carries (undefined fields are left alone); returns whether any changed.
 * @param {MeetingOptions} options
 * @param {Partial<MeetingOptions>} patch
 */
export function patchOptions(options, patch) {
  let changed = false;
  for (const key of /** @type {(keyof MeetingOptions)[]} */ (['attendeeMic', 'attendeeCamera', 'whoCanPresent', 'reactions'])) {
    const value = patch[key];
    if (value === undefined || value === options[key]) continue;
    /** @type {Record<string, unknown>} */ (options)[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * @param {MeetingOptions} options
 * @param {{ role: Role, kind: string }} p
 * @returns {Record<'unmuteMic' | 'turnVideoOn' | 'shareScreen' | 'useReactions' | 'raiseHand' | 'manageLobby' | 'spotlightParticipant', Capability>}
 */
export function capabilitiesFor(options, p) {
  const attendee = p.role === 'attendee';
  /** @param {boolean} allowed @param {'role' | 'meeting'} reason @returns {Capability} */
  const cap = (allowed, reason) => (allowed ? { allowed: true } : { allowed: false, reason });
  return {
    unmuteMic: cap(!attendee || options.attendeeMic, 'meeting'),
    turnVideoOn: cap(!attendee || options.attendeeCamera, 'meeting'),
    shareScreen: cap(!attendee || options.whoCanPresent === 'everyone', 'role'),
    useReactions: cap(options.reactions, 'meeting'),
    raiseHand: { allowed: true },
    manageLobby: cap(!attendee, 'role'),
    spotlightParticipant: cap(!attendee, 'role'),
  };
}

/**
 * Why the participant may not make this change itself, as a protocol error code, if it may not.
 * Turning things off is always allowed.
 * @param {MeetingOptions} options
 * @param {{ role: Role, kind: string }} p
 * @param {{ muted?: boolean, video?: boolean, screenSharing?: boolean }} patch
 * @returns {'MeetingRestricted' | 'RoleRestricted' | undefined}
 */
export function refusal(options, p, patch) {
  const capabilities = capabilitiesFor(options, p);
  /** @param {Capability} c */
  const code = (c) => (c.reason === 'role' ? 'RoleRestricted' : 'MeetingRestricted');
  if (patch.muted === false && !capabilities.unmuteMic.allowed) return code(capabilities.unmuteMic);
  if (patch.video === true && !capabilities.turnVideoOn.allowed) return code(capabilities.turnVideoOn);
  if (patch.screenSharing === true && !capabilities.shareScreen.allowed) return code(capabilities.shareScreen);
  return undefined;
}

/**
 * After options or a role changed: what Teams takes away at once (hard mute, camera, sharing).
 * @param {MeetingOptions} options
 * @param {{ role: Role, kind: string, muted: boolean, video: boolean, screenSharing: boolean, speaking: boolean }} p
 */
export function enforce(options, p) {
  const capabilities = capabilitiesFor(options, p);
  if (!capabilities.unmuteMic.allowed) {
    p.muted = true;
    p.speaking = false;
  }
  if (!capabilities.turnVideoOn.allowed) p.video = false;
  if (!capabilities.shareScreen.allowed) p.screenSharing = false;
}
