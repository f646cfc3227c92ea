/**
 * <acs-teams-call> against the emulator (web-test-runner starts it): click-to-call to each callee
 * kind (Teams user, call queue, auto attendant, phone) answered / declined / not answered, DTMF to
 * an auto attendant, incoming calls for a Teams identity answered and declined, the element
 * removed mid-call, bad input before any call, axe in each state, fr and it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { AcsTeamsCall } from '../../src/components/teams-call/teams-call.js';
import type { AcsCallEndedDetail, AcsErrorDetail } from '../../src/events.js';
import { control, emulatorPath } from './helpers/emulator.js';
import { settle, trackRecorder, until } from './helpers/wait.js';

if (!customElements.get('acs-teams-call')) customElements.define('acs-teams-call', AcsTeamsCall);

const SEEDED = {
  answers: '8:orgid:11111111-1111-4111-8111-111111111111',
  queue: '28:orgid:44444444-4444-4444-8444-444444444444',
  autoAttendant: '28:orgid:55555555-5555-4555-8555-555555555555',
};

function guid(): string {
  return crypto.randomUUID();
}

/** A callee of its own for one test, so tests never share a behaviour. */
async function newCallee(kind: 'teams' | 'queue' | 'auto-attendant' | 'phone', behavior: string, extra: Record<string, unknown> = {}) {
  const id = kind === 'phone' ? `+1425555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}` : `${kind === 'teams' ? '8' : '28'}:orgid:${guid()}`;
  await control('POST', 'emulator/callees', { id, kind, behavior, answerAfterMs: 200, ringTimeoutMs: 700, waitMs: 400, ...extra });
  return id;
}

async function teamsToken(name: string): Promise<{ token: string; expiresOn: string; userId: string; endpoint: string; emulator: boolean }> {
  const entra = await control('GET', `emulator/entra-token?name=${encodeURIComponent(name)}`);
  return control('POST', 'api/token/teams', { entraToken: entra.token });
}

interface Recorder {
  events: Array<{ type: string; detail: any }>;
  of(type: string): any[];
}

function record(el: HTMLElement): Recorder {
  const events: Array<{ type: string; detail: any }> = [];
  for (const type of ['acs-state-changed', 'acs-call-connected', 'acs-call-ended', 'acs-incoming-call', 'acs-error']) {
    el.addEventListener(type, (event) => events.push({ type, detail: (event as CustomEvent).detail }));
  }
  return { events, of: (type) => events.filter((e) => e.type === type).map((e) => e.detail) };
}

async function mountCaller(callee: string, attrs: { callerId?: string; locale?: string; video?: boolean } = {}) {
  const el = await fixture<AcsTeamsCall>(
    html`<acs-teams-call
      token-url=${emulatorPath('api/token')}
      callee=${callee}
      caller-id=${attrs.callerId ?? ''}
      display-name="Pat Visitor"
      locale=${attrs.locale ?? 'en'}
      ?video=${attrs.video ?? false}
    ></acs-teams-call>`,
  );
  return { el, rec: record(el) };
}

