/** Line icons for the in-call UI (24×24, stroke = currentColor). Decorative: always aria-hidden. */
import { svg, type SVGTemplateResult } from 'lit';

/** `flip`: the icon implies a direction and is mirrored right-to-left (class flip-rtl, see meeting-ui.styles.ts). */
const icon = (body: SVGTemplateResult, flip = false) =>
  svg`<svg class=${flip ? 'flip-rtl' : ''} viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

const slash = svg`<path d="M3 3l18 18"/>`;

export const icons = {
  mic: icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/>`),
  micOff: icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/>${slash}`),
  // A person with a dotted (blurred) background.
  effects: icon(svg`<circle cx="12" cy="9" r="3.2"/><path d="M6.5 20a5.5 5.5 0 0 1 11 0M3 4h.01M3 9h.01M3 14h.01M21 4h.01M21 9h.01M21 14h.01M7 3h.01M17 3h.01"/>`),
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
  more: icon(svg`<circle cx="5.5" cy="12" r="1.3"/><circle cx="12" cy="12" r="1.3"/><circle cx="18.5" cy="12" r="1.3"/>`),
  keyboard: icon(svg`<rect x="2.5" y="6" width="19" height="12" rx="2"/><path d="M6 10h.01M9.5 10h.01M13 10h.01M16.5 10h.01M7.5 14h9"/>`),
  shareStop: icon(svg`<rect x="2.5" y="4" width="19" height="13" rx="2"/><path d="M9.5 8l5 5M14.5 8l-5 5M8 21h8"/>`),
  move: icon(svg`<path d="M12 3v18M3 12h18M12 3l-2.5 2.5M12 3l2.5 2.5M12 21l-2.5-2.5M12 21l2.5-2.5M3 12l2.5-2.5M3 12l2.5 2.5M21 12l-2.5-2.5M21 12l-2.5 2.5"/>`),
  close: icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`),
  pin: icon(svg`<path d="M9 3.5h6M10 3.5v5.5l-3 3v2h10v-2l-3-3V3.5M12 14.5V21"/>`),
  unpin: icon(svg`<path d="M9 3.5h6M10 3.5v5.5l-3 3v2h10v-2l-3-3V3.5M12 14.5V21"/>${slash}`),
  spotlight: icon(svg`<path d="M12 2.5v2.5M5.5 5.5l1.8 1.8M18.5 5.5l-1.8 1.8M8.5 10h7l3.5 10.5H5z"/>`),
  /** A window with an arrow leaving it; mirrored right-to-left. */
  popOut: icon(svg`<path d="M10.5 4.5H5a2 2 0 0 0-2 2V19a2 2 0 0 0 2 2h12.5a2 2 0 0 0 2-2v-5.5M14 3.5h6.5V10M20.5 3.5L11 13"/>`, true),
  /** A window with an arrow coming back into it; mirrored right-to-left. */
  popIn: icon(svg`<path d="M10.5 4.5H5a2 2 0 0 0-2 2V19a2 2 0 0 0 2 2h12.5a2 2 0 0 0 2-2v-5.5M11 7v6h6M20.5 3.5L11 13"/>`, true),
  speaker: icon(svg`<path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z"/><path d="M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11"/>`, true),
  /** Signal bars: the first solid, the others faint (the badge shows only a poor connection). */
  network: icon(svg`<path d="M4 19v-3"/><path d="M9.3 19v-7M14.7 19V8M20 19V4" stroke-opacity=".35"/>`),
  like: icon(svg`<path d="M7 11v9H3.5v-9zM7 11l4-7a2 2 0 0 1 3.2 2.2L13 10h5.5a2 2 0 0 1 2 2.4l-1.3 6A2 2 0 0 1 17.2 20H7"/>`),
  heart: icon(svg`<path d="M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7a4.3 4.3 0 0 1 7.5 2.8C19.5 15.4 12 20 12 20z"/>`),
  laugh: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M7.5 13h9a4.5 4.5 0 0 1-9 0zM8 9.5l1.5-1 1.5 1M13 9.5l1.5-1 1.5 1"/>`),
  surprised: icon(svg`<circle cx="12" cy="12" r="9"/><circle cx="12" cy="15.5" r="2"/><path d="M9 9.5h.01M15 9.5h.01"/>`),
  applause: icon(svg`<path d="M12 3l2.4 5.3 5.6.6-4.2 3.8 1.2 5.6L12 15.5l-5 2.8 1.2-5.6L4 8.9l5.6-.6z"/>`),
};

