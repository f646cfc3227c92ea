// @ts-check
/**
 * Organizer console: the Teams side of a meeting simulated by the local emulator, driven through
 * the control API (/emulator/meetings/…, see docs/emulator-protocol.md). Polls the meeting every
 * second and updates the page in place (rows keyed by id), so keyboard focus survives refreshes.
 * No inline script: the page runs under `script-src 'self'`.
 */

const POLL_MS = 1000;
const LIST_POLL_MS = 5000;
const MAX_IMAGE_BYTES = 700_000;
const REACTIONS = /** @type {const} */ (['like', 'heart', 'laugh', 'surprised', 'applause']);
const REACTION_LABELS = { like: 'Like', heart: 'Heart', laugh: 'Laugh', surprised: 'Surprised', applause: 'Applause' };

/** @typedef {{ id: string, displayName: string, kind: 'teams' | 'acs' | 'phone', role?: string, state: string, muted: boolean, video: boolean, handRaised: boolean, speaking: boolean, screenSharing: boolean, network?: 'good' | 'poor' | 'bad' }} Person */
/**
 * @typedef {{ threadId: string, topic: string, meetingLink: string, meetingId: string, passcode: string, channel: boolean,
 *   recording: boolean, transcription: boolean, consentRequired: boolean, lobbyEnabled: boolean, anonymousJoin: boolean,
 *   attendeeMic: boolean, attendeeCamera: boolean, reactions: boolean, whoCanPresent: 'everyone' | 'organizers',
 *   lobbyTimeoutSeconds: number, optimalVideoCount: number, spotlight: string[], activity: boolean, ended: boolean, lobby: { id: string, displayName: string }[], participants: Person[],
 *   departed: { id: string, displayName: string, kind: string, code: number, subCode: number, at: number }[],
 *   breakoutRooms?: BreakoutRooms }} Snapshot
 */
/**
 * @typedef {{ open: boolean, autoMove: boolean, canReturn: boolean, endsAt?: string,
 *   rooms: { id: string, name: string, threadId: string, assigned: string[], present: string[] }[] }} BreakoutRooms
 */