const $ = (el: AcsTeamsCall, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const button = (el: AcsTeamsCall, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name);

async function click(el: AcsTeamsCall, name: string): Promise<void> {
  await until(() => button(el, name), `button "${name}"`);
  button(el, name)!.click();
}

async function callsTo(callee: string): Promise<any[]> {
  return ((await control('GET', 'emulator/calls')).value as any[]).filter((c) => c.dialed === callee.toLowerCase() || c.dialed === callee);
}

async function ended(rec: Recorder, timeoutMs = 8000): Promise<AcsCallEndedDetail> {
  await until(() => rec.of('acs-call-ended').length > 0, 'acs-call-ended', timeoutMs);
  return rec.of('acs-call-ended')[0] as AcsCallEndedDetail;
}

describe('<acs-teams-call>: the button', () => {
  it('renders a button (en, fr, it) and nothing else until clicked; axe clean', async () => {
    for (const [locale, label] of [['en', 'Call'], ['fr', 'Appeler'], ['it', 'Chiama']]) {
      const el = await fixture<AcsTeamsCall>(html`<acs-teams-call callee=${SEEDED.answers} locale=${locale}></acs-teams-call>`);
      expect($(el, '[part="button"]')!.textContent!.trim()).to.equal(label);
      expect($(el, '[part="panel"]')).to.equal(null);
      await expect(el).to.be.accessible();
    }
  });

  it('callee-name names the button for assistive technology', async () => {
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call callee=${SEEDED.answers} callee-name="Contoso Support" locale="fr"></acs-teams-call>`);
    expect($(el, '[part="button"]')!.getAttribute('aria-label')).to.equal('Appeler Contoso Support');
  });

  it('a slotted button replaces the default one and places the call', async () => {
    const el = await fixture<AcsTeamsCall>(
      html`<acs-teams-call token-url=${emulatorPath('api/token')} callee=${SEEDED.answers} locale="en"
        ><button slot="button" type="button">Talk to sales</button></acs-teams-call
      >`,
    );
    const rec = record(el);
    el.querySelector('button')!.click();
    await until(() => rec.of('acs-call-connected').length === 1, 'connected');
    await el.hangUp();
    expect((await ended(rec)).reason).to.equal('local');
  });
});

describe('<acs-teams-call>: bad input is refused before any call', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['sales@contoso.com', undefined, 'invalid-callee'],
    ['', undefined, 'invalid-callee'],
    ['+14255550123', undefined, 'caller-id-required'],
    ['4255550123', '+14255550100', 'invalid-phone-number'],
    ['+1425', '+14255550100', 'invalid-phone-number'],
    ['+14255550123', 'not-a-number', 'invalid-phone-number'],
  ];
  for (const [callee, callerId, code] of cases) {
    it(`callee "${callee}"${callerId ? ` caller-id "${callerId}"` : ''} → ${code}, shown, no call placed`, async () => {
      const before = (await control('GET', 'emulator/calls')).value.length;
      const { el, rec } = await mountCaller(callee, { callerId });
      await el.call();
      await until(() => rec.of('acs-error').length === 1, 'acs-error');
      const error = rec.of('acs-error')[0] as AcsErrorDetail;
      expect(error.code).to.equal(code);
      await el.updateComplete;
      const shown = $(el, '[part="error"]');
      expect(shown).to.exist;
      expect(shown!.getAttribute('role')).to.equal('alert');
      // A site-owner mistake: the visitor reads a neutral line, the page gets the precise error.
      expect(shown!.textContent).to.contain('Calling isn’t available right now');
      expect(shown!.textContent).to.not.contain(error.message);
      expect(shown!.dataset.code).to.equal(code);
      expect(rec.of('acs-state-changed')).to.deep.equal([]);
      expect((await control('GET', 'emulator/calls')).value.length).to.equal(before);
      await expect(el).to.be.accessible();
    });
  }

  it('no token source → missing-token-source', async () => {
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call callee=${SEEDED.answers}></acs-teams-call>`);
    const rec = record(el);
    await el.call();
    await until(() => rec.of('acs-error').length === 1, 'acs-error');
    expect(rec.of('acs-error')[0].code).to.equal('missing-token-source');
  });

  it('the error message is localized (it)', async () => {
    const { el, rec } = await mountCaller('+14255550123', { locale: 'it' });
    await el.call();
    await until(() => rec.of('acs-error').length === 1, 'acs-error');
    expect(rec.of('acs-error')[0].message).to.contain('ID chiamante');
    expect($(el, '[part="error"]')!.textContent).to.contain('Le chiamate non sono disponibili al momento');
  });
});

