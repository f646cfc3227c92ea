/**
 * Whether the page may play the meeting's sound yet. iOS Safari, Android Chrome (and desktop
 * browsers under their autoplay policy) keep audio suspended until a user gesture: an
 * `AudioContext` starts 'suspended', and `play()` on an `<audio>` rejects with `NotAllowedError`.
 * A join started without a click (`skip-setup`, a rejoin) meets that. The calling SDK plays remote
 * audio itself, out of our reach, so this module probes with an `AudioContext` of its own: one that
 * starts suspended means the page's sound is held. Inside the tap on "Tap to turn on sound" it
 * resumes the probe; the gesture is what unlocks the document (Chromium's user activation, iOS
 * Safari's first sound started in a gesture), so the SDK's audio plays from then on.
 */

type AudioContextClass = typeof AudioContext;

function audioContextClass(): AudioContextClass | undefined {
  const scope = globalThis as typeof globalThis & { webkitAudioContext?: AudioContextClass };
  return scope.AudioContext ?? scope.webkitAudioContext;
}

export class AudioUnlock {
  #context?: AudioContext;
  #blocked = false;

  constructor(private readonly onChange: (blocked: boolean) => void) {}

  get blocked(): boolean {
    return this.#blocked;
  }

  /**
   * Probes now (call it once the meeting is connected): blocked when the probe context stays
   * suspended. Without Web Audio nothing can be told, so nothing is reported.
   */
  check(): boolean {
    const Context = audioContextClass();
    if (!Context) return false;
    try {
      this.#context ??= new Context();
    } catch {
      return false;
    }
    if (this.#context.state !== 'suspended') {
      // Sound may play: the probe is not needed any more.
      this.dispose();
      return false;
    }
    this.#context.onstatechange = () => this.#update();
    this.#set(true);
    return true;
  }

  /**
   * Call synchronously inside the user's tap or click: resumes the probe context, starts a silent
   * buffer (what unlocks iOS Safari). `onChange(false)` follows once the context runs; without a
   * real gesture the browser keeps it suspended.
   */
  unlock(): void {
    const context = this.#context;
    if (context) {
      context.resume().then(() => this.#update(), () => undefined);
      try {
        const source = context.createBufferSource();
        source.buffer = context.createBuffer(1, 1, context.sampleRate);
        source.connect(context.destination);
        source.start(0);
      } catch {
        // A closed or odd context: the resume above still decides.
      }
    }
    this.#update();
  }

  /** Closes the probe context (the meeting ended). */
  dispose(): void {
    this.#blocked = false;
    const context = this.#context;
    this.#context = undefined;
    if (context) context.onstatechange = null;
    if (context && context.state !== 'closed') void context.close().catch(() => undefined);
  }

  /** Unblocked once the probe context runs. */
  #update(): void {
    if (this.#blocked && this.#context?.state === 'running') this.#set(false);
  }

  #set(blocked: boolean): void {
    if (blocked === this.#blocked) return;
    this.#blocked = blocked;
    this.onChange(blocked);
  }
}