/** @param {string} id */
function $(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing`);
  return element;
}
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));
const select = (/** @type {string} */ id) => /** @type {HTMLSelectElement} */ ($(id));

/** @type {string} */
let threadId = new URL(location.href).searchParams.get('threadId') ?? '';
/** @type {Snapshot | undefined} */
let snapshot;
/** Options the user just toggled: don't let a poll that raced the PATCH flip them back. */
const pendingOptions = new Set();
/** @type {{ contentType: string, data: string, name: string, width?: number, height?: number }[]} */
let images = [];
/** @type {Range | undefined} */
let savedRange;
let statusTimer = 0;

// --- HTTP ----------------------------------------------------------------------------------------

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  /** @type {any} */
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(data?.error?.message ?? `${response.status} ${response.statusText}`);
  return data;
}

const meetingPath = (/** @type {string} */ rest = '') => `/emulator/meetings/${encodeURIComponent(threadId)}${rest}`;

/**
 * Runs an action and reports its outcome in the status line; refreshes the meeting afterwards.
 * @param {string} done
 * @param {() => Promise<unknown>} action
 */
async function act(done, action) {
  try {
    await action();
    say(done);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), true);
  }
  await refresh();
}

/** @param {string} message @param {boolean} [error] */
function say(message, error = false) {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('error', error);
  clearTimeout(statusTimer);
  statusTimer = window.setTimeout(() => {
    status.textContent = '';
  }, 4000);
}

// --- meeting list and selection ------------------------------------------------------------------

async function refreshList() {
  /** @type {{ value: { threadId: string, topic: string, ended: boolean, participantCount: number, lobbyCount: number }[] }} */
  let list;
  try {
    list = await api('GET', '/emulator/meetings');
  } catch {
    return;
  }
  const meetingSelect = select('meeting-select');
  const wanted = new Map(list.value.map((m) => [m.threadId, m]));
  for (const option of [...meetingSelect.options]) {
    if (option.value && !wanted.has(option.value)) option.remove();
  }
  const placeholder = meetingSelect.options[0];
  placeholder.textContent = list.value.length ? 'Choose a meeting…' : 'No meeting yet';
  for (const m of list.value) {
    let option = [...meetingSelect.options].find((o) => o.value === m.threadId);
    if (!option) {
      option = new Option('', m.threadId);
      meetingSelect.add(option);
    }
    const label = `${m.topic} — ${m.participantCount} in call${m.lobbyCount ? `, ${m.lobbyCount} waiting` : ''}${m.ended ? ' (ended)' : ''}`;
    if (option.textContent !== label) option.textContent = label;
  }
  if (threadId && !wanted.has(threadId)) {
    // Opened with a thread the server does not know (restarted?): forget it.
    choose('');
  }
  meetingSelect.value = threadId;
}

/** @param {string} id */
function choose(id) {
  threadId = id;
  snapshot = undefined;
  const url = new URL(location.href);
  if (id) url.searchParams.set('threadId', id);
  else url.searchParams.delete('threadId');
  history.replaceState(null, '', url);
  select('meeting-select').value = id;
  images = [];
  renderImages();
  $('sent').replaceChildren();
  void refresh();
}

// --- polling -------------------------------------------------------------------------------------

let refreshing = false;
async function refresh() {
  if (!threadId) {
    render(undefined);
    return;
  }
  if (refreshing) return;
  refreshing = true;
  try {
    render(await api('GET', meetingPath()));
    if (snapshot && !snapshot.channel) renderChatLog((await api('GET', meetingPath('/messages'))).value);
  } catch {
    render(undefined);
  } finally {
    refreshing = false;
  }
}

/**
 * The meeting chat as Teams shows it, guests' messages included, oldest at the top. Messages are
 * text only here: HTML is parsed into an inert document and only its text is shown.
 * @param {{ id: string, senderDisplayName: string, senderKind: string, createdOn: string, content?: string, deletedOn?: string, type: string }[]} messages
 */
function renderChatLog(messages) {
  const log = $('chat-log');
  const ordered = [...messages].reverse();
  $('chat-empty').hidden = ordered.length > 0;
  const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  keyed(
    log,
    ordered,
    () => {
      const li = document.createElement('li');
      const head = document.createElement('div');
      head.className = 'chat-head';
      const who = document.createElement('strong');
      const when = document.createElement('time');
      const kind = document.createElement('span');
      kind.className = 'muted small';
      head.append(who, kind, when);
      const body = document.createElement('p');
      li.append(head, body);
      return li;
    },
    (li, message) => {
      const [who, kind, when] = /** @type {HTMLElement[]} */ ([...li.querySelectorAll('.chat-head > *')]);
      const guest = message.senderKind !== 'microsoftTeamsUser';
      li.classList.toggle('from-guest', guest);
      setText(who, message.senderDisplayName || 'Unknown');
      setText(kind, guest ? 'guest' : 'Teams');
      when.setAttribute('datetime', message.createdOn);
      setText(when, new Date(message.createdOn).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
      const body = /** @type {HTMLElement} */ (li.querySelector('p'));
      body.classList.toggle('muted', Boolean(message.deletedOn));
      const text = message.deletedOn
        ? 'This message was deleted.'
        : message.type === 'html'
          ? (new DOMParser().parseFromString(message.content ?? '', 'text/html').body.textContent ?? '')
          : (message.content ?? '');
      setText(body, text.trim());
    },
  );
  if (stick) log.scrollTop = log.scrollHeight;
}

function schedule() {
  window.setTimeout(async () => {
    if (!document.hidden) await refresh();
    schedule();
  }, POLL_MS);
}

// --- rendering -----------------------------------------------------------------------------------

/** @param {Snapshot | undefined} next */
function render(next) {
  snapshot = next;
  const have = Boolean(next);
  for (const id of ['meeting-info', 'controls', 'lobby-card', 'breakout-card', 'people-card', 'chat-card']) $(id).hidden = !have;
  if (!next) return;
  $('info-topic').textContent = next.topic;
  $('info-id').textContent = next.meetingId.replace(/(\d{3})(?=\d)/g, '$1 ');
  $('info-passcode').textContent = next.passcode;
  $('info-thread').textContent = next.threadId;
  $('info-state').textContent = next.ended ? 'Ended' : next.channel ? 'Running (channel meeting)' : 'Running';
  const link = input('info-link');
  if (link.value !== next.meetingLink) link.value = next.meetingLink;

  const options = {
    recording: next.recording,
    transcription: next.transcription,
    consentRequired: next.consentRequired,
    lobby: next.lobbyEnabled,
    anonymousJoin: next.anonymousJoin,
    activity: next.activity,
    attendeeMic: next.attendeeMic,
    attendeeCamera: next.attendeeCamera,
    reactions: next.reactions,
    presentersOnly: next.whoCanPresent === 'organizers',
  };
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('[data-option]'))) {
    const name = /** @type {keyof typeof options} */ (box.dataset.option);
    if (!pendingOptions.has(name)) box.checked = options[name];
  }
  const topic = input('topic-input');
  if (document.activeElement !== topic && topic.value !== next.topic) topic.value = next.topic;
  const timeout = input('lobby-timeout');
  if (document.activeElement !== timeout) timeout.value = String(next.lobbyTimeoutSeconds);
  const videoCount = input('video-count');
  if (document.activeElement !== videoCount) videoCount.value = String(next.optimalVideoCount);
  /** @type {HTMLButtonElement} */ ($('end-meeting')).disabled = next.ended;

  renderLobby(next);
  renderBreakout(next);
  renderPeople(next);
  renderDeparted(next);
  renderChatTargets(next);
}

/** @param {Snapshot} next */
function renderLobby(next) {
  const list = $('lobby-list');
  $('lobby-count').textContent = next.lobby.length ? `(${next.lobby.length})` : '';
  $('lobby-empty').hidden = next.lobby.length > 0;
  $('admit-all').hidden = next.lobby.length < 2;
  keyed(list, next.lobby, (entry) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'grow';
    const admit = button('Admit', () => act(`Admitted ${entry.displayName}.`, () => api('POST', meetingPath(`/lobby/${encodeURIComponent(entry.id)}/admit`))));
    const deny = button('Deny', () => act(`Denied ${entry.displayName}.`, () => api('POST', meetingPath(`/lobby/${encodeURIComponent(entry.id)}/deny`))));
    li.append(name, admit, deny);
    return li;
  }, (li, entry) => {
    setText(/** @type {HTMLElement} */ (li.firstElementChild), entry.displayName);
    const [, admit, deny] = li.children;
    admit.setAttribute('aria-label', `Admit ${entry.displayName}`);
    deny.setAttribute('aria-label', `Deny ${entry.displayName}`);
  });
}

/**
 * The breakout rooms: settings, each room with who is assigned and who is in it, an assign picker,
 * open (with an optional timer) and close.
 * @param {Snapshot} next
 */
function renderBreakout(next) {
  const rooms = next.breakoutRooms;
  if (!rooms) return;
  const names = new Map(next.participants.map((p) => [p.id, p.displayName]));
  const ends = rooms.endsAt ? `, until ${new Date(rooms.endsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
  $('breakout-state').textContent = rooms.rooms.length ? `(${rooms.open ? `open${ends}` : 'closed'})` : '';
  if (!pendingOptions.has('breakout-automove')) input('breakout-automove').checked = rooms.autoMove;
  if (!pendingOptions.has('breakout-return')) input('breakout-return').checked = rooms.canReturn;
  $('rooms-empty').hidden = rooms.rooms.length > 0;
  /** @type {HTMLButtonElement} */ ($('open-rooms')).disabled = next.ended || rooms.rooms.length === 0;
  /** @type {HTMLButtonElement} */ ($('close-rooms')).disabled = !rooms.open;
  const people = next.participants.map((p) => ({ value: p.id, label: p.displayName }));
  keyed($('rooms-list'), rooms.rooms, (room) => {
    const li = document.createElement('li');
    li.className = 'room';
    const name = document.createElement('strong');
    const who = document.createElement('span');
    who.className = 'muted small grow';
    const pick = document.createElement('select');
    const assign = button('Assign', () => {
      const participantId = pick.value;
      if (!participantId) return;
      return act(`Assigned ${names.get(participantId) ?? participantId} to ${room.name}.`, () =>
        api('POST', meetingPath(`/breakout-rooms/${encodeURIComponent(room.id)}/assign`), { participantId }),
      );
    });
    li.append(name, who, pick, assign);
    return li;
  }, (li, room) => {
    const [name, who, pick, assign] = /** @type {HTMLElement[]} */ ([...li.children]);
    setText(name, room.name);
    const assigned = room.assigned.map((id) => `${names.get(id) ?? id}${room.present.includes(id) ? ' (in the room)' : ''}`);
    setText(who, assigned.length ? assigned.join(', ') : 'Nobody assigned');
    syncOptions(/** @type {HTMLSelectElement} */ (pick), people);
    pick.setAttribute('aria-label', `Person to assign to ${room.name}`);
    assign.setAttribute('aria-label', `Assign to ${room.name}`);
  });
}

const TOGGLES = /** @type {const} */ ([
  ['muted', 'Muted'],
  ['video', 'Video'],
  ['handRaised', 'Hand raised'],
  ['speaking', 'Speaking'],
  ['screenSharing', 'Sharing screen'],
]);

/** @param {Snapshot} next */
function renderPeople(next) {
  $('people-count').textContent = `(${next.participants.length})`;
  keyed($('people-body'), next.participants, (person) => {
    const tr = document.createElement('tr');
    const name = document.createElement('th');
    name.scope = 'row';
    const kind = document.createElement('td');
    const state = document.createElement('td');
    const controls = document.createElement('td');
    controls.className = 'controls';
    for (const [field, label] of TOGGLES) {
      const b = button(label, () => {
        const current = snapshot?.participants.find((p) => p.id === person.id);
        if (!current) return;
        const value = !current[field];
        void act(`${current.displayName}: ${label.toLowerCase()} ${value ? 'on' : 'off'}.`, () =>
          api('PATCH', meetingPath(`/participants/${encodeURIComponent(person.id)}`), { [field]: value }),
        );
      });
      b.dataset.toggle = field;
      controls.append(b);
    }
    const reaction = document.createElement('select');
    reaction.setAttribute('aria-label', `Reaction from ${person.displayName}`);
    for (const r of REACTIONS) reaction.add(new Option(REACTION_LABELS[r], r));
    const react = button('React', () =>
      act(`Reaction sent.`, () => api('POST', meetingPath(`/participants/${encodeURIComponent(person.id)}/reactions`), { reaction: reaction.value })),
    );
    react.dataset.react = '';
    const remove = button('Remove', () => act(`Removed ${person.displayName}.`, () => api('DELETE', meetingPath(`/participants/${encodeURIComponent(person.id)}`))));
    remove.dataset.remove = '';
    const role = document.createElement('select');
    role.dataset.role = '';
    role.setAttribute('aria-label', `Role of ${person.displayName}`);
    for (const r of ['attendee', 'presenter', 'organizer']) role.add(new Option(r[0].toUpperCase() + r.slice(1), r));
    role.addEventListener('change', () =>
      act(`${person.displayName} is now ${role.value}.`, () => api('PATCH', meetingPath(`/participants/${encodeURIComponent(person.id)}`), { role: role.value })),
    );
    // Degrades this person's connection as the calling SDK's diagnostics would grade it; for a
    // guest (ACS), its own connection: the element shows the unstable-connection notice.
    const network = document.createElement('select');
    network.dataset.network = '';
    network.setAttribute('aria-label', `Network of ${person.displayName}`);
    for (const [level, label] of [['good', 'Network: good'], ['poor', 'Network: poor'], ['bad', 'Network: bad']]) network.add(new Option(label, level));
    network.addEventListener('change', () =>
      act(`${person.displayName}: network ${network.value}.`, () =>
        api('PATCH', meetingPath(`/participants/${encodeURIComponent(person.id)}`), { network: network.value }),
      ),
    );
    // Teams' "Spotlight for everyone": the guest's stage shows this person before the dominant speaker.
    const spotlight = button('Spotlight', () => {
      const on = !snapshot?.spotlight.includes(person.id);
      void act(`${person.displayName}: spotlight ${on ? 'on' : 'off'}.`, () =>
        api('PATCH', meetingPath(`/participants/${encodeURIComponent(person.id)}`), { spotlight: on }),
      );
    });
    spotlight.dataset.spotlight = '';
    controls.append(spotlight, reaction, react, role, network, remove);
    tr.append(name, kind, state, controls);
    return tr;
  }, (tr, person) => {
    const [name, kind, state] = /** @type {HTMLElement[]} */ ([...tr.children]);
    setText(name, person.role === 'organizer' ? `${person.displayName} (organizer)` : person.displayName);
    const role = /** @type {HTMLSelectElement | null} */ (tr.querySelector('[data-role]'));
    if (role && document.activeElement !== role && person.role) role.value = person.role;
    const network = /** @type {HTMLSelectElement | null} */ (tr.querySelector('[data-network]'));
    if (network && document.activeElement !== network && person.network) network.value = person.network;
    kind.replaceChildren(badge(person.kind === 'acs' ? 'Guest (ACS)' : person.kind === 'phone' ? 'Phone' : 'Teams', person.kind));
    setText(state, person.state === 'connecting' ? 'Reconnecting' : 'In call');
    tr.classList.toggle('speaking', person.speaking);
    for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (tr.querySelectorAll('[data-toggle]'))) {
      const field = /** @type {typeof TOGGLES[number][0]} */ (b.dataset.toggle);
      b.setAttribute('aria-pressed', String(person[field]));
      // What Teams lets an organizer do to others: mute a guest and lower a hand, not switch on their media.
      let enabled = true;
      if (person.kind === 'phone' && (field === 'video' || field === 'screenSharing')) enabled = false;
      if (person.kind === 'acs') enabled = (field === 'muted' && !person.muted) || (field === 'handRaised' && person.handRaised);
      b.disabled = !enabled || next.ended;
    }
    const spotlight = /** @type {HTMLButtonElement} */ (tr.querySelector('[data-spotlight]'));
    spotlight.setAttribute('aria-pressed', String(next.spotlight.includes(person.id)));
    spotlight.setAttribute('aria-label', `Spotlight ${person.displayName}`);
    spotlight.disabled = next.ended;
    const react = /** @type {HTMLButtonElement} */ (tr.querySelector('[data-react]'));
    react.disabled = person.kind === 'acs';
    react.setAttribute('aria-label', `React as ${person.displayName}`);
    /** @type {HTMLElement} */ (tr.querySelector('[data-remove]')).setAttribute('aria-label', `Remove ${person.displayName}`);
  });
}

/** @param {Snapshot} next */
function renderDeparted(next) {
  const items = [...next.departed].reverse().slice(0, 8).map((d) => ({ id: `${d.id}/${d.at}`, ...d }));
  keyed($('departed'), items, () => document.createElement('li'), (li, d) => {
    setText(li, `${new Date(d.at).toLocaleTimeString()} · ${d.displayName} (${d.kind}) left · code ${d.code}/${d.subCode}${describeEnd(d.code, d.subCode)}`);
  });
}

/** @param {number} code @param {number} subCode */
function describeEnd(code, subCode) {
  const known = /** @type {Record<string, string>} */ ({
    '0/0': 'left',
    '0/4097': 'meeting ended',
    '0/5000': 'removed',
    '0/5854': 'denied in lobby',
    '0/5855': 'lobby timeout',
    '0/5003': 'joined elsewhere',
    '410/3101': 'connection lost',
    '495/4507': 'token expired',
  })[`${code}/${subCode}`];
  return known ? ` (${known})` : '';
}

/** @param {Snapshot} next */
function renderChatTargets(next) {
  $('chat-off').hidden = !next.channel;
  /** @type {HTMLFormElement} */ ($('chat-form')).hidden = next.channel;
  const teams = next.participants.filter((p) => p.kind === 'teams');
  const senders = [...teams.map((p) => ({ value: `id:${p.id}`, label: p.displayName })), { value: 'name:Megan Bowen', label: 'Megan Bowen (not in the call)' }];
  syncOptions(select('chat-sender'), senders);
  const mentionable = next.participants.map((p) => ({ value: p.id, label: p.displayName }));
  syncOptions(select('mention-who'), mentionable);
}

/**
 * @param {HTMLSelectElement} target
 * @param {{ value: string, label: string }[]} options
 */
function syncOptions(target, options) {
  const current = target.value;
  const same = options.length === target.options.length && options.every((o, i) => target.options[i].value === o.value && target.options[i].text === o.label);
  if (same) return;
  target.replaceChildren(...options.map((o) => new Option(o.label, o.value)));
  if (options.some((o) => o.value === current)) target.value = current;
}

/**
 * Updates a container's children to match `items` by id: creates missing rows, updates all, removes
 * the rest, keeps order. Existing elements (and the focus inside them) survive.
 * @template {{ id: string }} T
 * @param {HTMLElement} container
 * @param {T[]} items
 * @param {(item: T) => HTMLElement} create
 * @param {(element: HTMLElement, item: T) => void} update
 */
function keyed(container, items, create, update) {
  /** @type {Map<string, HTMLElement>} */
  const existing = new Map();
  for (const child of /** @type {HTMLElement[]} */ ([...container.children])) existing.set(child.dataset.key ?? '', child);
  let previous = /** @type {HTMLElement | null} */ (null);
  for (const item of items) {
    let element = existing.get(item.id);
    if (element) existing.delete(item.id);
    else {
      element = create(item);
      element.dataset.key = item.id;
    }
    update(element, item);
    const expected = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expected !== element) container.insertBefore(element, expected);
    previous = element;
  }
  for (const stale of existing.values()) stale.remove();
}

