/**
 * The SDK's Spotlight feature as the seam's ordered list of spotlighted participant ids, and the
 * local user's own spotlight commands. Type-only SDK imports: the feature factory comes from the
 * injected `CallingFeatures`.
 *
 * Shaped like one small subscriber per feature: the constructor seeds what is spotlighted already
 * (the SDK sends no event for it), and each `on` is recorded with its `off`.
 */
import type { SpotlightCallFeature, SpotlightedParticipant } from '@azure/communication-calling';
import { AcsError } from '../../core/errors.js';
import { Listeners } from './calling-listeners.js';
import { identifierId } from './calling-participants.js';
import type { AnyCall, CallingFeatures } from './calling-types.js';

/**
 * Raw ids in spotlight order: the SDK's `order` (the order Teams published the spotlights in)
 * first, participants without one after them in the order the SDK lists them; each id once.
 */
export function spotlightOrder(spotlighted: readonly SpotlightedParticipant[]): string[] {
  const ranked = spotlighted.map((entry, index) => ({ id: identifierId(entry.identifier), order: entry.order ?? Number.POSITIVE_INFINITY, index }));
  ranked.sort((a, b) => a.order - b.order || a.index - b.index);
  return [...new Set(ranked.map((entry) => entry.id))];
}

export class CallSpotlight {
  private readonly listeners = new Listeners();
  private ids: string[];

  private constructor(
    private readonly feature: SpotlightCallFeature,
    changed: () => void,
  ) {
    this.ids = spotlightOrder(feature.getSpotlightedParticipants());
    const onChange = () => {
      this.ids = spotlightOrder(feature.getSpotlightedParticipants());
      changed();
    };
    feature.on('spotlightChanged', onChange);
    this.listeners.add(() => feature.off('spotlightChanged', onChange));
  }

  /** Undefined when the call has no Spotlight feature (some call kinds): nothing is then spotlighted. */
  static attach(call: AnyCall, features: Pick<CallingFeatures, 'Spotlight'>, changed: () => void): CallSpotlight | undefined {
    try {
      return new CallSpotlight(call.feature(features.Spotlight), changed);
    } catch {
      return undefined;
    }
  }

  /** Spotlighted participants' raw ids, in spotlight order. */
  get participantIds(): string[] {
    return [...this.ids];
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Spotlights the local user (`startSpotlight()` without participants acts on the local one).
   * A full spotlight is refused here: Teams allows `maxParticipantsToSpotlight` at once.
   */
  async startSelf(selfId: string | undefined): Promise<void> {
    if (selfId && this.ids.includes(selfId)) return;
    const max = this.feature.maxParticipantsToSpotlight;
    if (max > 0 && this.ids.length >= max) {
      throw new AcsError('not-allowed', `At most ${max} participants can be spotlighted`, { recoverable: true, status: 409 });
    }
    await this.feature.startSpotlight();
  }

  /** Takes the local user out of the spotlight; nothing to do when not spotlighted. */
  async stopSelf(selfId: string | undefined): Promise<void> {
    if (selfId && !this.ids.includes(selfId)) return;
    await this.feature.stopSpotlight();
  }

  dispose(): void {
    this.listeners.clear();
  }
}
