/**
 * The user-facing English message for every AcsError code: `errors.<code>` (namespace `errors`).
 * Each says what happened in plain words and what the person can do next (retry, allow the camera,
 * ask the organizer, contact the site owner). Other languages are in src/i18n/locales/<tag>.ts.
 * Elements may override any of them through their `strings` property.
 *
 * This module is a chunk of its own (not in the script-tag entry): elements import it when an
 * error happens, and loadErrorMessage() waits for the locale's chunk too, so an error raised before
 * any catalog loaded is still in the user's language (or English if a chunk cannot load).
 */
import type { AcsErrorCode } from '../core/errors.js';
import { loadLocale, Translator, type Locale } from './index.js';

export type ErrorMessageKey = `errors.${AcsErrorCode}`;

/*
 * `satisfies Record<ErrorMessageKey, string>` is the compile-time check: a code added to
 * ERROR_CODES without a message here, or a message for a code that no longer exists, fails
 * `tsc`. Every locale chunk is held to these keys by its type and by test/core/i18n-catalogs.test.ts.
 */
const en = {
  'errors.invalid-meeting-link':
    'This meeting link doesn’t look right. Copy the whole Teams meeting link from the invitation and try again.',
  'errors.consumer-teams-unsupported':
    'This link is for Teams (free). Only work or school Teams meetings can be joined here.',
  'errors.government-cloud-unsupported':
    'This meeting is hosted in a government or national Microsoft cloud and can’t be joined here. Join it with the Teams app instead.',
  'errors.invalid-meeting-id':
    'Check the meeting ID and passcode. The ID is a long number (spaces are fine) and the passcode is case-sensitive.',
  'errors.missing-meeting': 'No meeting to join yet. Enter a meeting link, or a meeting ID and passcode.',
  'errors.missing-token-source':
    'This page isn’t set up to connect to meetings yet. Please let the site owner know.',
  'errors.invalid-callee': 'The person or number to call isn’t valid. Check it and try again.',
  'errors.caller-id-required':
    'Calling a phone number needs a caller ID, and none is set up. Please let the site owner know.',
  'errors.invalid-phone-number':
    'This phone number isn’t valid. Enter it in international format, for example +14255550123.',
  'errors.token-unauthorized': 'You aren’t signed in or allowed to connect. Sign in again, then try again.',
  'errors.token-not-found': 'The sign-in service for meetings wasn’t found. Please let the site owner know.',
  'errors.token-invalid':
    'The sign-in service sent something unexpected. Try again later, and let the site owner know if it keeps happening.',
  'errors.token-unreachable': 'Couldn’t reach the sign-in service. Check your internet connection and try again.',
  'errors.token-wrong-kind':
    'This sign-in can’t be used here: guest access and Teams accounts work differently. Please let the site owner know.',
  'errors.sdk-load-failed':
    'The meeting components couldn’t be loaded. Check your internet connection and reload the page.',
  'errors.media-permission-denied':
    'Your browser is blocking the camera or microphone. Allow them in the site settings (next to the address bar), then try again.',
  'errors.media-no-device': 'No camera or microphone was found. Connect one, then try again.',
  'errors.screen-share-failed':
    'Screen sharing couldn’t start. Make sure your browser and system allow screen sharing, then try again.',
  'errors.join-failed': 'Couldn’t join the meeting. Check your internet connection and try again.',
  'errors.anonymous-join-disabled':
    'This meeting doesn’t let guests join from outside the organization. Ask the organizer for access, or join with the Teams app.',
  'errors.consent-failed': 'Your consent couldn’t be sent, so your microphone and camera stay off. Try again.',
  'errors.consent-required':
    'This meeting is being recorded or transcribed. Agree to it first, then turn on your microphone or camera.',
  'errors.operation-failed': 'That didn’t work. Try again.',
  'errors.chat-unavailable': 'The meeting chat isn’t available right now. Try again in a moment.',
  'errors.chat-forbidden': 'You don’t have access to this chat. Meeting chat is open only while you’re in the meeting.',
  'errors.chat-channel-meeting': 'Chat isn’t available in channel meetings. Audio and video still work.',
  'errors.chat-teams-identity-unsupported':
    'Meeting chat isn’t available here when you’re signed in with a Teams account. Use the chat in Teams instead.',
  'errors.chat-send-failed': 'Your message wasn’t sent. Check your connection and try again.',
  'errors.chat-message-too-long': 'Your message is too long. Shorten it, then send it again.',
  'errors.network': 'The connection was lost. Check your internet connection and try again.',
  'errors.unknown': 'Something went wrong. Try again, or reload the page.',
  // issue 14
  'errors.not-allowed': 'The meeting doesn’t let you do that right now. Ask the organizer if you need it.',
  // pop-out
  'errors.popout-failed': 'Couldn’t open the meeting in a separate window. Select Pop out to try again.',
} satisfies Record<ErrorMessageKey, string>;



export type ErrorCatalog = typeof en;
export const errorStrings: ErrorCatalog = en;

/**
 * The localized message for an error code, from what is loaded now. `overrides` are an element's
 * `strings` (keys `errors.<code>`), consulted first; English fills any gap.
 */
export function errorMessage(
  code: AcsErrorCode,
  locale: Locale = 'en-US',
  overrides: Partial<Record<string, string>> = {},
): string {
  return new Translator('errors', en, locale, overrides).t(`errors.${code}`);
}

/** errorMessage() once the locale's chunk is in (English when it cannot load). */
export async function loadErrorMessage(
  code: AcsErrorCode,
  locale: Locale = 'en-US',
  overrides: Partial<Record<string, string>> = {},
): Promise<string> {
  await loadLocale(locale);
  return errorMessage(code, locale, overrides);
}