const art = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">${body}</svg>`;
const face = svg`<circle cx="16" cy="16" r="14" fill="#ffc83d"/><circle cx="16" cy="16" r="14" fill="none" stroke="#e0a100" stroke-width="1"/>`;

/**
 * Colour reactions, drawn rather than taken from an emoji font: the same on every system (a
 * headless or locked-down one may have no colour emoji font at all). Decorative: aria-hidden.
 */
export const reactionArt = {
  like: art(
    svg`<path d="M4 14h5v14H4z" fill="#3a66d1"/><path d="M11 14l5-10c2.4 0 3.6 1.6 3 4l-1 4h7.5c1.8 0 3 1.6 2.6 3.3l-2.2 9.4A3 3 0 0 1 23 27H11z" fill="#4f8ff7"/><path d="M11 14l5-10c2.4 0 3.6 1.6 3 4l-1 4" fill="none" stroke="#2d5bc4" stroke-width="1"/>`,
  ),
  heart: art(svg`<path d="M16 28S3 20.5 3 11.5A6.8 6.8 0 0 1 16 8a6.8 6.8 0 0 1 13 3.5C29 20.5 16 28 16 28z" fill="#f0384d"/><path d="M8.5 9.5a3.5 3.5 0 0 1 4 0" stroke="#ff9aa5" stroke-width="2" stroke-linecap="round" fill="none"/>`),
  laugh: art(
    svg`${face}<path d="M8 17h16a8 8 0 0 1-16 0z" fill="#7a2a00"/><path d="M10.5 20.5h11a7 7 0 0 1-11 0z" fill="#ff6b81"/><path d="M8.5 11.5l3 1.5-3 1.5M23.5 11.5l-3 1.5 3 1.5" stroke="#7a2a00" stroke-width="1.6" fill="none" stroke-linecap="round" stroke-linejoin="round"/><path d="M5 14c-1.5 2-2 4-1 5.5s3 .5 3-1.5z" fill="#5ab0f5"/><path d="M27 14c1.5 2 2 4 1 5.5s-3 .5-3-1.5z" fill="#5ab0f5"/>`,
  ),
  surprised: art(
    svg`${face}<ellipse cx="16" cy="21.5" rx="3.2" ry="4" fill="#7a2a00"/><circle cx="11" cy="12.5" r="2" fill="#7a2a00"/><circle cx="21" cy="12.5" r="2" fill="#7a2a00"/><path d="M8.5 8.5l3-1M23.5 8.5l-3-1" stroke="#7a2a00" stroke-width="1.4" stroke-linecap="round"/>`,
  ),
  applause: art(
    svg`<path d="M6 20l6-11c.8-1.4 2.8-.6 2.3.9L12.6 14l5.8-8.6c.9-1.3 2.9-.2 2.2 1.2l-4 8 6-7.6c1-1.2 2.8 0 2 1.4l-5 8 4.4-4.6c1.1-1.1 2.7.3 1.8 1.6L19 22.5C15.5 28 8 28 6 23.5z" fill="#ffc83d" stroke="#e0a100" stroke-width="1"/><path d="M4 8l2 2M8 4.5l.8 2.6M2.5 13l2.6.5" stroke="#f7941d" stroke-width="1.6" stroke-linecap="round"/>`,
  ),
};
