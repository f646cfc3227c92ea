/**
 * Teams identities against the emulator: a Teams user joins a meeting as themselves (no display
 * name, presenter who manages the lobby), tokens of the wrong kind are caught before any SDK or
 * socket sees them (meeting and call elements, both directions), and `<acs-meeting-chat>` says
 * that Teams users' meeting chat needs Microsoft Graph.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import { AcsTeamsCall } from '../../src/components/teams-call/teams-call.js';
import type { AcsErrorDetail } from '../../src/events.js';
import { control, createMeeting, emulatorPath } from './helpers/emulator.js';
import { settle, until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);
if (!customElements.get('acs-meeting-chat')) customElements.define('acs-meeting-chat', AcsMeetingChat);
if (!customElements.get('acs-teams-call')) customElements.define('acs-teams-call', AcsTeamsCall);

/** What a page does with MSAL in production, with the emulator's stand-in Entra token. */
async function teamsTokenProvider(name: string) {
  const entra = await control('GET', `emulator/entra-token?name=${encodeURIComponent(name)}`);
  const minted = await control('POST', 'api/token/teams', { entraToken: entra.token });
  return { provider: async () => ({ ...minted, expiresOn: new Date(minted.expiresOn) }), userId: minted.userId as string };
}

const meetingPath = (threadId: string) => `emulator/meetings/${encodeURIComponent(threadId)}`;

interface Created {
  threadId: string;
  meetingLink: string;
}

function errors(el: HTMLElement): AcsErrorDetail[] {
  const list: AcsErrorDetail[] = [];
  el.addEventListener('acs-error', (event) => list.push((event as CustomEvent<AcsErrorDetail>).detail));
  return list;
}

describe('Teams identity in <acs-teams-meeting>', () => {
  it('joins as the Teams user without a display name, as a presenter who sees and admits the lobby', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const meeting = await createMeeting<Created>({ lobby: true });
    const { provider, userId } = await teamsTokenProvider('Megan Bowen');
    const el = await fixture<AcsTeamsMeeting>(
      html`<acs-teams-meeting identity="teams" skip-setup start-camera-off locale="en" meeting-link=${meeting.meetingLink} .tokenProvider=${provider}></acs-teams-meeting>`,
    );
    const failures = errors(el);
    // A Teams user skips the lobby (presenter) even with the lobby on, and needs no name.
    await until(() => el.state.phase === 'connected', 'connected', 15_000);
    expect(failures).to.deep.equal([]);
    const server = await control('GET', meetingPath(meeting.threadId));
    const me = server.participants.find((p: { id: string }) => p.id === userId);
    expect(me).to.include({ kind: 'teams', role: 'presenter', state: 'connected' });
    expect(el.state.canManageLobby).to.equal(true);

    // A guest knocks: the Teams user sees the lobby (guests never do) and admits them.
    const guest = await control('GET', 'api/token');
    await control('POST', `${meetingPath(meeting.threadId)}/join`, { userId: guest.userId, displayName: 'Pat Guest' });
    await until(() => el.state.lobby.some((entry) => entry.displayName === 'Pat Guest'), 'lobby entry');
    // Guests never see the lobby; the Teams user finds it in the participant list.
    const buttons = () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')];
    const admit = () => el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="admit"]');
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('#ctl-participants') ?? buttons().find((b) => b.textContent?.includes('Participants'));
    if (!admit()) toggle?.click();
    await until(admit, 'an Admit control');
    expect(admit()!.getAttribute('aria-label')).to.contain('Pat Guest');
    admit()!.click();
    await until(() => el.state.participants.some((p) => p.displayName === 'Pat Guest'), 'guest admitted');
    await el.leave();
    await until(() => el.state.phase === 'ended', 'left');
  });

  it('an ACS token with identity="teams" is token-wrong-kind before any join', async () => {
    const meeting = await createMeeting<Created>({});
    const before = (await control('GET', meetingPath(meeting.threadId))).participants.length;
    const el = await fixture<AcsTeamsMeeting>(
      html`<acs-teams-meeting identity="teams" skip-setup locale="en" meeting-link=${meeting.meetingLink} token-url=${emulatorPath('api/token')}></acs-teams-meeting>`,
    );
    const failures = errors(el);
    await until(() => failures.length > 0, 'acs-error');
    expect(failures[0].code).to.equal('token-wrong-kind');
    await el.updateComplete;
    const shown = el.shadowRoot!.querySelector('[part="error"]');
    expect(shown?.textContent).to.contain('guest access and Teams accounts work differently');
    expect((await control('GET', meetingPath(meeting.threadId))).participants.length).to.equal(before);
  });

  it('a Teams token without identity="teams" is token-wrong-kind too', async () => {
    const meeting = await createMeeting<Created>({});
    const { provider } = await teamsTokenProvider('Lee Gu');
    const el = await fixture<AcsTeamsMeeting>(
      html`<acs-teams-meeting skip-setup display-name="Lee" locale="fr" meeting-link=${meeting.meetingLink} .tokenProvider=${provider}></acs-teams-meeting>`,
    );
    const failures = errors(el);
    await until(() => failures.length > 0, 'acs-error');
    expect(failures[0].code).to.equal('token-wrong-kind');
    expect(failures[0].message).to.contain('comptes Teams');
  });
});

