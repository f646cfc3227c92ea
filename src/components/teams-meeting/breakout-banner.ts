/**
 * The breakout room notice of the in-call UI: the assignment (with "Join room" when the room does
 * not move people in by itself), the room's name and end time while the user is in it, and "Return
 * to main meeting" when the organizer allows it. It sits in a polite live region, so each change
 * is announced; its text changes only with the room (the end time is a clock time, not a countdown
 * that would be read out every second). Part of the in-call UI chunk.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { dateTimeFormat, type Locale, type Translator } from '../../i18n/index.js';
import type { BreakoutRoom } from '../../services/meeting-service.js';
import type { MeetingUiCatalog } from './meeting-ui-strings.js';

type T = Translator<MeetingUiCatalog>;

const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

export interface BreakoutActions {
  join(): void;
  returnToMain(): void;
}

/** The room's end time as the user's locale writes a time of day. */
export function breakoutEndTime(locale: Locale, endsAt: number): string {
  return dateTimeFormat(locale, TIME).format(endsAt);
}

export function renderBreakoutBanner(t: T, locale: Locale, room: BreakoutRoom | null, actions: BreakoutActions): TemplateResult | typeof nothing {
  if (!room) return nothing;
  if (room.state !== 'joined') {
    const moving = room.autoJoin || room.state === 'joining';
    return html`<div class="banner notice breakout" part="breakout" data-state=${room.state}>
      <span class="banner-text">${t.t(moving ? 'breakout.moving' : 'breakout.assigned', { name: room.name })}</span>
      ${moving ? nothing : html`<button class="btn small primary" id="breakout-join" @click=${() => actions.join()}>${t.t('breakout.join')}</button>`}
    </div>`;
  }
  return html`<div class="banner notice breakout" part="breakout" data-state="joined">
    <span class="banner-text">
      <span>${t.t('breakout.in', { name: room.name })}</span>
      ${room.endsAt === undefined ? nothing : html`<span class="breakout-ends">${t.t('breakout.endsAt', { time: breakoutEndTime(locale, room.endsAt) })}</span>`}
    </span>
    ${room.canReturn ? html`<button class="btn small" id="breakout-return" @click=${() => actions.returnToMain()}>${t.t('breakout.return')}</button>` : nothing}
  </div>`;
}

/** Back from a room to the main meeting: said once, in the toast area. */
export function returnedToMain(next: BreakoutRoom | null, previous: BreakoutRoom | null): boolean {
  return previous?.state === 'joined' && next?.state !== 'joined';
}
