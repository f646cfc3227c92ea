/**
 * English (United Kingdom): British spelling (organiser, organisation) and usage (keypad, hash key,
 * single quotation marks). Only what it says differently from the components' own (American)
 * English; every other string is theirs, spread in, so the catalog is complete as the type asks.
 */
import type { LocaleCatalog } from './types.js';
import { meetingStrings } from '../../components/teams-meeting/strings.js';
import { setupStrings } from '../../components/teams-meeting/setup-strings.js';
import { meetingUiStrings } from '../../components/teams-meeting/meeting-ui-strings.js';
import { chatShellStrings } from '../../components/meeting-chat/strings.js';
import { chatViewStrings } from '../../components/meeting-chat/view-strings.js';
import { callButtonStrings } from '../../components/teams-call/strings.js';
import { callUiStrings } from '../../components/teams-call/call-ui-strings.js';
import { errorStrings } from '../errors.js';

export default {
  meeting: meetingStrings,
  setup: {
    ...setupStrings,
    'setup.guestsNotAllowed.body': 'Only people with a Teams account the organiser allows can join. Ask the organiser to let guests in, then select ‘Join now’ again.',
  },
  meetingUi: {
    ...meetingUiStrings,
    'ended.ended-by-organizer.body': 'The organiser ended the meeting for everyone.',
    'ended.removed.body': 'Someone in the meeting removed you. Ask the organiser if you think this is a mistake.',
    'ended.lobby-timeout.body': 'You waited in the lobby too long. Try again or contact the organiser.',
    'ended.anonymous-join-disabled.body': 'The organisation hosting the meeting doesn’t allow anonymous guests. Contact the organiser.',
    'consent.body': 'The organiser requires your consent. Your microphone and camera stay off until you agree to be recorded and transcribed.',
    'consent.body.recording': 'The organiser needs your consent to record you. Your microphone and camera stay off until you select ‘I agree’.',
    'consent.body.transcription': 'The organiser needs your consent to transcribe what you say. Your microphone and camera stay off until you select ‘I agree’.',
    'consent.body.both': 'The organiser needs your consent to record and transcribe you. Your microphone and camera stay off until you select ‘I agree’.',
    'capability.unmuteMic.meeting': 'The organiser has turned off microphones for attendees',
    'capability.turnVideoOn.meeting': 'The organiser has turned off cameras for attendees',
    'capability.shareScreen.role': 'Only presenters can share. Ask the organiser to make you a presenter',
    'capability.useReactions.meeting': 'The organiser has turned off reactions',
    'capability.meeting': 'The organiser has turned this off',
    'capability.policy': 'Your organisation’s policy doesn’t allow this',
    'role.organizer': 'You’re now an organiser',
    'role.co-organizer': 'You’re now a co-organiser',
  },
  chat: {
    ...chatShellStrings,
    ...chatViewStrings,
    'system.topic': 'The topic was changed to ‘{topic}’.',
  },
  call: {
    ...callButtonStrings,
    ...callUiStrings,
    'control.dialpad': 'Keypad',
    'dialpad.label': 'Keypad',
    'dialpad.pound': 'Hash',
    'status.menu': 'Choose an option on the keypad.',
    'control.dialpadShow': 'Show the keypad',
    'control.dialpadHide': 'Hide the keypad',
  },
  errors: {
    ...errorStrings,
    'errors.invalid-phone-number': 'This phone number isn’t valid. Enter it in international format, for example +442071234567.',
    'errors.anonymous-join-disabled': 'This meeting doesn’t let guests join from outside the organisation. Ask the organiser for access, or join with the Teams app.',
    'errors.not-allowed': 'The meeting doesn’t let you do that right now. Ask the organiser if you need it.',
  },
} satisfies LocaleCatalog;