describe('<acs-teams-call>: calling a Teams user', () => {
  it('answered: connecting → ringing → connected, video, timer, mute, camera, hang up; axe in each state', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const callee = await newCallee('teams', 'answer', { displayName: 'Adele Vance', video: true, answerAfterMs: 600 });
    const { el, rec } = await mountCaller(callee);
    $(el, '[part="button"]')!.click();
    await until(() => el.state.phase === 'ringing', 'ringing');
    await el.updateComplete;
    expect($(el, '[part="status"]')!.textContent).to.equal('Ringing…');
    await expect(el).to.be.accessible();
    await until(() => el.state.phase === 'connected', 'connected');
    expect(rec.of('acs-call-connected')).to.have.length(1);
    expect(rec.of('acs-state-changed').map((d) => d.state)).to.deep.equal(['connecting', 'ringing', 'connected']);
    await el.updateComplete;
    expect($(el, '.name')!.textContent).to.equal('Adele Vance');
    // The remote camera is a playing <video>, the timer counts.
    await until(() => $(el, '[part="video"] video'), 'remote video');
    // The page's Call button hangs up during the call; it never offers a second call.
    expect($(el, '[part="button"]')!.textContent!.trim()).to.equal('Hang up');
    expect($(el, '[part="button"]')!.dataset.state).to.equal('in-call');
    await until(() => $(el, '[role="timer"]')?.textContent === '0:01', 'timer at 0:01', 4000);
    await expect(el).to.be.accessible();

    const [call] = await callsTo(callee);
    expect(call.caller.displayName).to.equal('Pat Visitor');
    await click(el, 'Mute');
    await until(() => el.state.muted, 'muted');
    // The element's own state may change before the emulator has applied the command: poll it.
    await until(async () => (await control('GET', `emulator/calls/${call.callId}`)).caller.muted === true, 'emulator sees mute');
    await click(el, 'Turn camera on');
    await until(() => $(el, '[part="local-video"] video'), 'local preview');
    await until(async () => (await control('GET', `emulator/calls/${call.callId}`)).caller.video === true, 'emulator sees video');
    // A Teams user has no dial pad.
    expect(button(el, 'Dial pad')).to.equal(undefined);

    await click(el, 'Hang up');
    const end = await ended(rec);
    expect(end).to.include({ reason: 'local', code: 0, subCode: 0 });
    expect(end.durationSeconds).to.be.at.least(1);
    await el.updateComplete;
    expect($(el, '[part="end-screen"]')!.textContent).to.contain('Call ended.');
    expect($(el, '[part="button"]')!.textContent!.trim()).to.equal('Call');
    expect($(el, '[part="video"]')).to.equal(null);
    expect((await control('GET', `emulator/calls/${call.callId}`)).end).to.deep.equal({ code: 0, subCode: 0 });
    await expect(el).to.be.accessible();
  });

  it('declined: 603/0 → reason declined, no acs-call-connected', async () => {
    const callee = await newCallee('teams', 'decline');
    const { el, rec } = await mountCaller(callee);
    await el.call();
    const end = await ended(rec);
    expect(end).to.deep.equal({ reason: 'declined', code: 603, subCode: 0, durationSeconds: 0 });
    expect(rec.of('acs-call-connected')).to.have.length(0);
    await el.updateComplete;
    expect($(el, '[part="end-screen"]')!.textContent).to.contain('The call was declined.');
  });

  it('not answered: 487/10004 → reason no-answer; Call again places a new call', async () => {
    const callee = await newCallee('teams', 'no-answer');
    const { el, rec } = await mountCaller(callee);
    await el.call();
    expect(await ended(rec)).to.deep.equal({ reason: 'no-answer', code: 487, subCode: 10004, durationSeconds: 0 });
    await el.updateComplete;
    expect($(el, '[part="end-screen"]')!.textContent).to.contain('No answer');
    await click(el, 'Call again');
    await until(() => rec.of('acs-call-ended').length === 2, 'second end');
    expect(await callsTo(callee)).to.have.length(2);
  });

  it('the callee hangs up: reason remote with the duration', async () => {
    const callee = await newCallee('teams', 'answer', { displayName: 'Lidia Holloway', hangUpAfterMs: 1200 });
    const { el, rec } = await mountCaller(callee);
    await el.call();
    const end = await ended(rec);
    expect(end).to.include({ reason: 'remote', code: 0, subCode: 5003 });
    expect(end.durationSeconds).to.be.within(1, 3);
    await el.updateComplete;
    expect($(el, '[part="end-screen"]')!.textContent).to.contain('Lidia Holloway ended the call.');
  });

  it('with the video attribute the call starts with the camera on; Close returns to the button', async () => {
    const callee = await newCallee('teams', 'answer', { answerAfterMs: 200 });
    const { el, rec } = await mountCaller(callee, { video: true });
    await el.call();
    await until(() => el.state.phase === 'connected' && el.state.cameraOn, 'connected with camera');
    const [call] = await callsTo(callee);
    expect(call.caller.video).to.equal(true);
    await el.hangUp();
    await ended(rec);
    await click(el, 'Close');
    await el.updateComplete;
    expect($(el, '[part="panel"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="button"]'));
  });
});

