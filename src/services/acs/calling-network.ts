/**
 * Network quality from the SDK's user-facing diagnostics: the local user's from
 * `UserFacingDiagnostics.network`, each remote participant's from `UserFacingDiagnostics.remote`
 * (what their own clients report). The constructor seeds what the SDK already knows (no change
 * notification for it); every listener it adds is recorded in `listeners`.
 */
import type {
  DiagnosticValueType,
  LatestDiagnosticValue,
  NetworkDiagnosticChangedEventArgs,
  RemoteDiagnostic,
  RemoteParticipantDiagnosticsData,
  UserFacingDiagnosticsFeature,
} from '@azure/communication-calling';
import type { NetworkLevel, NetworkQuality } from '../meeting-service.js';
import { worseNetwork } from '../network-quality.js';
import type { Listeners } from './calling-listeners.js';

/** The network diagnostics (keys of `LatestNetworkDiagnostics`) that grade a connection. */
const NETWORK_DIAGNOSTICS = new Set<string>([
  'networkReconnect',
  'networkReceiveQuality',
  'networkSendQuality',
  'noNetwork',
  'networkRelaysNotReachable',
]);

/**
 * One diagnostic value as a level. `DiagnosticQuality` is a numeric enum (Good 1, Poor 2, Bad 3)
 * declared only in the typings; a raised flag (no network, relays unreachable) means no usable
 * connection.
 */
export function networkLevelOf(value: { value: unknown; valueType: DiagnosticValueType } | undefined): NetworkLevel {
  if (!value) return 'unknown';
  if (value.valueType === 'DiagnosticFlag') return value.value === true ? 'bad' : 'good';
  switch (Number(value.value)) {
    case 1:
      return 'good';
    case 2:
      return 'poor';
    case 3:
      return 'bad';
    default:
      return 'unknown';
  }
}

function worstOf(levels: Iterable<NetworkLevel>): NetworkLevel {
  let worst: NetworkLevel = 'unknown';
  for (const level of levels) worst = worseNetwork(worst, level);
  return worst;
}

export class NetworkQualityTracker {
  /** Local diagnostic name → level. */
  private readonly self = new Map<string, NetworkLevel>();
  /** Remote raw id → diagnostic name → level. */
  private readonly remote = new Map<string, Map<string, NetworkLevel>>();

  constructor(
    feature: Pick<UserFacingDiagnosticsFeature, 'network' | 'remote'>,
    listeners: Listeners,
    private readonly changed: () => void,
  ) {
    const latest = feature.network.getLatest() as Record<string, LatestDiagnosticValue | undefined>;
    for (const [name, value] of Object.entries(latest)) this.setSelf(name, networkLevelOf(value));
    const onNetwork = (event: NetworkDiagnosticChangedEventArgs) => {
      if (this.setSelf(event.diagnostic, networkLevelOf(event))) this.changed();
    };
    feature.network.on('diagnosticChanged', onNetwork);
    listeners.add(() => feature.network.off('diagnosticChanged', onNetwork));

    // Remote diagnostics are optional in some call kinds: the local part above still works.
    try {
      this.attachRemote(feature.remote, listeners);
    } catch {
      // No remote diagnostics here: participants stay 'unknown'.
    }
  }

  private attachRemote(remote: UserFacingDiagnosticsFeature['remote'] | undefined, listeners: Listeners): void {
    if (!remote) return;
    this.applyRemote(remote.getLatest().diagnostics);
    const onRemote = (data: RemoteParticipantDiagnosticsData) => {
      if (this.applyRemote(data.diagnostics)) this.changed();
    };
    remote.on('diagnosticChanged', onRemote);
    listeners.add(() => remote.off('diagnosticChanged', onRemote));
    // Others see our connection only if we share it, as Teams clients do.
    if (!remote.isSendingDiagnosticsEnabled) remote.startSendingDiagnostics();
  }

  /** The quality now; participant ids are raw ids, as in `ParticipantSnapshot.id`. */
  snapshot(): NetworkQuality {
    const participants: Record<string, NetworkLevel> = {};
    for (const [id, levels] of this.remote) {
      const level = worstOf(levels.values());
      if (level !== 'unknown') participants[id] = level;
    }
    return { self: worstOf(this.self.values()), participants };
  }

  private setSelf(name: string, level: NetworkLevel): boolean {
    if (!NETWORK_DIAGNOSTICS.has(name) || this.self.get(name) === level) return false;
    this.self.set(name, level);
    return true;
  }

  private applyRemote(diagnostics: readonly RemoteDiagnostic[]): boolean {
    let changed = false;
    for (const diagnostic of diagnostics) {
      if (!NETWORK_DIAGNOSTICS.has(diagnostic.diagnostic) || !diagnostic.rawId) continue;
      const level = networkLevelOf(diagnostic);
      let levels = this.remote.get(diagnostic.rawId);
      if (!levels) this.remote.set(diagnostic.rawId, (levels = new Map<string, NetworkLevel>()));
      if (levels.get(diagnostic.diagnostic) === level) continue;
      levels.set(diagnostic.diagnostic, level);
      changed = true;
    }
    return changed;
  }
}