/** @param {string} label @param {() => unknown} onClick */
function button(label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', () => void onClick());
  return b;
}

/** @param {string} text @param {string} kind */
function badge(text, kind) {
  const span = document.createElement('span');
  span.className = `badge ${kind}`;
  span.textContent = text;
  return span;
}

/** @param {HTMLElement} element @param {string} text */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

// --- the chat composer ---------------------------------------------------------------------------

const composer = $('composer');

/** Teams' message HTML from the composer: paragraphs, bold, italic, links, mentions, line breaks. */
function composerHtml() {
  let mentionIndex = 0;
  /** @param {Node} node @returns {string} */
  const inline = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return escapeHtml(node.textContent ?? '');
    if (!(node instanceof HTMLElement)) return '';
    const inner = () => [...node.childNodes].map(inline).join('');
    switch (node.tagName) {
      case 'B':
      case 'STRONG':
        return `<b>${inner()}</b>`;
      case 'I':
      case 'EM':
        return `<i>${inner()}</i>`;
      case 'BR':
        return '<br>';
      case 'A': {
        const href = node.getAttribute('href') ?? '';
        if (!/^https?:\/\//i.test(href)) return inner();
        return `<a href="${escapeHtml(href)}" rel="noreferrer noopener" target="_blank" title="${escapeHtml(href)}">${inner()}</a>`;
      }
      case 'SPAN':
        if (node.dataset.mention !== undefined) {
          return `<span itemtype="http://schema.skype.com/Mention" itemscope itemid="${mentionIndex++}">${escapeHtml(node.textContent ?? '')}</span>`;
        }
        return inner();
      default:
        return inner();
    }
  };
  /** @type {string[]} */
  const paragraphs = [];
  let current = '';
  for (const node of composer.childNodes) {
    if (node instanceof HTMLElement && (node.tagName === 'DIV' || node.tagName === 'P')) {
      if (current.trim()) paragraphs.push(current);
      current = '';
      const text = [...node.childNodes].map(inline).join('');
      paragraphs.push(text === '<br>' ? '' : text);
    } else {
      current += inline(node);
    }
  }
  if (current.trim()) paragraphs.push(current);
  const body = paragraphs.filter((p) => p.replace(/<br>|&nbsp;|\s/g, '') !== '');
  return body.map((p) => `<p>${p}</p>`).join('');
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function rememberSelection() {
  const selection = getSelection();
  if (selection && selection.rangeCount && composer.contains(selection.anchorNode)) savedRange = selection.getRangeAt(0).cloneRange();
}

/** Inserts a node where the caret was in the composer (or at the end). @param {Node} node */
function insertAtCaret(node) {
  const range = savedRange && composer.contains(savedRange.startContainer) ? savedRange : undefined;
  if (range) {
    range.deleteContents();
    range.insertNode(node);
  } else {
    composer.append(node);
  }
  const space = document.createTextNode('\u00a0');
  node.parentNode?.insertBefore(space, node.nextSibling);
  const after = document.createRange();
  after.setStartAfter(space);
  after.collapse(true);
  const selection = getSelection();
  selection?.removeAllRanges();
  selection?.addRange(after);
  savedRange = after.cloneRange();
  composer.focus();
}

function senderBody() {
  const value = select('chat-sender').value;
  if (value.startsWith('id:')) return { participantId: value.slice(3) };
  return { displayName: value.startsWith('name:') ? value.slice(5) : 'Megan Bowen' };
}

function renderImages() {
  const list = $('attachments');
  list.replaceChildren(
    ...images.map((image, index) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.className = 'grow';
      name.textContent = `Picture: ${image.name} (${Math.round((image.data.length * 3) / 4 / 1024)} KB)`;
      const remove = button('Remove', () => {
        images = images.filter((_, i) => i !== index);
        renderImages();
      });
      remove.setAttribute('aria-label', `Remove picture ${image.name}`);
      li.append(name, remove);
      return li;
    }),
  );
}