describe('Teams identity in <acs-meeting-chat>', () => {
  it('says that meeting chat for Teams users needs Microsoft Graph', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const meeting = await createMeeting<Created>({});
    const { provider } = await teamsTokenProvider('Adele Vance');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <acs-teams-meeting id="tm" identity="teams" skip-setup start-camera-off locale="en" meeting-link=${meeting.meetingLink} .tokenProvider=${provider}></acs-teams-meeting>
        <acs-meeting-chat for="tm" locale="en"></acs-meeting-chat>
      </div>`,
    );
    const el = wrapper.querySelector<AcsTeamsMeeting>('acs-teams-meeting')!;
    const chat = wrapper.querySelector<AcsMeetingChat>('acs-meeting-chat')!;
    await until(() => el.state.phase === 'connected', 'connected', 15_000);
    await until(() => chat.shadowRoot?.textContent?.includes('Microsoft Graph'), 'the Graph notice');
    await expect(chat).to.be.accessible();
    await el.leave();
  });
});

describe('Teams identity in <acs-teams-call>', () => {
  it('an ACS token with identity="teams" is token-wrong-kind, shown, and nothing listens', async () => {
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call identity="teams" locale="en" token-url=${emulatorPath('api/token')}></acs-teams-call>`);
    const failures = errors(el);
    await until(() => failures.length > 0, 'acs-error');
    expect(failures[0].code).to.equal('token-wrong-kind');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')?.getAttribute('role')).to.equal('alert');
    expect(el.state.listening).to.equal(false);
  });

  it('a Teams token without identity="teams" is refused on click, before any call', async () => {
    const { provider } = await teamsTokenProvider('Diego Siciliani');
    const callee = '8:orgid:11111111-1111-4111-8111-111111111111';
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call callee=${callee} locale="en" .tokenProvider=${provider}></acs-teams-call>`);
    const failures = errors(el);
    const before = (await control('GET', 'emulator/calls')).value.length;
    await el.call();
    await until(() => failures.length > 0, 'acs-error');
    expect(failures[0].code).to.equal('token-wrong-kind');
    expect((await control('GET', 'emulator/calls')).value.length).to.equal(before);
  });

  it('identity set to "teams" after the element is on the page starts listening', async () => {
    const { provider } = await teamsTokenProvider('Late Teams User');
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call locale="en" .tokenProvider=${provider}></acs-teams-call>`);
    await el.updateComplete;
    // Had the element started listening (connect → import the call panel → listen), its import of
    // the panel came first: once ours has resolved and the queued tasks have run, the panel exists.
    await import('../../src/components/teams-call/call-ui.js');
    await settle();
    expect((el as unknown as { ui?: unknown }).ui, 'the call panel (loaded only to call or listen)').to.equal(undefined);
    expect(el.state.listening).to.equal(false);
    el.identity = 'teams';
    await until(() => el.state.listening, 'listening');
  });

  it('a Teams user calls a phone with their own number (no caller-id) and a Teams user with video', async () => {
    const { provider } = await teamsTokenProvider('Isaiah Langer');
    const el = await fixture<AcsTeamsCall>(html`<acs-teams-call identity="teams" callee="+14255550123" locale="en" .tokenProvider=${provider}></acs-teams-call>`);
    await until(() => el.state.listening, 'listening');
    await el.call();
    await until(() => el.state.phase === 'connected', 'connected');
    expect(el.state.remote?.kind).to.equal('phone');
    await el.hangUp();
    await until(() => el.state.phase === 'ended', 'ended');
    el.callee = '8:orgid:11111111-1111-4111-8111-111111111111';
    el.video = true;
    await el.call();
    await until(() => el.state.phase === 'connected' && el.state.cameraOn, 'video call');
    await el.hangUp();
  });
});
