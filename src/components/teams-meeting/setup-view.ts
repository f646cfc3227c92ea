/**
 * The setup (pre-join) screen of `<acs-teams-meeting>`: the meeting's title, the name field, the
 * camera preview with microphone and camera toggles on it, a live microphone level, a speaker test,
 * device pickers under "Audio and video settings", and Join.
 *
 * Uses the browser's own getUserMedia / enumerateDevices / Web Audio, never the SDK: the preview
 * appears as fast as the camera answers. The element starts the first getUserMedia itself (it is in
 * the entry, preview-media.ts) and hands the pending stream to `start()`, so the camera does not
 * wait for this chunk. Once the preview plays, `previewReady` tells the element it may load the
 * heavy parts (the SDK, the in-call UI) in the background. At Join, `handOver()` gives the running
 * camera to the call instead of stopping it.
 */
import { html, nothing, type CSSResult, type LitElement, type TemplateResult } from 'lit';
import { dispatchAcsEvent } from '../../events.js';
import { Translator, type Locale } from '../../i18n/index.js';
import type { DeviceInfo } from '../../services/meeting-service.js';
import type { VideoEffect, VideoEffectsEngine } from '../../services/video-effects.js';
import type { EffectsPicker } from './effects-picker.js';
import { canPickSpeaker, listDevices, type DeviceChoices } from './devices.js';
import { icons } from './icons.js';
import { previewConstraints, rememberDevices } from './preview-media.js';
import { setupStrings, type SetupCatalog } from './setup-strings.js';
export { setupStyles } from './setup-view.styles.js';

/** What the user chose; owned by the element (it joins with it), edited by this screen. */
export interface SetupChoices {
  name: string;
  nameInvalid: boolean;
  micOn: boolean;
  cameraOn: boolean;
  devices: DeviceChoices;
  /** The background effect; the meeting starts with it. */
  videoEffect: VideoEffect;
  /** Noise suppression on the microphone; the meeting starts with it. */
  noiseSuppression: boolean;
}

export interface SetupInput {
  locale: Locale;
  overrides: Partial<Record<string, string>>;
  /** Teams users have a name already; guests must type one. */
  guest: boolean;
  /** The meeting's title (the `meeting-title` attribute, or what the backend knows); else a generic heading. */
  title?: string;
  /** The inputs are checked and Join can go ahead; until then Join says why it waits. */
  ready: boolean;
  /** False when the backend said, before joining, that the meeting refuses guests. */
  guestsAllowed?: boolean;
  join(): void;
}

export interface SetupHooks {
  /** The preview plays (or there is none to wait for): heavy work may start now. Called once per start. */
  previewReady(): void;
  /** The guest finished editing their name (change event). */
  nameCommitted?(name: string): void;
  /** The backend's effects engine, loaded when the user opens the effects picker. */
  effects?(): Promise<VideoEffectsEngine | undefined>;
  /** Adds a lazily loaded chunk's styles to the host's shadow root. */
  adopt?(styles: CSSResult): void;
}

type MediaProblem = 'permission-denied' | 'no-device' | 'no-camera' | 'no-microphone';
type T = Translator<SetupCatalog>;

/** Tones of the speaker test: a short rising chime (C5, E5, G5), generated, no audio file. */
const TEST_TONES = [523.25, 659.25, 783.99];
const TONE_SECONDS = 0.22;

export class SetupView {
  readonly #host: LitElement;
  readonly #choices: SetupChoices;
  readonly #hooks: SetupHooks;
  #preview?: MediaStream;
  #starting = false;
  #problem?: MediaProblem;
  #generation = 0;
  #readyGeneration = -1;
  #locale: Locale = 'en-US';
  #overrides: Partial<Record<string, string>> = {};
  readonly #level = new MicLevel(() => this.#host.renderRoot.querySelector<HTMLElement>('.level'));
  #testingSound = false;
  #effectsOpen = false;
  #picker?: EffectsPicker;
  #pickerLoading?: Promise<EffectsPicker | undefined>;

