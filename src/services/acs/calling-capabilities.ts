/**
 * The SDK's Capabilities feature and the call's role, as the seam's plain `MeetingCapabilities`
 * and `MeetingRole`. Type-only SDK imports.
 *
 * A capability the SDK has not resolved yet (`NotInitialized`), or one held back only for Teams
 * consent (`ExplicitConsentRequired`, which the consent flow handles), counts as allowed: the
 * controls must not be locked on a guess.
 */
import type { CapabilityResolutionReason, ParticipantCapabilities, ParticipantCapabilityName, ParticipantRole } from '@azure/communication-calling';
import { allCapabilities, CAPABILITY_NAMES, type CapabilityReason, type MeetingCapabilities, type MeetingRole } from '../meeting-service.js';

const STILL_ALLOWED: ReadonlySet<CapabilityResolutionReason> = new Set(['Capable', 'NotInitialized', 'ExplicitConsentRequired']);

export function capabilityReason(reason: CapabilityResolutionReason): CapabilityReason {
  switch (reason) {
    case 'RoleRestricted':
      return 'role';
    case 'MeetingRestricted':
      return 'meeting';
    case 'UserPolicyRestricted':
    case 'TeamsPremiumLicenseRestricted':
    case 'IpModeUserPolicyRestricted':
      return 'policy';
    default:
      return 'unsupported';
  }
}

/** The seam's capabilities from the SDK's (a name the SDK does not report stays allowed). */
export function capabilitiesFrom(sdk: Partial<ParticipantCapabilities> | undefined): MeetingCapabilities {
  const capabilities = allCapabilities();
  if (!sdk) return capabilities;
  for (const name of CAPABILITY_NAMES) {
    const entry = sdk[name satisfies ParticipantCapabilityName];
    if (!entry || entry.isPresent || STILL_ALLOWED.has(entry.reason)) continue;
    capabilities[name] = { allowed: false, reason: capabilityReason(entry.reason) };
  }
  return capabilities;
}

export function roleFrom(role: ParticipantRole | undefined): MeetingRole {
  switch (role) {
    case 'Organizer':
      return 'organizer';
    case 'Co-organizer':
      return 'co-organizer';
    case 'Presenter':
      return 'presenter';
    case 'Attendee':
      return 'attendee';
    default:
      return 'unknown';
  }
}
