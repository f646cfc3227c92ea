/** Reaching the meeting's controls wherever the bar put them: in the row, or in the More menu. */
import type { AcsTeamsMeeting } from '../../../src/components/teams-meeting/teams-meeting.js';

/** The control with this id; opens More first when the control is in the menu. */
export async function control(el: AcsTeamsMeeting, id: string): Promise<HTMLElement> {
  const root = el.shadowRoot!;
  const inBar = root.querySelector<HTMLElement>(`#${id}`);
  if (inBar) return inBar;
  const more = root.querySelector<HTMLElement>('#ctl-more');
  if (!more) throw new Error(`#${id} is neither in the bar nor behind More`);
  more.click();
  await el.updateComplete;
  const inMenu = root.querySelector<HTMLElement>(`#more-menu #${id}`);
  if (!inMenu) throw new Error(`#${id} is not in the More menu`);
  return inMenu;
}

/** Clicks a control, through More when needed. */
export async function press(el: AcsTeamsMeeting, id: string): Promise<void> {
  (await control(el, id)).click();
  await el.updateComplete;
}
