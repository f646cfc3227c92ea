/**
 * `acs-teams-elements/react`: React components for React 18 (and 19), made with `@lit/react`.
 * Props are the element's properties (`meetingLink`, `tokenProvider`…), events are `onAcsLeft`-style
 * props with typed `e.detail`. Importing this module registers the elements (it imports ./define).
 * React 19 users can also use the tags directly with the `acs-teams-elements/jsx` types.
 *
 * `react` and `@lit/react` are optional peer dependencies: only this module needs them, and the
 * script-tag bundle (dist/cdn, built from ./define) never reaches it.
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import './define.js';
import { AcsTeamsMeeting } from './components/teams-meeting/teams-meeting.js';
import { AcsMeetingChat } from './components/meeting-chat/meeting-chat.js';
import { AcsTeamsCall } from './components/teams-call/teams-call.js';
import { callEvents, chatEvents, meetingEvents } from './react-events.js';

/** `<TeamsMeeting meetingLink={…} tokenUrl="/api/token" onAcsLeft={(e) => e.detail.reason} />` */
export const TeamsMeeting = createComponent({
  react: React,
  tagName: 'acs-teams-meeting',
  elementClass: AcsTeamsMeeting,
  events: meetingEvents,
  displayName: 'TeamsMeeting',
});

/** `<MeetingChat slot="chat" onAcsUnreadChanged={(e) => e.detail.count} />` */
export const MeetingChat = createComponent({
  react: React,
  tagName: 'acs-meeting-chat',
  elementClass: AcsMeetingChat,
  events: chatEvents,
  displayName: 'MeetingChat',
});

/** `<TeamsCall callee="8:orgid:…" tokenUrl="/api/token" onAcsCallEnded={(e) => e.detail.reason} />` */
export const TeamsCall = createComponent({
  react: React,
  tagName: 'acs-teams-call',
  elementClass: AcsTeamsCall,
  events: callEvents,
  displayName: 'TeamsCall',
});
