/**
 * The meeting control bar as data: each control is a descriptor, and one renderer decides which fit
 * in a single row and which go into the "More" menu. A feature adds a control by adding a
 * descriptor (with a `priority`); nothing else in the bar changes. Leave (`pinned`) is always last
 * and always visible.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { icons } from './icons.js';

export interface ControlDescriptor {
  /** Element id (`ctl-…`), the same in the bar and in the More menu. */
  id: string;
  /** Visible label: names the action the button does now ("Unmute" while muted). */
  label: string;
  icon: TemplateResult;
  /** Lower stays in the bar longer when space runs out; the bar keeps the descriptors' order. */
  priority: number;
  /** `end`: always visible, after "More" (Leave). `menu`: only ever in the More menu. */
  placement?: 'bar' | 'end' | 'menu';
  /** A toggle whose label does not change (Captions, Chat, Participants): `aria-pressed`. */
  pressed?: boolean;
  /** The control is in its "off" state (muted, camera off): the distinct off colour. */
  off?: boolean;
  /** A toggle with a state-named label (Unmute, Lower hand) that is in its active state. */
  active?: boolean;
  /** Opens a popup (`aria-expanded`, `aria-controls`). */
  expanded?: boolean;
  controls?: string;
  /** Refused for now (consent pending): `aria-disabled`, with `lockedReason` as the tooltip. */
  locked?: boolean;
  lockedReason?: string;
  danger?: boolean;
  /** A count badge on the button (participants, unread chat). `alert` makes the More button show it too. */
  badge?: { count: number; label?: string; alert?: boolean };
  /** Keyboard shortcut, shown in the tooltip ("Ctrl+Shift+M"). */
  shortcut?: string;
  run(): void;
}

export interface ControlBarLayout {
  /** Controls shown in the bar before More, in order. */
  bar: ControlDescriptor[];
  /** Controls in the More menu, in order. */
  menu: ControlDescriptor[];
  /** Controls after More (Leave). */
  end: ControlDescriptor[];
}

/**
 * Splits the descriptors for a bar with room for `slots` buttons in total (More and Leave
 * included). Controls of lowest priority leave the bar first; at least the two most used stay.
 */
export function layoutControls(controls: readonly ControlDescriptor[], slots: number): ControlBarLayout {
  const end = controls.filter((control) => control.placement === 'end');
  const menuOnly = controls.filter((control) => control.placement === 'menu');
  const candidates = controls.filter((control) => !control.placement || control.placement === 'bar');
  let room = Math.max(0, slots - end.length);
  if (candidates.length > room || menuOnly.length > 0) room = Math.max(2, room - 1);
  const keep = new Set([...candidates].sort((a, b) => a.priority - b.priority).slice(0, room));
  return {
    bar: candidates.filter((control) => keep.has(control)),
    menu: [...candidates.filter((control) => !keep.has(control)), ...menuOnly],
    end,
  };
}

function tooltip(control: ControlDescriptor): string {
  if (control.locked && control.lockedReason) return control.lockedReason;
  return control.shortcut ? `${control.label} (${control.shortcut})` : control.label;
}

function badge(control: ControlDescriptor): TemplateResult | typeof nothing {
  const { badge } = control;
  if (!badge || badge.count <= 0) return nothing;
  return html`<span class="count ${badge.alert ? 'unread' : ''}" data-count=${badge.count} data-unread=${badge.alert ? badge.count : nothing}
    ><span aria-hidden="true">${badge.count}</span>${badge.label ? html`<span class="sr">${badge.label}</span>` : nothing}</span
  >`;
}

/** One button of the bar (a toolbar item with a roving tabindex). */
export function renderBarButton(control: ControlDescriptor, focusable: boolean, onFocus: () => void): TemplateResult {
  return html`<button
    class="ctl ${control.danger ? 'danger' : ''} ${control.off ? 'off' : ''} ${control.active ? 'active' : ''}"
    id=${control.id}
    tabindex=${focusable ? 0 : -1}
    aria-pressed=${control.pressed === undefined ? nothing : control.pressed ? 'true' : 'false'}
    aria-expanded=${control.expanded === undefined ? nothing : control.expanded ? 'true' : 'false'}
    aria-haspopup=${control.expanded === undefined ? nothing : 'true'}
    aria-controls=${control.controls ?? nothing}
    aria-disabled=${control.locked ? 'true' : nothing}
    aria-keyshortcuts=${control.shortcut ? control.shortcut.replace(/\s/g, '') : nothing}
    title=${tooltip(control)}
    data-state=${control.off ? 'off' : control.active ? 'active' : nothing}
    @click=${() => {
      onFocus();
      control.run();
    }}
  >
    ${control.icon}<span class="ctl-label">${control.label}</span>${badge(control)}
  </button>`;
}

/** One item of the More menu: a menuitemcheckbox for a toggle, else a menuitem. */
export function renderMenuItem(control: ControlDescriptor, close: () => void): TemplateResult {
  const checkable = control.pressed !== undefined;
  return html`<button
    class="menu-item ${control.off ? 'off' : ''}"
    id=${control.id}
    role=${checkable ? 'menuitemcheckbox' : 'menuitem'}
    tabindex="-1"
    aria-checked=${checkable ? (control.pressed ? 'true' : 'false') : nothing}
    aria-disabled=${control.locked ? 'true' : nothing}
    aria-haspopup=${control.expanded === undefined ? nothing : 'true'}
    aria-keyshortcuts=${control.shortcut ? control.shortcut.replace(/\s/g, '') : nothing}
    title=${control.locked && control.lockedReason ? control.lockedReason : nothing}
    @click=${() => {
      close();
      control.run();
    }}
  >
    ${control.icon}<span class="menu-label">${control.label}</span>${badge(control)}${checkable && control.pressed
      ? html`<span class="check" aria-hidden="true">✓</span>`
      : nothing}${control.shortcut ? html`<kbd aria-hidden="true">${control.shortcut}</kbd>` : nothing}
  </button>`;
}

/** The More button's own descriptor (its badge sums the alerts hidden in the menu). */
export function moreDescriptor(label: string, menu: readonly ControlDescriptor[], open: boolean, run: () => void): ControlDescriptor {
  const alerts = menu.reduce((sum, control) => sum + (control.badge?.alert ? control.badge.count : 0), 0);
  return {
    id: 'ctl-more',
    label,
    icon: icons.more,
    priority: 0,
    expanded: open,
    controls: 'more-menu',
    badge: alerts > 0 ? { count: alerts, alert: true } : undefined,
    run,
  };
}

/** How many buttons fit in one row of `width` CSS px, with labels (84 px a button) or without (48 px). */
export function barCapacity(width: number, labels: boolean): { slots: number; labels: boolean } {
  const slot = labels ? 84 : 48;
  // 8 px of padding on each side of the bar and 4 px between buttons.
  return { slots: Math.max(3, Math.floor((width - 24) / (slot + 4))), labels };
}
