/** Line icons for the in-call UI (24×24, stroke = currentColor). Decorative: always aria-hidden. */
import { svg, type SVGTemplateResult } from 'lit';

/** `flip`: the icon implies a direction and is mirrored right-to-left (class flip-rtl, see meeting-ui.styles.ts). */
const icon = (body: SVGTemplateResult, flip = false) =>
  svg`<svg class=${flip ? 'flip-rtl' : ''} viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

const slash = svg`<path d="M3 3l18 18"/>`;

export const icons = {
  mic: icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/>`),
  micOff: icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/>${slash}`),
  camera: icon(svg`<rect x="2.5" y="6.5" width="13" height="11" rx="2"/><path d="M15.5 10.5l6-3v9l-6-3"/>`),
  cameraOff: icon(svg`<rect x="2.5" y="6.5" width="13" height="11" rx="2"/><path d="M15.5 10.5l6-3v9l-6-3"/>${slash}`),
  share: icon(svg`<rect x="2.5" y="4" width="19" height="13" rx="2"/><path d="M12 14V8M9 10.5L12 7.5l3 3M8 21h8"/>`),
  hand: icon(
    svg`<path d="M8 12.5V6a1.5 1.5 0 0 1 3 0v5M11 10.5V4.5a1.5 1.5 0 0 1 3 0v6M14 10.5V6a1.5 1.5 0 0 1 3 0v8a7 7 0 0 1-7 7h-.4a5.6 5.6 0 0 1-4.8-2.8L3.2 14a1.5 1.5 0 0 1 2.6-1.5L8 15"/>`,
  ),
  smile: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M8 14a5 5 0 0 0 8 0M9 9.5h.01M15 9.5h.01"/>`),
  captions: icon(svg`<rect x="2.5" y="5" width="19" height="14" rx="2"/><path d="M10.5 10.2a2.4 2.4 0 1 0 0 3.6M17.5 10.2a2.4 2.4 0 1 0 0 3.6"/>`),
  people: icon(svg`<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.2a6.5 6.5 0 0 1 3.5 5.8"/>`),
  settings: icon(
    svg`<circle cx="12" cy="12" r="3"/><path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1"/>`,
  ),
  chat: icon(svg`<path d="M4 4.5h16v11H9.5L4 20z"/>`, true),
  leave: icon(svg`<path d="M3 14.5c5-4.7 13-4.7 18 0l-2.3 2.6-3.2-1.4v-2.6a10.5 10.5 0 0 0-7 0v2.6l-3.2 1.4z"/>`),
  close: icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`),
  like: icon(svg`<path d="M7 11v9H3.5v-9zM7 11l4-7a2 2 0 0 1 3.2 2.2L13 10h5.5a2 2 0 0 1 2 2.4l-1.3 6A2 2 0 0 1 17.2 20H7"/>`),
  heart: icon(svg`<path d="M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7a4.3 4.3 0 0 1 7.5 2.8C19.5 15.4 12 20 12 20z"/>`),
  laugh: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M7.5 13h9a4.5 4.5 0 0 1-9 0zM8 9.5l1.5-1 1.5 1M13 9.5l1.5-1 1.5 1"/>`),
  surprised: icon(svg`<circle cx="12" cy="12" r="9"/><circle cx="12" cy="15.5" r="2"/><path d="M9 9.5h.01M15 9.5h.01"/>`),
  applause: icon(svg`<path d="M12 3l2.4 5.3 5.6.6-4.2 3.8 1.2 5.6L12 15.5l-5 2.8 1.2-5.6L4 8.9l5.6-.6z"/>`),
};
