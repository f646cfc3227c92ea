/**
 * Compiled by test/types/types.test.ts against the built package (React 19 JSX types from
 * `acs-teams-elements/jsx`, generated from custom-elements.json). Every `@ts-expect-error` below
 * must stay an error: if the generated types went loose (any) or lost an attribute or event, tsc fails.
 */
import { useRef, type JSX } from 'react';
import type {} from 'acs-teams-elements/jsx';
import type { AcsLeftDetail, AcsTeamsMeeting } from 'acs-teams-elements';

export function Meeting({ link, onLeft }: { link: string; onLeft: (detail: AcsLeftDetail) => void }) {
  const meeting = useRef<AcsTeamsMeeting>(null);
  return (
    <acs-teams-meeting
      ref={meeting}
      meeting-link={link}
      token-url="/api/token"
      display-name="Ada"
      locale="fr"
      skip-setup
      theme="dark"
      style={{ height: '70vh' }}
      tokenProvider={async () => ({ token: 't', expiresOn: new Date(), userId: 'u' })}
      onacs-left={(e) => onLeft(e.detail)}
      onacs-state-changed={(e) => console.log(e.detail.state, e.detail.previous)}
      onacs-recording-changed={(e) => console.log(e.detail.active satisfies boolean)}
      onacs-error={(e) => console.log(e.detail.code, e.detail.recoverable satisfies boolean)}
      onacs-leave-request={(e) => e.preventDefault()}
    >
      <acs-meeting-chat slot="chat" onacs-unread-changed={(e) => console.log(e.detail.count satisfies number)} />
    </acs-teams-meeting>
  );
}

export function Call() {
  return (
    <acs-teams-call
      callee="8:orgid:00000000-0000-0000-0000-000000000000"
      token-url="/api/token"
      onacs-call-ended={(e) => console.log(e.detail.reason, e.detail.durationSeconds satisfies number)}
      onacs-incoming-call={(e) => console.log(e.detail.caller.displayName)}
    />
  );
}

/**
 * TypeScript accepts any dashed JSX attribute it does not know (as it does `data-*`), so the
 * attribute names are checked here as keys: renaming one in a component breaks this list.
 */
type Props<Tag extends keyof JSX.IntrinsicElements> = keyof JSX.IntrinsicElements[Tag];
export const meetingAttributes: Props<'acs-teams-meeting'>[] = [
  'token-url', 'token-credentials', 'meeting-link', 'meeting-id', 'passcode', 'display-name', 'locale',
  'skip-setup', 'start-muted', 'start-camera-off', 'theme', 'compliance-banner', 'identity',
  'tokenProvider', 'serviceFactory', 'strings',
  'onacs-state-changed', 'onacs-joined', 'onacs-left', 'onacs-participant-joined', 'onacs-participant-left',
  'onacs-recording-changed', 'onacs-transcription-changed', 'onacs-consent-required', 'onacs-error',
  'onacs-leave-request',
];
export const chatAttributes: Props<'acs-meeting-chat'>[] = [
  'for', 'token-url', 'thread-id', 'display-name', 'locale', 'theme', 'placeholder', 'strings', 'tokenProvider',
  'onacs-chat-state-changed', 'onacs-message-received', 'onacs-message-sent', 'onacs-message-failed',
  'onacs-unread-changed', 'onacs-error',
];
export const callAttributes: Props<'acs-teams-call'>[] = [
  'token-url', 'token-credentials', 'callee', 'callee-name', 'caller-id', 'identity', 'display-name', 'video',
  'locale', 'theme', 'tokenProvider', 'serviceFactory', 'strings',
  'onacs-state-changed', 'onacs-call-connected', 'onacs-call-ended', 'onacs-incoming-call', 'onacs-error',
];
// @ts-expect-error: read-only state is not a prop
export const readOnly: Props<'acs-teams-meeting'> = 'state';

export function Mistakes() {
  return (
    <>
      {/* @ts-expect-error: no such event, so `e` is an implicit any (TS lets unknown dashed names through) */}
      <acs-teams-meeting onacs-gone={(e) => e} />
      {/* @ts-expect-error: the detail of acs-left has no `count` */}
      <acs-teams-meeting onacs-left={(e) => e.detail.count} />
      {/* @ts-expect-error: theme is 'light' | 'dark' | 'auto' */}
      <acs-teams-meeting theme="blue" />
      {/* @ts-expect-error: acs-left is a meeting event, not a call event */}
      <acs-teams-call onacs-left={(e) => e} />
    </>
  );
}
