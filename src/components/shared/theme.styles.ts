import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * The design tokens every element shares, with their light and dark defaults.
 *
 * Styles never read a public `--acs-*` property directly: each has a private `--_acs-*` twin,
 * declared on `:host` as `var(--acs-x, <theme default>)`. An element therefore declares none of
 * the public names itself, so a value the page sets anywhere above it (`:root`, a wrapper, or the
 * element) reaches every element, including an `<acs-meeting-chat>` slotted into the meeting.
 * A page value applies in every theme; to vary it per theme, scope it (`[theme='dark'] { … }`).
 */
const LIGHT = {
  'font-family': "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif",
  radius: '8px',
  'color-bg': '#f5f5f5',
  'color-surface': '#ffffff',
  'color-text': '#242424',
  'color-text-muted': '#5c5c5c',
  'color-border': '#d1d1d1',
  'color-primary': '#5b5fc7',
  'color-on-primary': '#ffffff',
  'color-danger': '#c4314b',
  'color-on-danger': '#ffffff',
  'color-danger-text': '#b10e1c',
  'color-focus': '#4f52b2',
  'color-link': '#3d3f9c',
  'color-notice-bg': '#fff4ce',
  'color-notice-text': '#3d2e00',
  'color-recording-bg': '#fde7e9',
  'color-recording-text': '#3b0509',
  'tile-bg': '#292929',
  'tile-text': '#ffffff',
  'chat-own-bg': '#e8ebfa',
  'chat-mention-bg': '#fff4ce',
  'chat-mention-text': '#3d2e00',
};

type Token = keyof typeof LIGHT;

/** Only what differs from light. */
const DARK: Partial<Record<Token, string>> = {
  'color-bg': '#1f1f1f',
  'color-surface': '#292929',
  'color-text': '#ffffff',
  'color-text-muted': '#c8c8c8',
  'color-border': '#5c5c5c',
  'color-danger-text': '#ff99a4',
  'color-focus': '#9ea2ff',
  'color-link': '#b3b6ff',
  'color-notice-bg': '#463100',
  'color-notice-text': '#fff4ce',
  'color-recording-bg': '#3e1f25',
  'color-recording-text': '#ffffff',
  'tile-bg': '#141414',
  'chat-own-bg': '#3a3d8f',
  'chat-mention-bg': '#4a3f00',
  'chat-mention-text': '#ffe28a',
};

/** `--_acs-x: var(--acs-x, value);` for each token: static constants above, never page input. */
function declarations(values: Partial<Record<Token, string>>): CSSResult {
  return unsafeCSS(
    Object.entries(values)
      .map(([name, value]) => `--_acs-${name}: var(--acs-${name}, ${value});`)
      .join('\n'),
  );
}

const dark = declarations(DARK);

/** Put first in an element's `static styles`; its own rules read `var(--_acs-…)`. */
export const themeStyles = css`
  :host {
    ${declarations(LIGHT)}
    color-scheme: light;
    font-family: var(--_acs-font-family);
    font-size: 14px;
    line-height: 1.4;
    color: var(--_acs-color-text);
  }
  :host([theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
      color-scheme: dark;
    }
  }
`;
