/**
 * Issue 14, network quality: the organizer console degrades a participant's connection (or the
 * guest's own) through the emulator's control API; <acs-teams-meeting> shows a badge on that tile,
 * the "connection is unstable" notice with a button that turns the camera off, updates the
 * `diagnostics` property and fires `acs-diagnostics-changed`.
 */
import { expect } from '@open-wc/testing';
import type { AcsDiagnosticsChangedDetail } from '../../src/events.js';
import { control as controlApi } from './helpers/emulator.js';
import { guestJoining, meetingPath, participantPath, shadow$ as $ } from './helpers/emulator-meeting.js';
import { until } from './helpers/wait.js';

interface Person {
  id: string;
  displayName: string;
  kind: string;
}

describe('<acs-teams-meeting> network quality against the emulator (issue 14)', function () {
  this.timeout(60_000);

  it('badges a degraded participant, warns the guest about its own connection, turns video off, fires acs-diagnostics-changed', async () => {
    const { meeting, el } = await guestJoining({ topic: 'Network' });
    const changes: AcsDiagnosticsChangedDetail[] = [];
    el.addEventListener('acs-diagnostics-changed', (event) => changes.push(event.detail));
    await until(() => $(el, '[part="controls"]'), 'the in-meeting controls');
    await until(() => el.state.cameraOn, 'the camera on');
    await until(() => el.diagnostics.network.self === 'good', 'the own connection graded good');
    expect($(el, '[data-badge="network"]')).to.equal(null);

    const { participants } = await controlApi<{ participants: Person[] }>('GET', meetingPath(meeting));
    const organizer = participants.find((p) => p.kind === 'teams')!;
    const guest = participants.find((p) => p.displayName === 'Guest')!;

    await controlApi('PATCH', participantPath(meeting, organizer.id), { network: 'bad' });
    await until(() => changes.some((change) => change.network.participants[organizer.id] === 'bad'), 'the participant event');
    expect(el.diagnostics.network.participants[organizer.id]).to.equal('bad');
    const badge = await until(() => $(el, `[data-participant="${CSS.escape(organizer.id)}"] [data-badge="network"]`), 'the tile badge');
    expect(badge.getAttribute('aria-label')).to.equal(`Very poor connection: ${organizer.displayName}`);
    expect(badge.dataset.level).to.equal('bad');
    expect($(el, '[data-diagnostic="network"]'), 'no notice for someone else’s connection').to.equal(null);

    await controlApi('PATCH', participantPath(meeting, guest.id), { network: 'poor' });
    await until(() => changes.at(-1)?.network.self === 'poor', 'the own-connection event');
    const notice = await until(() => $(el, '[data-diagnostic="network"]'), 'the unstable-connection notice');
    expect(notice.closest('[role="status"]'), 'announced politely').to.not.equal(null);
    expect(notice.textContent).to.contain('Your network connection is unstable.');
    expect($(el, '[data-self] [data-badge="network"]')?.getAttribute('aria-label')).to.equal('Poor connection: You');
    await expect(el).to.be.accessible();

    const videoOff = await until(() => $<HTMLButtonElement>(el, '#network-video-off'), 'the turn-off-video button');
    expect(videoOff.textContent?.trim()).to.equal('Turn off your video to improve the connection');
    videoOff.click();
    await until(() => !el.state.cameraOn, 'the camera off');
    await until(() => !$(el, '#network-video-off'), 'the button gone with the camera');
    expect($(el, '[data-diagnostic="network"]'), 'the warning stays while the connection is poor').to.not.equal(null);

    await controlApi('PATCH', participantPath(meeting, guest.id), { network: 'good' });
    await until(() => !$(el, '[data-diagnostic="network"]'), 'the notice gone once the connection recovers');
    expect(changes.at(-1)?.network.self).to.equal('good');
    // The element's copy is the page's own: changing it changes nothing inside.
    el.diagnostics.network.participants[organizer.id] = 'good';
    expect(el.diagnostics.network.participants[organizer.id]).to.equal('bad');
  });
});
