// @ts-check
/**
 * The iframe embed: one <acs-teams-meeting> full-frame, configured by URL parameters, for CMSs that
 * allow no scripts. Parameters: `meeting-link` (or `meeting-id` + `passcode`), `chat` (yes|no,
 * default yes), `theme`, `locale`, `display-name`, `start-muted`, `start-camera-off`, `skip-setup`
 * (yes), `token-url` (a path on this origin only; default /api/token).
 *
 * The embedding page gets every `acs-*` event as
 *   window.parent.postMessage({source: 'acs-teams-elements', type, detail}, origin)
 * for each origin of the allow-list in <meta name="acs-embed-origins"> (the browser delivers it
 * only to the one that really is the parent), and may send back
 *   {source: 'acs-teams-elements', command: 'leave'} or {…, command: 'setMuted', muted: true}
 * which are obeyed only from the parent window on an allow-listed origin. No list: no events, no
 * commands. Nothing else is read from the URL or from messages.
 */
import './acs-teams-elements.js';

const SOURCE = 'acs-teams-elements';
const EVENTS = [
  'acs-state-changed',
  'acs-joined',
  'acs-left',
  'acs-participant-joined',
  'acs-participant-left',
  'acs-recording-changed',
  'acs-transcription-changed',
  'acs-consent-required',
  'acs-error',
  'acs-leave-request',
  'acs-chat-state-changed',
  'acs-message-received',
  'acs-message-sent',
  'acs-message-failed',
  'acs-unread-changed',
];
const YES = new Set(['yes', 'true', '1', 'on', '']);

/** The allow-list: exact origins (scheme://host[:port]), nothing else. */
const allowed = (document.querySelector('meta[name="acs-embed-origins"]')?.getAttribute('content') ?? '')
  .split(/\s+/)
  .filter((origin) => {
    try {
      return origin !== '' && new URL(origin).origin === origin;
    } catch {
      return false;
    }
  });

const params = new URLSearchParams(location.search);
/** @param {string} name */
const flag = (name) => params.has(name) && YES.has((params.get(name) ?? '').toLowerCase());

/** A token URL on this origin only (a path), so a link cannot point the embed at another server. */
function tokenUrl() {
  const given = params.get('token-url');
  if (given && given.startsWith('/') && !given.startsWith('//') && !given.includes('\\')) return given;
  return '/api/token';
}

const meeting = document.createElement('acs-teams-meeting');
meeting.setAttribute('token-url', tokenUrl());
for (const name of ['meeting-link', 'meeting-id', 'passcode', 'theme', 'locale', 'display-name']) {
  const value = params.get(name);
  if (value) meeting.setAttribute(name, value);
}
for (const name of ['start-muted', 'start-camera-off', 'skip-setup']) if (flag(name)) meeting.setAttribute(name, '');
const locale = params.get('locale');
if (locale) document.documentElement.lang = locale;
if (!params.has('chat') || flag('chat')) {
  const chat = document.createElement('acs-meeting-chat');
  chat.setAttribute('slot', 'chat');
  for (const name of ['theme', 'locale']) {
    const value = params.get(name);
    if (value) chat.setAttribute(name, value);
  }
  meeting.append(chat);
}
document.body.append(meeting);

/** Event details are plain data; JSON keeps exactly that (no DOM nodes, no functions). @param {unknown} detail */
function plain(detail) {
  try {
    return JSON.parse(JSON.stringify(detail ?? {}));
  } catch {
    return {};
  }
}

if (window.parent !== window && allowed.length > 0) {
  for (const type of EVENTS) {
    meeting.addEventListener(type, (event) => {
      const message = { source: SOURCE, type, detail: plain(/** @type {CustomEvent} */ (event).detail) };
      // Posting to each allowed origin: the browser drops every copy whose origin is not the parent's.
      for (const origin of allowed) window.parent.postMessage(message, origin);
    });
  }
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !allowed.includes(event.origin)) return;
    const data = event.data;
    if (typeof data !== 'object' || data === null || data.source !== SOURCE) return;
    const element = /** @type {any} */ (meeting);
    // The loader defines the element when its chunk arrives: a command sent before waits for it.
    const obey = (/** @type {() => unknown} */ command) => void customElements.whenDefined('acs-teams-meeting').then(command);
    if (data.command === 'leave') obey(() => element.leave());
    else if (data.command === 'setMuted' && typeof data.muted === 'boolean') obey(() => element.setMuted(data.muted));
  });
}
