// Demo page for <acs-teams-call> and Teams identities. No inline script: the server's CSP forbids it.
// Guests get their token from /api/token like any host page. A Teams user's token comes from
// POST /api/token/teams {entraToken}: with the emulator the Entra token is a stand-in from
// GET /emulator/entra-token; in live mode the page signs the user in with MSAL (optional, below).

const log = /** @type {HTMLOListElement} */ (document.getElementById('log'));
const callForm = /** @type {HTMLFormElement} */ (document.getElementById('call-setup'));
const callHost = /** @type {HTMLElement} */ (document.getElementById('call-host'));
const callStatus = /** @type {HTMLElement} */ (document.getElementById('call-status'));
const emulatorView = /** @type {HTMLElement} */ (document.getElementById('emulator-view'));
const teamsForm = /** @type {HTMLFormElement} */ (document.getElementById('teams-setup'));
const teamsHost = /** @type {HTMLElement} */ (document.getElementById('teams-host'));
const teamsStatus = /** @type {HTMLElement} */ (document.getElementById('teams-status'));
const ringMe = /** @type {HTMLButtonElement} */ (document.getElementById('ring-me'));
const joinMeeting = /** @type {HTMLButtonElement} */ (document.getElementById('join-meeting'));
const meetingHost = /** @type {HTMLElement} */ (document.getElementById('teams-meeting-host'));

const EVENTS = ['acs-state-changed', 'acs-call-connected', 'acs-call-ended', 'acs-incoming-call', 'acs-error', 'acs-joined', 'acs-left'];
/** Scopes of a Teams user's Entra token that ACS exchanges (getTokenForTeamsUser). */
const TEAMS_SCOPES = [
  'https://auth.msft.communication.azure.com/Teams.ManageCalls',
  'https://auth.msft.communication.azure.com/Teams.ManageChats',
];

function addLogEntry(source, name, detail) {
  const item = document.createElement('li');
  if (name === 'acs-error') item.className = 'error';
  const title = document.createElement('strong');
  title.textContent = name;
  item.append(`${new Date().toLocaleTimeString()} ${source} `, title, ` ${detail && Object.keys(detail).length ? JSON.stringify(detail) : ''}`);
  log.prepend(item);
}

function watch(element, source) {
  for (const name of EVENTS) element.addEventListener(name, (event) => addLogEntry(source, name, /** @type {CustomEvent} */ (event).detail));
}

async function json(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

document.getElementById('clear-log')?.addEventListener('click', () => log.replaceChildren());

// ---- click-to-call ---------------------------------------------------------------------------

let pollTimer = 0;

callForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(callForm);
  const [presetId, presetName] = String(data.get('preset')).split('|');
  const callee = presetId === 'custom' ? String(data.get('callee') ?? '').trim() : presetId;
  const element = document.createElement('acs-teams-call');
  element.setAttribute('token-url', '/api/token');
  element.setAttribute('callee', callee);
  if (presetName) element.setAttribute('callee-name', presetName);
  const callerId = String(data.get('callerId') ?? '').trim();
  if (callerId) element.setAttribute('caller-id', callerId);
  element.setAttribute('display-name', String(data.get('displayName') ?? ''));
  element.setAttribute('locale', String(data.get('locale')));
  element.setAttribute('theme', String(data.get('theme')));
  if (data.get('video')) element.setAttribute('video', '');
  watch(element, 'call');
  callHost.replaceChildren(element);
  callStatus.textContent = `Button for ${callee || '(no callee)'} is on the page.`;
  clearInterval(pollTimer);
  pollTimer = window.setInterval(() => void showEmulatorView(callee), 1000);
});

/** The emulator's record of the latest call to this callee (GET /emulator/calls). */
async function showEmulatorView(callee) {
  try {
    const { value } = await json('GET', '/emulator/calls');
    const call = [...value].reverse().find((c) => c.dialed === callee || c.dialed === callee.toLowerCase());
    if (!call) return;
    const lines = [
      `state: ${call.state}${call.waiting ? ' (held by the voice app)' : ''}`,
      `talking to: ${call.callee.displayName} (${call.callee.kind})`,
      call.prompt ? `prompt: ${call.prompt}` : '',
      call.dtmf ? `tones heard: ${call.dtmf}` : '',
      call.end ? `ended: ${call.end.code}/${call.end.subCode}` : '',
    ];
    emulatorView.textContent = lines.filter(Boolean).join('\n');
  } catch {
    // Live mode has no emulator routes.
  }
}