describe('<acs-teams-call>: every callee kind answered, declined, not answered', () => {
  const outcomes: Array<[string, string, number, number]> = [
    ['answer', 'local', 0, 0],
    ['decline', 'declined', 603, 0],
    ['no-answer', 'no-answer', 487, 10004],
  ];
  for (const kind of ['teams', 'queue', 'auto-attendant', 'phone'] as const) {
    for (const [behavior, reason, code, subCode] of outcomes) {
      const expectedCode = kind === 'phone' && behavior === 'no-answer' ? [408, 560408] : [code, subCode];
      const expectedReason = reason;
      it(`${kind} ${behavior} → ${expectedReason} ${expectedCode.join('/')}`, async () => {
        const callee = await newCallee(kind, behavior);
        const { el, rec } = await mountCaller(callee, { callerId: kind === 'phone' ? '+18005550100' : undefined });
        await el.call();
        if (behavior === 'answer') {
          await until(() => el.state.phase === 'connected', 'connected');
          expect(el.state.dtmfAvailable).to.equal(kind !== 'teams');
          expect(el.state.videoAvailable).to.equal(kind === 'teams');
          await el.hangUp();
        }
        const end = await ended(rec);
        expect([end.reason, end.code, end.subCode]).to.deep.equal([expectedReason, ...expectedCode]);
        const [call] = await callsTo(callee);
        expect(call.state).to.equal('ended');
      });
    }
  }

  it('a busy phone → reason busy 486/560486', async () => {
    const callee = await newCallee('phone', 'busy');
    const { el, rec } = await mountCaller(callee, { callerId: '+18005550100' });
    await el.call();
    expect(await ended(rec)).to.include({ reason: 'busy', code: 486, subCode: 560486 });
    await el.updateComplete;
    expect($(el, '[part="end-screen"]')!.textContent).to.contain('The line is busy');
  });
});

describe('<acs-teams-call>: call queues and auto attendants', () => {
  it('a call queue: "please hold" while the queue has the call, then the agent', async function (this: Mocha.Context) {
    this.timeout(20_000);
    const callee = await newCallee('queue', 'answer', { displayName: 'Contoso Support', agentName: 'Megan Bowen', waitMs: 1500 });
    const { el, rec } = await mountCaller(callee);
    el.calleeName = 'Contoso Support';
    await el.call();
    await until(() => el.state.phase === 'connected', 'connected');
    await el.updateComplete;
    expect(el.state.waiting).to.equal(true);
    expect($(el, '[part="status"]')!.textContent).to.contain('Please hold');
    await expect(el).to.be.accessible();
    await until(() => el.state.waiting === false, 'agent');
    await el.updateComplete;
    expect($(el, '.name')!.textContent).to.equal('Megan Bowen');
    expect($(el, '[part="status"]')!.textContent).to.equal('Connected');
    expect(rec.of('acs-call-connected')).to.have.length(1);
    await el.hangUp();
  });

  it('an auto attendant: the dial pad sends tones; 1 connects sales', async function (this: Mocha.Context) {
    this.timeout(20_000);
    const callee = await newCallee('auto-attendant', 'answer', { displayName: 'Contoso main line' });
    const { el, rec } = await mountCaller(callee);
    await el.call();
    await until(() => el.state.phase === 'connected', 'connected');
    await click(el, 'Dial pad');
    await el.updateComplete;
    expect(button(el, 'Dial pad')!.getAttribute('aria-expanded')).to.equal('true');
    expect($(el, '[part="dialpad"]')).to.exist;
    await expect(el).to.be.accessible();
    await click(el, 'Star');
    await until(() => $(el, '.digit-string')?.textContent === '*', 'the key pressed');
    expect($(el, '.digits')!.getAttribute('aria-label')).to.equal('Keys pressed: *');
    expect(button(el, 'Dial pad')!.title).to.equal('Hide the dial pad');
    await click(el, '1');
    await until(() => el.state.remote?.displayName === 'Lee Gu (Sales)', 'sales');
    const [call] = await callsTo(callee);
    expect(call.dtmf).to.equal('*1');
    await el.sendDtmf('#');
    await until(async () => (await control('GET', `emulator/calls/${call.callId}`)).dtmf === '*1#', 'emulator got *1#');
    await el.hangUp();
    await ended(rec);
  });
});

