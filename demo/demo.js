// Demo page for <acs-teams-meeting>. No inline script: the server's CSP forbids it.
// Simulated presets create a meeting through the emulator's control API (POST /emulator/meetings);
// the element then fetches its token from /api/token like any host page would.

const form = /** @type {HTMLFormElement} */ (document.getElementById('setup'));
const host = /** @type {HTMLElement} */ (document.getElementById('meeting-host'));
const log = /** @type {HTMLOListElement} */ (document.getElementById('log'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const organizerLink = /** @type {HTMLAnchorElement} */ (document.getElementById('organizer-link'));

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
  'acs-unread-changed',
  'acs-capabilities-changed',
  'acs-diagnostics-changed',
  'acs-audio-blocked',
  'acs-spotlight-changed',
  'acs-breakout-room-changed',
  'acs-video-effect-changed',
  'acs-popout-changed',
];

/** Emulator meeting options for each preset, then a PATCH applied after creation. */
const PRESETS = {
  open: [{}, null],
  lobby: [{ lobby: true }, null],
  recording: [{}, { recording: true }],
  consent: [{}, { recording: true, consentRequired: true }],
  'anonymous-off': [{ anonymousJoin: false }, null],
};

async function controlApi(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}

async function simulatedMeeting(preset) {
  const [options, patch] = PRESETS[preset] ?? PRESETS.open;
  const meeting = await controlApi('POST', '/emulator/meetings', { topic: 'Demo meeting', ...options });
  if (patch) await controlApi('PATCH', `/emulator/meetings/${encodeURIComponent(meeting.threadId)}`, patch);
  return meeting;
}

function addLogEntry(name, detail) {
  const item = document.createElement('li');
  if (name === 'acs-error') item.className = 'error';
  const time = new Date().toLocaleTimeString();
  const title = document.createElement('strong');
  title.textContent = name;
  item.append(`${time} `, title, ` ${detail && Object.keys(detail).length ? JSON.stringify(detail) : ''}`);
  log.prepend(item);
}

for (const name of EVENTS) {
  host.addEventListener(name, (event) => addLogEntry(name, /** @type {CustomEvent} */ (event).detail));
}

host.addEventListener('acs-leave-request', (event) => {
  if (form.elements.namedItem('confirmLeave')?.checked && !window.confirm('Leave the meeting?')) {
    event.preventDefault();
  }
});

document.getElementById('clear-log')?.addEventListener('click', () => log.replaceChildren());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const element = document.createElement('acs-teams-meeting');
  element.setAttribute('token-url', '/api/token');
  try {
    if (data.get('source') === 'preset') {
      status.textContent = 'Creating a simulated meeting…';
      const meeting = await simulatedMeeting(String(data.get('preset')));
      element.setAttribute('meeting-link', meeting.meetingLink);
      organizerLink.href = `organizer.html?threadId=${encodeURIComponent(meeting.threadId)}`;
      status.textContent = 'Simulated meeting ready. Open the organizer console to drive it.';
    } else if (String(data.get('link') ?? '').trim()) {
      element.setAttribute('meeting-link', String(data.get('link')).trim());
      status.textContent = '';
    } else {
      element.setAttribute('meeting-id', String(data.get('meetingId') ?? ''));
      element.setAttribute('passcode', String(data.get('passcode') ?? ''));
      status.textContent = '';
    }
  } catch (error) {
    status.textContent = `Could not create the simulated meeting (${error instanceof Error ? error.message : error}). Is the emulator running?`;
    return;
  }
  element.setAttribute('display-name', String(data.get('displayName') ?? ''));
  element.setAttribute('locale', String(data.get('locale') ?? 'en'));
  element.setAttribute('theme', String(data.get('theme') ?? 'light'));
  for (const [field, attribute] of [
    ['skipSetup', 'skip-setup'],
    ['startMuted', 'start-muted'],
    ['startCameraOff', 'start-camera-off'],
  ]) {
    if (data.get(field)) element.setAttribute(attribute, '');
  }
  // The script-tag loader defines the chat when it is in the document, like the meeting.
  const chat = document.createElement('acs-meeting-chat');
  chat.setAttribute('slot', 'chat');
  // The chat has its own theme attribute (it can live outside the meeting element too).
  chat.setAttribute('theme', String(data.get('theme') ?? 'light'));
  element.append(chat);
  host.replaceChildren(element);
  window.demoMeeting = element;
});