/** A generated picture (so there is always something to send without a file at hand). */
function drawPicture() {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 200;
  const context = canvas.getContext('2d');
  if (context) {
    const hue = Math.floor(Math.random() * 360);
    const gradient = context.createLinearGradient(0, 0, 320, 200);
    gradient.addColorStop(0, `hsl(${hue} 70% 55%)`);
    gradient.addColorStop(1, `hsl(${(hue + 60) % 360} 70% 40%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, 320, 200);
    context.fillStyle = '#ffffff';
    context.font = '600 24px system-ui, sans-serif';
    context.fillText('Whiteboard photo', 24, 100);
    context.font = '16px system-ui, sans-serif';
    context.fillText(new Date().toLocaleTimeString(), 24, 130);
  }
  const data = canvas.toDataURL('image/png').split(',')[1] ?? '';
  return { contentType: 'image/png', data, name: `whiteboard-${images.length + 1}.png`, width: 320, height: 200 };
}

/** @param {File} file */
function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file.'));
    reader.readAsDataURL(file);
  });
}

/** @param {{ id: string, preview: string }} message */
function addSent(message) {
  const li = document.createElement('li');
  const text = document.createElement('span');
  text.className = 'grow';
  text.textContent = message.preview;
  const edit = button('Edit', () =>
    act('Message edited.', async () => {
      const html = composerHtml();
      if (!html) throw new Error('Write the new text in the composer first.');
      await api('PATCH', meetingPath(`/messages/${encodeURIComponent(message.id)}`), { html });
      text.textContent = composer.innerText.trim();
      composer.replaceChildren();
    }),
  );
  edit.setAttribute('aria-label', `Edit message: ${message.preview}`);
  const remove = button('Delete', () =>
    act('Message deleted.', async () => {
      await api('DELETE', meetingPath(`/messages/${encodeURIComponent(message.id)}`));
      li.remove();
    }),
  );
  remove.setAttribute('aria-label', `Delete message: ${message.preview}`);
  li.append(text, edit, remove);
  $('sent').prepend(li);
}

/** @param {boolean} plain */
async function send(plain) {
  const text = composer.innerText.trim();
  const html = composerHtml();
  if (!text && images.length === 0) {
    say('Write a message or add a picture first.', true);
    return;
  }
  const body = plain ? { ...senderBody(), text: text || ' ' } : { ...senderBody(), ...(html ? { html } : {}), ...(images.length ? { images } : {}) };
  await act('Message sent.', async () => {
    const result = await api('POST', meetingPath('/messages'), body);
    addSent({ id: result.id, preview: text || `${images.length} picture(s)` });
    composer.replaceChildren();
    if (!plain) {
      images = [];
      renderImages();
    }
  });
}

// --- wiring --------------------------------------------------------------------------------------

select('meeting-select').addEventListener('change', (event) => choose(/** @type {HTMLSelectElement} */ (event.target).value));
$('refresh-list').addEventListener('click', () => void refreshList().then(refresh));

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.target);
  const data = new FormData(form);
  /** @type {Record<string, unknown>} */
  const body = {
    lobby: data.get('lobby') === 'on',
    anonymousJoin: data.get('anonymousJoin') === 'on',
  };
  const topic = String(data.get('topic') ?? '').trim();
  const link = String(data.get('meetingLink') ?? '').trim();
  const meetingId = String(data.get('meetingId') ?? '').trim();
  const passcode = String(data.get('passcode') ?? '').trim();
  if (topic) body.topic = topic;
  if (link) body.meetingLink = link;
  else if (meetingId || passcode) Object.assign(body, { meetingId, passcode });
  else if (data.get('channel') === 'on') body.channel = true;
  void act('Meeting ready.', async () => {
    const created = await api('POST', '/emulator/meetings', body);
    await refreshList();
    choose(created.threadId);
    /** @type {HTMLDetailsElement} */ ($('create-details')).open = false;
    form.reset();
  });
});

$('copy-link').addEventListener('click', () => {
  const link = input('info-link').value;
  navigator.clipboard?.writeText(link).then(
    () => say('Link copied.'),
    () => {
      input('info-link').select();
      say('Select the link and copy it with Ctrl+C.', true);
    },
  );
});

for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('[data-option]'))) {
  box.addEventListener('change', () => {
    const name = box.dataset.option ?? '';
    pendingOptions.add(name);
    const label = box.parentElement?.textContent?.trim() ?? name;
    // "Who can present" is a choice on the wire; the console shows its one useful switch.
    const patch = name === 'presentersOnly' ? { whoCanPresent: box.checked ? 'organizers' : 'everyone' } : { [name]: box.checked };
    void act(`${label} ${box.checked ? 'on' : 'off'}.`, () => api('PATCH', meetingPath(), patch)).finally(() => pendingOptions.delete(name));
  });
}

for (const [id, option] of /** @type {const} */ ([['breakout-automove', 'autoMove'], ['breakout-return', 'canReturn']])) {
  const box = input(id);
  box.addEventListener('change', () => {
    pendingOptions.add(id);
    const label = box.parentElement?.textContent?.trim() ?? option;
    void act(`${label}: ${box.checked ? 'on' : 'off'}.`, () => api('PATCH', meetingPath('/breakout-rooms'), { [option]: box.checked })).finally(() =>
      pendingOptions.delete(id),
    );
  });
}

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = input('room-name').value.trim();
  if (!name) return;
  void act(`Room ${name} created.`, async () => {
    await api('POST', meetingPath('/breakout-rooms'), { name });
    input('room-name').value = '';
  });
});

$('open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const minutes = Number(input('room-minutes').value);
  const body = minutes > 0 ? { open: true, durationSeconds: Math.round(minutes * 60) } : { open: true };
  void act(minutes > 0 ? `Rooms open for ${minutes} min.` : 'Rooms open.', () => api('PATCH', meetingPath('/breakout-rooms'), body));
});

$('close-rooms').addEventListener('click', () => void act('Rooms closed: everyone is back in the main meeting.', () => api('PATCH', meetingPath('/breakout-rooms'), { open: false })));

$('topic-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const topic = input('topic-input').value.trim();
  if (topic) void act('Topic saved.', () => api('PATCH', meetingPath(), { topic }));
});

$('timeout-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const seconds = Number(input('lobby-timeout').value);
  void act(`Lobby timeout set to ${seconds} s.`, () => api('PATCH', meetingPath(), { lobbyTimeoutSeconds: seconds }));
});

$('video-count-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const count = Number(input('video-count').value);
  void act(`Optimal video count set to ${count}.`, () => api('PATCH', meetingPath(), { optimalVideoCount: count }));
});

$('end-meeting').addEventListener('click', () => {
  if (!confirm('End the meeting for everyone?')) return;
  void act('Meeting ended for everyone.', () => api('POST', meetingPath('/end')));
});

$('admit-all').addEventListener('click', () => void act('Everyone admitted.', () => api('POST', meetingPath('/lobby/admit-all'))));

$('add-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const displayName = input('add-name').value.trim();
  if (!displayName) return;
  const kind = select('add-kind').value;
  const body = { displayName, kind, muted: input('add-muted').checked, ...(kind === 'phone' ? {} : { video: input('add-video').checked }) };
  void act(`${displayName} joined.`, async () => {
    await api('POST', meetingPath('/participants'), body);
    input('add-name').value = '';
  });
});
select('add-kind').addEventListener('change', () => {
  input('add-video').disabled = select('add-kind').value === 'phone';
});

composer.addEventListener('keyup', rememberSelection);
composer.addEventListener('mouseup', rememberSelection);
composer.addEventListener('blur', rememberSelection);
composer.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void send(false);
  }
});
for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-format]'))) {
  // Keep the composer's selection when the button is clicked with the mouse.
  b.addEventListener('mousedown', (event) => event.preventDefault());
  b.addEventListener('click', () => {
    composer.focus();
    if (savedRange) {
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(savedRange);
    }
    // execCommand is deprecated but still the simplest way to toggle bold/italic in a contenteditable.
    document.execCommand(b.dataset.format ?? 'bold');
    rememberSelection();
  });
}
$('link-button').addEventListener('click', () => {
  $('link-row').hidden = !$('link-row').hidden;
  $('mention-row').hidden = true;
  if (!$('link-row').hidden) {
    const selected = savedRange?.toString() ?? '';
    if (selected) input('link-text').value = selected;
    input('link-url').focus();
  }
});
$('link-insert').addEventListener('click', () => {
  const href = input('link-url').value.trim();
  if (!/^https?:\/\//i.test(href)) {
    say('A link needs an http(s) address.', true);
    return;
  }
  const a = document.createElement('a');
  a.href = href;
  a.textContent = input('link-text').value.trim() || href;
  insertAtCaret(a);
  input('link-url').value = '';
  input('link-text').value = '';
  $('link-row').hidden = true;
});
$('mention-button').addEventListener('click', () => {
  $('mention-row').hidden = !$('mention-row').hidden;
  $('link-row').hidden = true;
  if (!$('mention-row').hidden) select('mention-who').focus();
});
$('mention-insert').addEventListener('click', () => {
  const who = select('mention-who');
  const option = who.selectedOptions[0];
  if (!option) return;
  const span = document.createElement('span');
  span.className = 'mention';
  span.contentEditable = 'false';
  span.dataset.mention = option.value;
  span.textContent = option.text;
  insertAtCaret(span);
  $('mention-row').hidden = true;
});
$('image-button').addEventListener('click', () => {
  images.push(drawPicture());
  renderImages();
  say('Picture added; it is sent with the next message.');
});
input('image-file').addEventListener('change', async () => {
  const file = input('image-file').files?.[0];
  input('image-file').value = '';
  if (!file) return;
  if (!['image/png', 'image/jpeg', 'image/gif'].includes(file.type)) {
    say('Pictures are PNG, JPEG or GIF.', true);
    return;
  }
  if (file.size > MAX_IMAGE_BYTES) {
    say('That picture is too large (700 KB at most).', true);
    return;
  }
  try {
    const data = /** @type {string} */ (await readFile(file));
    images.push({ contentType: file.type, data, name: file.name.slice(0, 100) });
    renderImages();
    say(`Picture ${file.name} added.`);
  } catch (error) {
    say(error instanceof Error ? error.message : 'Could not read the picture.', true);
  }
});
$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void send(false);
});
$('send-plain').addEventListener('click', () => void send(true));

window.setInterval(() => {
  if (!document.hidden) void refreshList();
}, LIST_POLL_MS);
void refreshList().then(refresh);
schedule();