describe('<acs-teams-call callee-kind="auto-attendant">', () => {
  it('opens the dial pad with "Choose an option" while the menu waits for a key', async function (this: Mocha.Context) {
    this.timeout(20_000);
    const callee = await newCallee('auto-attendant', 'answer', { displayName: 'Contoso main line' });
    const { el, rec } = await mountCaller(callee);
    el.setAttribute('callee-kind', 'auto-attendant');
    await el.call();
    await until(() => el.state.phase === 'connected' && el.state.waiting, 'the menu');
    await until(() => $(el, '[part="dialpad"]'), 'the dial pad, opened by itself');
    expect($(el, '[part="status"]')!.textContent).to.equal('Choose an option on the dial pad.');
    expect($(el, '.digits')!.textContent!.trim()).to.equal('Press a key to choose an option.');
    expect($(el, '#dialpad-toggle')!.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    await el.hangUp();
    await ended(rec);
  });
});

describe('<acs-teams-call identity="teams">: incoming calls', () => {
  async function mountTeams(name: string, locale = 'en') {
    const minted = await teamsToken(name);
    const provider = async () => ({ ...minted, expiresOn: new Date(minted.expiresOn) });
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call identity="teams" locale=${locale} .tokenProvider=${provider}></acs-teams-call>`);
    const rec = record(el);
    await until(() => el.state.listening, 'listening');
    return { el, rec, userId: minted.userId };
  }

  it('answered with video: caller shown, acs-incoming-call, connected; the caller hangs up', async function (this: Mocha.Context) {
    this.timeout(20_000);
    const { el, rec, userId } = await mountTeams('Megan Bowen');
    // No callee: the element only receives, so there is no button.
    expect($(el, '[part="button"]')!.checkVisibility()).to.equal(false);
    const placed = await control('POST', 'emulator/calls/incoming', { to: userId, from: { displayName: 'Lynne Robbins' }, video: true });
    await until(() => rec.of('acs-incoming-call').length === 1, 'acs-incoming-call');
    expect(rec.of('acs-incoming-call')[0]).to.deep.include({ caller: { id: rec.of('acs-incoming-call')[0].caller.id, displayName: 'Lynne Robbins' } });
    await el.updateComplete;
    const prompt = $(el, '[part="incoming"]')! as HTMLDialogElement;
    expect(prompt.getAttribute('role')).to.equal('alertdialog');
    expect(prompt.textContent).to.contain('Lynne Robbins is calling');
    // Prominent: a modal dialog that takes focus, and rings.
    await until(() => prompt.open && prompt.matches(':modal'), 'a modal dialog');
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Answer');
    await until(() => prompt.dataset.ringing === 'true', 'ringing');
    await expect(el).to.be.accessible();
    await click(el, 'Answer with video');
    await until(() => el.state.phase === 'connected', 'connected');
    expect(rec.of('acs-call-connected')).to.have.length(1);
    await until(() => $(el, '[part="video"] video') && $(el, '[part="local-video"] video'), 'both videos');
    const call = await control('GET', `emulator/calls/${placed.callId}`);
    expect(call.callee.video).to.equal(true);
    await control('POST', `emulator/calls/${placed.callId}/hangup`);
    expect(await ended(rec)).to.include({ reason: 'remote', code: 0, subCode: 5003 });
    // Still listening for the next call.
    expect(el.state.listening).to.equal(true);
  });

  it('ringtone="off": the dialog still takes focus, without a sound', async () => {
    const { el, rec, userId } = await mountTeams('Isaiah Langer');
    el.setAttribute('ringtone', 'off');
    const created: unknown[] = [];
    const Original = window.AudioContext;
    window.AudioContext = class extends Original {
      constructor(...args: ConstructorParameters<typeof AudioContext>) {
        super(...args);
        created.push(this);
      }
    };
    try {
      await control('POST', 'emulator/calls/incoming', { to: userId, from: { displayName: 'Nestor Wilke' } });
      await until(() => ($(el, '[part="incoming"]') as HTMLDialogElement | null)?.open, 'the dialog');
      await el.updateComplete;
      expect($(el, '[part="incoming"]')!.dataset.ringing).to.equal('false');
      expect(created).to.deep.equal([]);
      await click(el, 'Decline');
      await ended(rec);
    } finally {
      window.AudioContext = Original;
    }
  });

  it('declined: reason declined, the caller sees 603/0', async () => {
    const { el, rec, userId } = await mountTeams('Grady Archie');
    const placed = await control('POST', 'emulator/calls/incoming', { to: userId, from: { displayName: 'Nestor Wilke' } });
    await until(() => el.state.phase === 'incoming', 'incoming');
    await click(el, 'Decline');
    expect(await ended(rec)).to.include({ reason: 'declined', code: 0, subCode: 4501 });
    expect((await control('GET', `emulator/calls/${placed.callId}`)).end).to.deep.equal({ code: 603, subCode: 0 });
    await el.updateComplete;
    expect(button(el, 'Call again')).to.equal(undefined);
  });

  it('missed: the caller gives up → reason missed; fr rendering', async () => {
    const { el, rec, userId } = await mountTeams('Johanna Lorenz', 'fr');
    const placed = await control('POST', 'emulator/calls/incoming', { to: userId, from: { displayName: 'Alex Wilber' } });
    await until(() => el.state.phase === 'incoming', 'incoming');
    await el.updateComplete;
    expect($(el, '[part="incoming"]')!.textContent).to.contain('Alex Wilber vous appelle');
    expect(button(el, 'Répondre')).to.exist;
    expect(button(el, 'Refuser')).to.exist;
    await control('POST', `emulator/calls/${placed.callId}/hangup`);
    expect(await ended(rec)).to.include({ reason: 'missed', code: 487, subCode: 0 });
    await el.updateComplete;
    expect($(el, '[part="end-screen"]')!.textContent).to.contain('Appel manqué de Alex Wilber.');
    await expect(el).to.be.accessible();
  });

  it('it rendering while connected', async () => {
    const { el, userId } = await mountTeams('Pradeep Gupta', 'it');
    await control('POST', 'emulator/calls/incoming', { to: userId, from: { displayName: 'Diego Siciliani' } });
    await until(() => el.state.phase === 'incoming', 'incoming');
    await click(el, 'Rispondi');
    await until(() => el.state.phase === 'connected', 'connected');
    await el.updateComplete;
    expect($(el, '[part="status"]')!.textContent).to.equal('Connesso');
    expect(button(el, 'Riaggancia')).to.exist;
    expect($(el, '[part="controls"]')!.getAttribute('aria-label')).to.equal('Controlli della chiamata');
    await expect(el).to.be.accessible();
    await click(el, 'Riaggancia');
  });
});

describe('<acs-teams-call>: removed from the page mid-call', () => {
  it('ends the call on the server and stops every camera track', async function (this: Mocha.Context) {
    this.timeout(20_000);
    const recorder = trackRecorder();
    try {
      const callee = await newCallee('teams', 'answer', { video: true });
      const { el, rec } = await mountCaller(callee, { video: true });
      await el.call();
      await until(() => el.state.phase === 'connected' && el.state.cameraOn, 'connected with camera');
      await until(() => $(el, '[part="local-video"] video'), 'preview');
      expect(recorder.tracks.length).to.be.greaterThan(0);
      el.remove();
      await until(() => rec.of('acs-call-ended').length === 1, 'ended event');
      expect(rec.of('acs-call-ended')[0].reason).to.equal('local');
      const [call] = await callsTo(callee);
      await until(
        async () => call.state === 'ended' || (await control('GET', `emulator/calls/${call.callId}`)).state === 'ended',
        'the emulator sees the call ended',
        5000,
        100,
      );
      await until(() => recorder.tracks.every((track) => track.readyState === 'ended'), 'tracks stopped');
    } finally {
      recorder.restore();
    }
  });

  it('a move within the page keeps the call', async () => {
    const callee = await newCallee('teams', 'answer');
    const { el, rec } = await mountCaller(callee);
    await el.call();
    await until(() => el.state.phase === 'connected', 'connected');
    // The element decides in a microtask after disconnect whether it left the page for good; record
    // whether it tears the call down (the SDK's hang-up that would follow has no prompt signal).
    const ui = (el as unknown as { ui: { teardown(): Promise<void> } }).ui;
    const teardown = ui.teardown.bind(ui);
    let tornDown = 0;
    ui.teardown = () => {
      tornDown++;
      return teardown();
    };
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await settle();
    expect(tornDown).to.equal(0);
    expect(el.state.phase).to.equal('connected');
    const [call] = await callsTo(callee);
    expect((await control('GET', `emulator/calls/${call.callId}`)).state).to.equal('connected');
    expect(rec.of('acs-call-ended')).to.have.length(0);
    await el.hangUp();
    other.remove();
  });
});
