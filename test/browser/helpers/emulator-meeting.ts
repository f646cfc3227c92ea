/**
 * A simulated Teams meeting on the emulator with an <acs-teams-meeting> joining it as "Guest"
 * straight past the setup screen (`skip-setup`, English), as the end-to-end meeting tests start.
 */
import { fixture, html } from '@open-wc/testing';
import { AcsTeamsMeeting } from '../../../src/components/teams-meeting/teams-meeting.js';
import { createMeeting, emulatorPath } from './emulator.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

export interface CreatedMeeting {
  threadId: string;
  meetingLink: string;
}

/** The emulator's control path of a meeting, or of something in it (`rest`, e.g. `/end`). */
export const meetingPath = (meeting: CreatedMeeting, rest = '') => `emulator/meetings/${encodeURIComponent(meeting.threadId)}${rest}`;

/** The control path of one participant of a meeting. */
export const participantPath = (meeting: CreatedMeeting, id: string) => meetingPath(meeting, `/participants/${encodeURIComponent(id)}`);

/** The first match of `selector` in the element's shadow root. */
export const shadow$ = <E extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<E>(selector);

/** Creates a meeting and puts an element on the page that joins it as "Guest" (English unless `locale`), the camera on unless `cameraOff`. */
export async function guestJoining(options: { topic: string; cameraOff?: boolean; locale?: string }): Promise<{ meeting: CreatedMeeting; el: AcsTeamsMeeting }> {
  const meeting = await createMeeting<CreatedMeeting>({ topic: options.topic });
  const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting
    token-url=${emulatorPath('api/token')}
    meeting-link=${meeting.meetingLink}
    display-name="Guest"
    locale=${options.locale ?? 'en'}
    skip-setup
    ?start-camera-off=${options.cameraOff ?? false}
  ></acs-teams-meeting>`);
  return { meeting, el };
}
