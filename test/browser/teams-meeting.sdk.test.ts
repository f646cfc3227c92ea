/**
 * <acs-teams-meeting> on the real @azure/communication-calling, offline: the element chooses the
 * ACS service by itself (the token response does not say "emulator"), shows the setup screen from
 * the browser's own media APIs, and a join that cannot reach Teams ends on the "connection lost"
 * screen with reason `network` instead of hanging.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { AcsTeamsMeeting } from '../../src/components/teams-meeting/teams-meeting.js';
import { until } from './helpers/wait.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);

const LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjZkYjE0ZTQtYjU2Yi00YTJk%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22f7ae2f2c-7a3b-4a64-9a9f-3f5c9f7a1c11%22%7d';

const base64url = (value: string) => btoa(value).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Shaped like an ACS token (the SDK reads skypeid, resourceId, exp); signed by nobody. */
function fakeAcsToken(): { token: string; userId: string } {
  const resource = crypto.randomUUID();
  const user = crypto.randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', kid: '5.0', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ skypeid: `acs:${resource}_${user}`, scp: 1792, csi: String(now), exp: now + 3600, acsScope: 'chat,voip', resourceId: resource, iat: now }),
  );
  return { token: `${header}.${payload}.${base64url('not-a-real-signature-0123456789abcdef')}`, userId: `8:acs:${resource}_${user}` };
}

describe('<acs-teams-meeting> with the real calling SDK (offline)', () => {
  it('joins, and ends with reason network and a Rejoin when Teams cannot be reached', async function (this: Mocha.Context) {
    this.timeout(120_000);
    const { token, userId } = fakeAcsToken();
    const provider = async () => ({ token, userId, expiresOn: new Date(Date.now() + 3600_000), endpoint: 'https://example.communication.azure.com/' });
    const el = await fixture<AcsTeamsMeeting>(html`<acs-teams-meeting meeting-link=${LINK} display-name="Offline" locale="en" .tokenProvider=${provider}></acs-teams-meeting>`);
    const $ = (selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
    const states: string[] = [];
    el.addEventListener('acs-state-changed', (event) => states.push(event.detail.state));
    const left = new Promise<CustomEvent>((resolve) => el.addEventListener('acs-left', (event) => resolve(event), { once: true }));
    // The preview comes from getUserMedia, long before the SDK's device manager is ready (~7 s offline).
    await until(() => $('[part="preview"] video'), 'the preview', 5000);
    await until(() => $('[part="join-button"]'), 'Join', 5000);
    // The preview's camera is handed to the call: held while the SDK opens the same device, stopped at the end.
    const [previewTrack] = (($('[part="preview"] video') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks();
    const trackWhen: Record<string, string> = {};
    el.addEventListener('acs-state-changed', (event) => (trackWhen[event.detail.state] ??= previewTrack.readyState));
    $('[part="join-button"]')!.click();
    const event = await left;
    expect(event.detail.reason).to.equal('network');
    expect(trackWhen.connecting).to.equal('live');
    expect(previewTrack.readyState).to.equal('ended');
    await until(() => $('[part="end-screen"]'), 'the end screen', 5000);
    expect($('[part="end-screen"] h2')!.textContent).to.equal('The connection was lost');
    expect($('[part="end-screen"] button')).to.not.equal(null);
    expect(states[0]).to.equal('connecting');
    expect(states.at(-1)).to.equal('ended');
    el.remove();
  });
});