  constructor(host: LitElement, choices: SetupChoices, hooks: SetupHooks) {
    this.#host = host;
    this.#choices = choices;
    this.#hooks = hooks;
  }

  get previewStream(): MediaStream | undefined {
    return this.#preview;
  }

  /**
   * (Re)starts the preview with the current choices; stale attempts stop their own tracks.
   * `pending` is a getUserMedia already under way for these choices (started by the element).
   */
  async start(pending?: Promise<MediaStream>): Promise<void> {
    const generation = ++this.#generation;
    this.#stopTracks();
    const media = navigator.mediaDevices;
    if (!pending && !media?.getUserMedia) {
      this.#set({ problem: 'no-device' });
      this.#ready(generation);
      return;
    }
    const { audio, video } = previewConstraints(this.#choices.devices.selected, this.#choices.cameraOn, true);
    this.#starting = true;
    this.#host.requestUpdate();
    let stream: MediaStream | undefined;
    let problem: MediaProblem | undefined;
    try {
      stream = await (pending ?? media.getUserMedia({ audio, video }));
    } catch (error) {
      const name = (error as DOMException | undefined)?.name;
      if (name === 'NotAllowedError' || name === 'SecurityError') {
        problem = 'permission-denied';
      } else if (media?.getUserMedia) {
        // One kind is missing or busy: find out which, and keep the other.
        stream = await media.getUserMedia({ audio, video: false }).catch(() => undefined);
        if (stream) problem = video ? 'no-camera' : undefined;
        else {
          stream = video ? await media.getUserMedia({ audio: false, video }).catch(() => undefined) : undefined;
          problem = stream ? 'no-microphone' : 'no-device';
        }
      } else {
        problem = 'no-device';
      }
    }
    if (generation !== this.#generation) {
      stream?.getTracks().forEach((track) => track.stop());
      return;
    }
    this.#starting = false;
    this.#preview = stream;
    this.#applyMic();
    // Without a video to wait for, the preview is as ready as it gets.
    if (!stream?.getVideoTracks().length || !this.#choices.cameraOn) this.#ready(generation);
    this.#host.requestUpdate();
    await this.refreshDevices();
    if (generation !== this.#generation) return;
    const { cameras, microphones } = this.#choices.devices;
    if (!problem && stream) {
      if (cameras.length === 0 && microphones.length === 0) problem = 'no-device';
      else if (cameras.length === 0 && this.#choices.cameraOn) problem = 'no-camera';
      else if (microphones.length === 0) problem = 'no-microphone';
    }
    this.#set({ problem });
  }

  /** Stops the preview for good (a bad link, the element leaving the page). */
  stop(): void {
    this.#generation++;
    this.#picker?.stop();
    this.#stopTracks();
    this.#starting = false;
  }

  /**
   * Ends the preview at Join without stopping the camera: returns a stream of its live video track
   * for the call to take over (the service then owns it), and stops everything else. Undefined —
   * everything stopped — when the camera is off, not running, or not the chosen one.
   */
  handOver(): MediaStream | undefined {
    const preview = this.#preview;
    this.#preview = undefined;
    this.stop();
    const chosen = this.#choices.devices.selected.cameraId;
    const video = this.#choices.cameraOn
      ? preview?.getVideoTracks().filter((track) => track.readyState === 'live' && (!chosen || track.getSettings().deviceId === chosen))
      : [];
    for (const track of preview?.getTracks() ?? []) if (!video?.includes(track)) track.stop();
    return video?.length ? new MediaStream(video) : undefined;
  }

  setMic(on: boolean): void {
    this.#choices.micOn = on;
    this.#applyMic();
    this.#host.requestUpdate();
  }

  setCamera(on: boolean): void {
    if (this.#choices.cameraOn === on) return;
    this.#choices.cameraOn = on;
    this.#host.requestUpdate();
    void this.start();
  }

  async refreshDevices(): Promise<void> {
    const t = this.#t();
    const track = (kind: string) => this.#preview?.getTracks().find((candidate) => candidate.kind === kind)?.getSettings().deviceId;
    this.#choices.devices = await listDevices(
      this.#choices.devices,
      { microphone: t.t('setup.microphone'), camera: t.t('setup.camera'), speaker: t.t('setup.speaker') },
      { audio: track('audio'), video: track('video') },
    );
    this.#host.requestUpdate();
  }

  focusName(): void {
    this.#host.renderRoot.querySelector<HTMLInputElement>('#name')?.focus();
  }

  #ready(generation: number): void {
    if (this.#readyGeneration === generation) return;
    this.#readyGeneration = generation;
    this.#hooks.previewReady();
  }

  #onPlaying(): void {
    this.#ready(this.#generation);
    // Web Audio (an AudioContext costs ~10 ms) starts once the first frames are on screen.
    const generation = this.#generation;
    const attach = () => {
      if (generation === this.#generation && this.#choices.micOn) this.#level.attach(this.#preview);
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(attach, { timeout: 500 });
    else setTimeout(attach, 100);
  }

  #set(change: { problem: MediaProblem | undefined }): void {
    this.#problem = change.problem;
    const problem = change.problem;
    if (problem === 'no-camera' || problem === 'no-device' || problem === 'permission-denied') this.#choices.cameraOn = false;
    if (problem === 'no-microphone' || problem === 'no-device' || problem === 'permission-denied') this.#choices.micOn = false;
    this.#host.requestUpdate();
  }

  #applyMic(): void {
    this.#preview?.getAudioTracks().forEach((track) => {
      track.enabled = this.#choices.micOn;
      // The browser's own noise suppression on the preview; the meeting applies its own (deep where offered).
      if (track.getSettings().noiseSuppression !== this.#choices.noiseSuppression) {
        void track.applyConstraints({ ...track.getConstraints(), noiseSuppression: this.#choices.noiseSuppression }).catch(() => undefined);
      }
    });
    if (!this.#choices.micOn || !this.#preview?.getAudioTracks().length) this.#level.attach(undefined);
    else if (this.#preview.getVideoTracks().length === 0 || !this.#choices.cameraOn) this.#level.attach(this.#preview);
    else if (this.#host.renderRoot.querySelector<HTMLVideoElement>('[part="preview"] video')?.readyState) this.#level.attach(this.#preview);
  }

  #stopTracks(): void {
    this.#level.attach(undefined);
    this.#preview?.getTracks().forEach((track) => track.stop());
    this.#preview = undefined;
  }

  #t(): T {
    return new Translator('setup', setupStrings, this.#locale, this.#overrides);
  }

  /** Opens or closes the effects picker; the first opening loads its chunk and the engine. */
  async toggleEffects(): Promise<void> {
    this.#effectsOpen = !this.#effectsOpen;
    this.#host.requestUpdate();
    if (!this.#effectsOpen) return;
    const picker = await this.#loadPicker();
    await picker?.load();
  }

  #loadPicker(): Promise<EffectsPicker | undefined> {
    this.#pickerLoading ??= import('./effects-picker.js').then(
      (module) => {
        this.#hooks.adopt?.(module.effectsPickerStyles);
        this.#picker = new module.EffectsPicker({
          engine: () => this.#hooks.effects?.() ?? Promise.resolve(undefined),
          update: () => this.#host.requestUpdate(),
          picked: (effect) => {
            this.#choices.videoEffect = effect;
            dispatchAcsEvent(this.#host, 'acs-video-effect-changed', { effect });
            this.#host.requestUpdate();
          },
        });
        this.#host.requestUpdate();
        return this.#picker;
      },
      () => {
        this.#pickerLoading = undefined;
        return undefined;
      },
    );
    return this.#pickerLoading;
  }

  #setNoiseSuppression(on: boolean): void {
    this.#choices.noiseSuppression = on;
    this.#applyMic();
    this.#host.requestUpdate();
  }

  /** Plays a short generated chime on the chosen speaker (where the browser can route audio). */
  async #playTestSound(): Promise<void> {
    if (this.#testingSound || typeof AudioContext === 'undefined') return;
    this.#testingSound = true;
    this.#host.requestUpdate();
    const context = new AudioContext();
    const audio = new Audio();
    try {
      const out = context.createMediaStreamDestination();
      const gain = context.createGain();
      gain.connect(out);
      const start = context.currentTime + 0.05;
      let last: OscillatorNode | undefined;
      TEST_TONES.forEach((frequency, index) => {
        const at = start + index * TONE_SECONDS;
        const tone = context.createOscillator();
        tone.type = 'sine';
        tone.frequency.value = frequency;
        tone.connect(gain);
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + TONE_SECONDS - 0.01);
        tone.start(at);
        tone.stop(at + TONE_SECONDS);
        last = tone;
      });
      const ended = new Promise<void>((resolve) => last?.addEventListener('ended', () => resolve(), { once: true }));
      audio.srcObject = out.stream;
      const sink = this.#choices.devices.selected.speakerId;
      if (sink && canPickSpeaker()) {
        await (audio as HTMLAudioElement & { setSinkId(id: string): Promise<void> }).setSinkId(sink).catch(() => undefined);
      }
      await audio.play();
      await ended;
    } catch {
      // No audio output (or autoplay refused): nothing to play; the button comes back.
    } finally {
      audio.pause();
      audio.srcObject = null;
      await context.close().catch(() => undefined);
      this.#testingSound = false;
      this.#host.requestUpdate();
    }
  }

  render(input: SetupInput): TemplateResult {
    this.#locale = input.locale;
    this.#overrides = input.overrides;
    const t = this.#t();
    const choices = this.#choices;
    const { microphones, cameras, speakers, selected } = choices.devices;
    const videoTrack = this.#preview?.getVideoTracks()[0];
    const problem = this.#problem;
    const noMic = problem === 'permission-denied' || problem === 'no-device' || problem === 'no-microphone';
    const noCamera = problem === 'permission-denied' || problem === 'no-device' || problem === 'no-camera';
    const refused = input.guest && input.guestsAllowed === false;
    const waitReason = refused ? t.t('setup.guestsNotAllowed.title') : input.ready ? '' : t.t('setup.checking');
    const select = (id: string, label: string, list: DeviceInfo[], value: string | undefined, kind: keyof DeviceChoices['selected']) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        <select id=${id} @change=${(event: Event) => this.#selectDevice(kind, (event.target as HTMLSelectElement).value)}>
          ${list.length === 0 ? html`<option value="">${t.t('setup.defaultDevice')}</option>` : nothing}
          ${list.map((device) => html`<option value=${device.id} ?selected=${device.id === value}>${device.name}</option>`)}
        </select>
      </div>`;
    const micLabel = choices.micOn ? t.t('setup.mute') : t.t('setup.unmute');
    const cameraLabel = choices.cameraOn ? t.t('setup.cameraTurnOff') : t.t('setup.cameraTurnOn');
    const processed = this.#picker?.previewOf(videoTrack && choices.cameraOn ? this.#preview : undefined, choices.videoEffect);
    const effectsLabel = t.t('setup.effects');
    return html`<div part="setup">
      <div class="heading">
        <h2>${input.title || t.t('setup.title')}</h2>
        ${input.title ? html`<p class="muted">${t.t('setup.title')}</p>` : nothing}
      </div>
      <div class="setup-stage">
        <div class="preview" part="preview" role="group" aria-label=${t.t('setup.preview')}>
          ${processed
            ? html`<div class="processed" data-effect=${choices.videoEffect}>${processed}</div>`
            : videoTrack && choices.cameraOn
            ? html`<video
                .srcObject=${this.#preview ?? null}
                autoplay
                playsinline
                .muted=${true}
                aria-hidden="true"
                @playing=${() => this.#onPlaying()}
              ></video>`
            : html`<div class="camera-off">
                ${choices.name.trim() ? html`<span class="avatar" aria-hidden="true">${initials(choices.name)}</span>` : nothing}
                <p>${choices.cameraOn && this.#starting ? t.t('setup.cameraStarting') : t.t('setup.cameraOff')}</p>
              </div>`}
          <div class="preview-controls">
            <button
              type="button"
              class="toggle round"
              id="setup-mic"
              aria-pressed=${choices.micOn ? 'true' : 'false'}
              aria-label=${micLabel}
              title=${micLabel}
              ?disabled=${noMic}
              @click=${() => this.setMic(!choices.micOn)}
            >
              ${choices.micOn ? icons.mic : icons.micOff}
              <span class="level" aria-hidden="true" ?hidden=${!choices.micOn || noMic}><span class="level-bar"></span></span>
            </button>
            <button
              type="button"
              class="toggle round"
              id="setup-camera"
              aria-pressed=${choices.cameraOn ? 'true' : 'false'}
              aria-label=${cameraLabel}
              title=${cameraLabel}
              ?disabled=${noCamera}
              @click=${() => this.setCamera(!choices.cameraOn)}
            >
              ${choices.cameraOn ? icons.camera : icons.cameraOff}
            </button>
            <button
              type="button"
              class="toggle round"
              id="setup-effects"
              aria-expanded=${this.#effectsOpen ? 'true' : 'false'}
              aria-controls="effects-panel"
              aria-label=${effectsLabel}
              title=${effectsLabel}
              ?disabled=${noCamera}
              @click=${() => void this.toggleEffects()}
            >
              ${icons.effects}
            </button>
          </div>
        </div>
        ${this.#effectsOpen
          ? (this.#picker?.render(t, choices.videoEffect) ?? html`<p class="muted" role="status">${t.t('setup.effects.loading')}</p>`)
          : nothing}
        <details class="settings">
          <summary>${icons.settings}<span>${t.t('setup.settings')}</span></summary>
          <div class="settings-body">
            ${select('mic', t.t('setup.microphone'), microphones, selected.microphoneId, 'microphoneId')}
            ${select('camera', t.t('setup.camera'), cameras, selected.cameraId, 'cameraId')}
            ${canPickSpeaker() ? select('speaker', t.t('setup.speaker'), speakers, selected.speakerId, 'speakerId') : nothing}
            <label class="check">
              <input
                type="checkbox"
                id="noise-suppression"
                aria-describedby="noise-suppression-hint"
                .checked=${choices.noiseSuppression}
                ?disabled=${noMic}
                @change=${(event: Event) => this.#setNoiseSuppression((event.target as HTMLInputElement).checked)}
              />
              <span>${t.t('setup.noiseSuppression')}</span>
              <span id="noise-suppression-hint" class="muted">${t.t('setup.noiseSuppression.hint')}</span>
            </label>
            <button type="button" class="btn test-sound" ?disabled=${this.#testingSound} @click=${() => void this.#playTestSound()}>
              ${this.#testingSound ? t.t('setup.testSoundPlaying') : t.t('setup.testSound')}
            </button>
          </div>
        </details>
      </div>
      <form
        class="setup-form"
        novalidate
        @submit=${(event: Event) => {
          event.preventDefault();
          input.join();
        }}
      >
        ${this.#renderProblem(t)}
        ${refused
          ? html`<div class="notice" role="alert" tabindex="-1" data-problem="guests-not-allowed">
              <strong>${t.t('setup.guestsNotAllowed.title')}</strong>${t.t('setup.guestsNotAllowed.body')}
            </div>`
          : nothing}
        ${input.guest
          ? html`<div class="field">
              <label for="name">${t.t('setup.name')}</label>
              <input
                id="name"
                name="name"
                autocomplete="name"
                maxlength="256"
                required
                aria-describedby="name-hint"
                aria-invalid=${choices.nameInvalid ? 'true' : 'false'}
                .value=${choices.name}
                @input=${(event: Event) => {
                  choices.name = (event.target as HTMLInputElement).value;
                  if (choices.name.trim()) choices.nameInvalid = false;
                  this.#host.requestUpdate();
                }}
                @change=${() => this.#hooks.nameCommitted?.(choices.name)}
              />
              <span id="name-hint" class=${choices.nameInvalid ? 'field-error' : 'muted'}
                >${choices.nameInvalid ? t.t('setup.nameRequired') : t.t('setup.nameHint')}</span
              >
            </div>`
          : nothing}
        <button
          class="btn primary join"
          part="join-button"
          type="submit"
          aria-disabled=${waitReason ? 'true' : 'false'}
          aria-describedby=${waitReason ? 'join-reason' : nothing}
        >
          ${t.t('setup.join')}
        </button>
        ${waitReason ? html`<p id="join-reason" class="muted join-reason">${waitReason}</p>` : nothing}
      </form>
    </div>`;
  }

  #selectDevice(kind: keyof DeviceChoices['selected'], id: string): void {
    this.#choices.devices = { ...this.#choices.devices, selected: { ...this.#choices.devices.selected, [kind]: id || undefined } };
    rememberDevices(this.#choices.devices.selected);
    this.#host.requestUpdate();
    if (kind !== 'speakerId') void this.start();
  }

  #renderProblem(t: T): TemplateResult | typeof nothing {
    switch (this.#problem) {
      case 'permission-denied':
        return html`<div class="notice" role="alert" data-problem="permission-denied">
          <strong>${t.t('setup.permissionDenied.title')}</strong>${t.t('setup.permissionDenied.body')}
        </div>`;
      case 'no-device':
        return html`<div class="notice" role="alert" data-problem="no-device">
          <strong>${t.t('setup.noDevice.title')}</strong>${t.t('setup.noDevice.body')}
        </div>`;
      case 'no-camera':
        return html`<div class="notice" role="status" data-problem="no-camera">${t.t('setup.noCamera')}</div>`;
      case 'no-microphone':
        return html`<div class="notice" role="status" data-problem="no-microphone">${t.t('setup.noMicrophone')}</div>`;
      default:
        return nothing;
    }
  }
}

/** Up to two initials of a name, for the camera-off placeholder. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('');
}

/**
 * The microphone level on the mic toggle: a Web Audio AnalyserNode on the preview's audio track,
 * drawn by setting a CSS variable (no re-render). With prefers-reduced-motion it updates four
 * times a second without easing instead of every frame.
 */
class MicLevel {
  #context?: AudioContext;
  #source?: MediaStreamAudioSourceNode;
  #analyser?: AnalyserNode;
  #stream?: MediaStream;
  #frame?: number;
  #timer?: ReturnType<typeof setTimeout>;
  #samples?: Uint8Array<ArrayBuffer>;

  constructor(private readonly element: () => HTMLElement | null) {}

  attach(stream: MediaStream | undefined): void {
    if (stream === this.#stream) return;
    this.#detach();
    if (!stream?.getAudioTracks().length || typeof AudioContext === 'undefined') return;
    this.#stream = stream;
    try {
      this.#context ??= new AudioContext();
      if (this.#context.state === 'suspended') void this.#context.resume().catch(() => undefined);
      this.#source = this.#context.createMediaStreamSource(stream);
      this.#analyser = this.#context.createAnalyser();
      this.#analyser.fftSize = 512;
      this.#source.connect(this.#analyser);
      this.#samples = new Uint8Array(this.#analyser.fftSize);
    } catch {
      this.#detach();
      return;
    }
    this.#tick();
  }

  #tick = () => {
    const analyser = this.#analyser;
    const samples = this.#samples;
    if (!analyser || !samples) return;
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
    // RMS on a loose log scale: speech sits in the middle of the bar, silence at the bottom.
    const rms = Math.sqrt(sum / samples.length);
    const level = Math.max(0, Math.min(1, (20 * Math.log10(rms + 1e-6) + 60) / 50));
    this.element()?.style.setProperty('--level', level.toFixed(2));
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) this.#timer = setTimeout(this.#tick, 250);
    else this.#frame = requestAnimationFrame(this.#tick);
  };

  #detach(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#frame = undefined;
    this.#timer = undefined;
    this.#source?.disconnect();
    this.#source = undefined;
    this.#analyser = undefined;
    this.#samples = undefined;
    this.#stream = undefined;
    this.element()?.style.setProperty('--level', '0');
    // The context holds no track; closing it frees the audio thread until the next preview.
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}
