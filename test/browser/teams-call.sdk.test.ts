/**
 * <acs-teams-call> on the real @azure/communication-calling, offline: the element picks the ACS
 * service by itself (the token response does not say "emulator"); with identity="teams" a
 * Teams-shaped token (minted by the emulator's Entra stand-in + /api/token/teams) creates a
 * TeamsCallAgent, and a call that cannot reach Teams ends with reason `network` instead of hanging.
 * An ACS token given to identity="teams" is refused before the SDK (no 403/40231).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { AcsTeamsCall } from '../../src/components/teams-call/teams-call.js';
import type { CallService, CallServiceOptions } from '../../src/services/call-service.js';
import { loadCallService } from '../../src/services/load-call-service.js';
import type { AcsCallEndedDetail, AcsErrorDetail } from '../../src/events.js';
import { emulatorPath } from './helpers/emulator.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-call')) customElements.define('acs-teams-call', AcsTeamsCall);

const OFFLINE_ENDPOINT = 'https://example.communication.azure.com/';
const base64url = (value: string) => btoa(value).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Shaped like an ACS identity token (skypeid acs:…); signed by nobody. */
function fakeAcsToken(): string {
  const resource = crypto.randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', kid: '5.0', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ skypeid: `acs:${resource}_${crypto.randomUUID()}`, scp: 1792, csi: String(now), exp: now + 3600, acsScope: 'chat,voip', resourceId: resource, iat: now }),
  );
  return `${header}.${payload}.${base64url('not-a-real-signature-0123456789abcdef')}`;
}

/** A Teams user token from the emulator (the same exchange a server does with getTokenForTeamsUser). */
async function teamsToken(name: string): Promise<{ token: string; userId: string; expiresOn: string }> {
  const entra = await (await fetch(emulatorPath(`emulator/entra-token?name=${encodeURIComponent(name)}`))).json();
  const response = await fetch(emulatorPath('api/token/teams'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entraToken: entra.token }),
  });
  return response.json();
}

/** Wraps the built-in service choice to see which service (and agent) it made. */
/**
 * The element's teardown (a microtask after removal) disposes the service: wait for that dispose
 * (hang-up, agent, then client after the SDK's dispose margin) to finish.
 */
async function disposed(service: CallService | undefined): Promise<void> {
  const adapter = service as unknown as { disposing?: Promise<void> };
  const started = performance.now();
  // A boolean: until() awaits what the condition returns, which would unwrap the promise itself.
  await until(() => adapter.disposing !== undefined, 'the service disposing', 60_000);
  await adapter.disposing;
  console.log(`[teams-call sdk] service disposed ${Math.round(performance.now() - started)} ms after removal`);
}

function capturingFactory() {
  const made: CallService[] = [];
  return {
    made,
    factory: async (options: CallServiceOptions) => {
      const service = await loadCallService(options);
      made.push(service);
      return service;
    },
  };
}

describe('<acs-teams-call> with the real calling SDK (offline)', () => {
  it('identity="teams": a Teams token creates a TeamsCallAgent; a call to a Teams user ends with reason network', async function (this: Mocha.Context) {
    this.timeout(150_000);
    const minted = await teamsToken('Offline Teams User');
    const provider = async () => ({ token: minted.token, userId: minted.userId, expiresOn: new Date(minted.expiresOn), endpoint: OFFLINE_ENDPOINT });
    const { made, factory } = capturingFactory();
    const el = await fixture<AcsTeamsCall>(
      html`<acs-teams-call identity="teams" callee="8:orgid:11111111-1111-4111-8111-111111111111" locale="en" .tokenProvider=${provider} .serviceFactory=${factory}></acs-teams-call>`,
    );
    const errors: AcsErrorDetail[] = [];
    el.addEventListener('acs-error', (event) => errors.push(event.detail));
    const ended = new Promise<AcsCallEndedDetail>((resolve) => el.addEventListener('acs-call-ended', (event) => resolve(event.detail), { once: true }));
    const states: string[] = [];
    el.addEventListener('acs-state-changed', (event) => states.push(event.detail.state));

    // Listening needs the agent: TeamsCallAgent creation with the Teams-shaped token.
    await until(() => el.state.listening || errors.length > 0, 'the agent (listening)', 60_000);
    expect(errors).to.deep.equal([]);
    expect(made).to.have.length(1);
    expect(made[0]?.constructor.name).to.equal('AcsCallService');
    expect(await (made[0] as unknown as { agentKind(): Promise<string | undefined> }).agentKind()).to.equal('teams');

    await el.call();
    const end = await ended;
    // The SDK's own end (seen: 490/4525), not our 60 s guard (408/0).
    expect([490, 410]).to.include(end.code);
    expect(end.reason).to.equal('network');
    expect(states[0]).to.equal('connecting');
    expect(states.at(-1)).to.equal('ended');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="end-screen"]')!.textContent).to.contain('The connection was lost');
    el.remove();
    // Disposal hangs up and disposes agent then client: let it finish before the next test.
    await disposed(made[0]);
  });

  it('identity="acs": a phone call with caller-id reaches the network and ends with reason network', async function (this: Mocha.Context) {
    this.timeout(150_000);
    const token = fakeAcsToken();
    const provider = async () => ({ token, expiresOn: new Date(Date.now() + 3_600_000), endpoint: OFFLINE_ENDPOINT });
    const { made, factory } = capturingFactory();
    const el = await fixture<AcsTeamsCall>(
      html`<acs-teams-call callee="+14255550123" caller-id="+18005550100" display-name="Pat" locale="en" .tokenProvider=${provider} .serviceFactory=${factory}></acs-teams-call>`,
    );
    const ended = new Promise<AcsCallEndedDetail>((resolve) => el.addEventListener('acs-call-ended', (event) => resolve(event.detail), { once: true }));
    await el.call();
    const end = await ended;
    expect([490, 410]).to.include(end.code);
    expect(end.reason).to.equal('network');
    expect(await (made[0] as unknown as { agentKind(): Promise<string | undefined> }).agentKind()).to.equal('acs');
    el.remove();
    await disposed(made[0]);
  });

  it('an ACS token with identity="teams" is token-wrong-kind at once, before any agent', async function (this: Mocha.Context) {
    this.timeout(60_000);
    const token = fakeAcsToken();
    const provider = async () => ({ token, expiresOn: new Date(Date.now() + 3_600_000), endpoint: OFFLINE_ENDPOINT });
    const { made, factory } = capturingFactory();
    const started = performance.now();
    const el = await fixture<AcsTeamsCall>(
      html`<acs-teams-call identity="teams" callee="8:orgid:11111111-1111-4111-8111-111111111111" locale="en" .tokenProvider=${provider} .serviceFactory=${factory}></acs-teams-call>`,
    );
    const errors: AcsErrorDetail[] = [];
    el.addEventListener('acs-error', (event) => errors.push(event.detail));
    await until(() => errors.length > 0, 'acs-error', 30_000);
    expect(errors[0].code).to.equal('token-wrong-kind');
    // Caught by tokenKind before the SDK: no service was made, so no agent and no 403/40231.
    expect(made).to.have.length(0);
    expect(performance.now() - started).to.be.below(10_000);
  });
});