// ---- Teams user ------------------------------------------------------------------------------

/** @type {{ provider: () => Promise<object>, userId: string } | undefined} */
let teamsUser;

teamsForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn();
});

async function signIn() {
  const data = new FormData(teamsForm);
  teamsStatus.textContent = 'Signing in…';
  try {
    const entraToken = data.get('signin') === 'msal' ? await msalToken(String(data.get('msalClientId')), String(data.get('msalTenant') || 'organizations')) : await emulatorEntraToken(String(data.get('teamsName')));
    const exchange = () => json('POST', '/api/token/teams', { entraToken });
    const first = await exchange();
    // The element keeps the token in memory and calls this again to refresh it.
    let used = false;
    const provider = async () => {
      if (!used) {
        used = true;
        return first;
      }
      return exchange();
    };
    teamsUser = { provider, userId: first.userId };
    const element = document.createElement('acs-teams-call');
    element.setAttribute('identity', 'teams');
    element.setAttribute('locale', String(new FormData(callForm).get('locale')));
    /** @type {any} */ (element).tokenProvider = provider;
    watch(element, 'teams');
    teamsHost.replaceChildren(element);
    teamsStatus.textContent = `Signed in as ${first.userId}. Listening for calls.`;
    ringMe.disabled = false;
    joinMeeting.disabled = false;
  } catch (error) {
    teamsStatus.textContent = `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function emulatorEntraToken(name) {
  const entra = await json('GET', `/emulator/entra-token?name=${encodeURIComponent(name || 'Teams User')}`);
  return entra.token;
}

/**
 * Live mode: a real Microsoft Entra token for the Teams user, with MSAL. Optional: the page loads
 * demo/vendor/msal-browser.js only when this path is chosen (build it with esbuild, see the docs).
 */
async function msalToken(clientId, tenant) {
  let msal;
  try {
    msal = await import('./vendor/msal-browser.js');
  } catch {
    throw new Error('demo/vendor/msal-browser.js is missing: see docs/teams-identity-and-calls.md, “Signing in Teams users”.');
  }
  const app = new msal.PublicClientApplication({
    auth: { clientId, authority: `https://login.microsoftonline.com/${tenant}`, redirectUri: location.origin + location.pathname },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await app.initialize();
  const account = app.getAllAccounts()[0] ?? (await app.loginPopup({ scopes: TEAMS_SCOPES })).account;
  try {
    return (await app.acquireTokenSilent({ scopes: TEAMS_SCOPES, account })).accessToken;
  } catch {
    return (await app.acquireTokenPopup({ scopes: TEAMS_SCOPES, account })).accessToken;
  }
}

ringMe.addEventListener('click', async () => {
  if (!teamsUser) return;
  try {
    await json('POST', '/emulator/calls/incoming', { to: teamsUser.userId, from: { displayName: 'Lynne Robbins' }, video: true });
  } catch (error) {
    teamsStatus.textContent = error instanceof Error ? error.message : String(error);
  }
});

joinMeeting.addEventListener('click', async () => {
  if (!teamsUser) return;
  try {
    const meeting = await json('POST', '/emulator/meetings', { topic: 'Teams user demo', lobby: true });
    const element = document.createElement('acs-teams-meeting');
    element.setAttribute('identity', 'teams');
    element.setAttribute('meeting-link', meeting.meetingLink);
    element.setAttribute('locale', String(new FormData(callForm).get('locale')));
    /** @type {any} */ (element).tokenProvider = teamsUser.provider;
    watch(element, 'meeting');
    meetingHost.replaceChildren(element);
    teamsStatus.textContent = 'Press Join: you join as the Teams user (no name needed) and, as a presenter, admit guests who wait in the lobby.';
  } catch (error) {
    teamsStatus.textContent = error instanceof Error ? error.message : String(error);
  }
});
