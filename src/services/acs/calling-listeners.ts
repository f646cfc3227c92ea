/**
 * Every SDK subscription the adapter makes is recorded here as its `off` function, so dispose (or
 * a participant leaving, or the captions kind changing) removes exactly what was added.
 */
export class Listeners {
  private readonly offs = new Set<() => void>();

  /** Records an unsubscribe function; the returned function runs it once and forgets it. */
  add(off: () => void): () => void {
    this.offs.add(off);
    return () => {
      if (this.offs.delete(off)) off();
    };
  }

  get size(): number {
    return this.offs.size;
  }

  /** Runs every recorded unsubscribe; an SDK object that throws while unsubscribing is skipped. */
  clear(): void {
    const offs = [...this.offs];
    this.offs.clear();
    for (const off of offs) {
      try {
        off();
      } catch {
        // A disposed SDK object may refuse `off`; its listeners are gone with it.
      }
    }
  }
}
