/**
 * The setup (pre-join) screen of `<acs-teams-meeting>`: name, camera preview, device pickers, mic
 * and camera toggles, Join. Uses the browser's own getUserMedia / enumerateDevices, so the preview
 * appears at once while the meeting service loads in the background. Loaded by dynamic import as
 * soon as the element connects (its own small chunk), which keeps the script-tag entry small.
 */
import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import { Translator, type Locale } from '../../i18n/index.js';
import type { DeviceInfo } from '../../services/meeting-service.js';
import { canPickSpeaker, listDevices, type DeviceChoices } from './devices.js';
import { setupStrings, type SetupCatalog } from './setup-strings.js';
export { setupStyles } from './setup-view.styles.js';

/** What the user chose; owned by the element (it joins with it), edited by this screen. */
export interface SetupChoices {
  name: string;
  nameInvalid: boolean;
  micOn: boolean;
  cameraOn: boolean;
  devices: DeviceChoices;
}

export interface SetupInput {
  locale: Locale;
  overrides: Partial<Record<string, string>>;
  /** Teams users have a name already; guests must type one. */
  guest: boolean;
  join(): void;
}

type MediaProblem = 'permission-denied' | 'no-device' | 'no-camera' | 'no-microphone';
type T = Translator<SetupCatalog>;

export class SetupView {
  readonly #host: LitElement;
  readonly #choices: SetupChoices;
  #preview?: MediaStream;
  #starting = false;
  #problem?: MediaProblem;
  #generation = 0;
  #locale: Locale = 'en-US';
  #overrides: Partial<Record<string, string>> = {};

  constructor(host: LitElement, choices: SetupChoices) {
    this.#host = host;
    this.#choices = choices;
  }

  get previewStream(): MediaStream | undefined {
    return this.#preview;
  }

  /** (Re)starts the preview with the current choices; stale attempts stop their own tracks. */
  async start(): Promise<void> {
    const generation = ++this.#generation;
    this.#stopTracks();
    const media = navigator.mediaDevices;
    if (!media?.getUserMedia) {
      this.#set({ problem: 'no-device' });
      return;
    }
    const { microphoneId, cameraId } = this.#choices.devices.selected;
    const audio: MediaTrackConstraints | boolean = microphoneId ? { deviceId: { exact: microphoneId } } : true;
    const video: MediaTrackConstraints | boolean = this.#choices.cameraOn ? (cameraId ? { deviceId: { exact: cameraId } } : true) : false;
    this.#starting = true;
    this.#host.requestUpdate();
    let stream: MediaStream | undefined;
    let problem: MediaProblem | undefined;
    try {
      stream = await media.getUserMedia({ audio, video });
    } catch (error) {
      const name = (error as DOMException | undefined)?.name;
      if (name === 'NotAllowedError' || name === 'SecurityError') {
        problem = 'permission-denied';
      } else {
        // One kind is missing or busy: find out which, and keep the other.
        stream = await media.getUserMedia({ audio, video: false }).catch(() => undefined);
        if (stream) problem = video ? 'no-camera' : undefined;
        else {
          stream = video ? await media.getUserMedia({ audio: false, video }).catch(() => undefined) : undefined;
          problem = stream ? 'no-microphone' : 'no-device';
        }
      }
    }
    if (generation !== this.#generation) {
      stream?.getTracks().forEach((track) => track.stop());
      return;
    }
    this.#starting = false;
    this.#preview = stream;
    this.#applyMic();
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

  /** Stops the preview for good (before joining: the service opens its own tracks). */
  stop(): void {
    this.#generation++;
    this.#stopTracks();
    this.#starting = false;
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

  #set(change: { problem: MediaProblem | undefined }): void {
    this.#problem = change.problem;
    const problem = change.problem;
    if (problem === 'no-camera' || problem === 'no-device' || problem === 'permission-denied') this.#choices.cameraOn = false;
    if (problem === 'no-microphone' || problem === 'no-device' || problem === 'permission-denied') this.#choices.micOn = false;
    this.#host.requestUpdate();
  }

  #applyMic(): void {
    this.#preview?.getAudioTracks().forEach((track) => (track.enabled = this.#choices.micOn));
  }

  #stopTracks(): void {
    this.#preview?.getTracks().forEach((track) => track.stop());
    this.#preview = undefined;
  }

  #t(): T {
    return new Translator('setup', setupStrings, this.#locale, this.#overrides);
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
    const select = (id: string, label: string, list: DeviceInfo[], value: string | undefined, kind: keyof DeviceChoices['selected']) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        <select id=${id} @change=${(event: Event) => this.#selectDevice(kind, (event.target as HTMLSelectElement).value)}>
          ${list.length === 0 ? html`<option value="">${t.t('setup.defaultDevice')}</option>` : nothing}
          ${list.map((device) => html`<option value=${device.id} ?selected=${device.id === value}>${device.name}</option>`)}
        </select>
      </div>`;
    return html`<div part="setup">
      <div class="preview" part="preview" role="img" aria-label=${t.t('setup.preview')}>
        ${videoTrack && choices.cameraOn
          ? html`<video .srcObject=${this.#preview ?? null} autoplay playsinline .muted=${true} aria-hidden="true"></video>`
          : html`<p>${choices.cameraOn && this.#starting ? t.t('setup.cameraStarting') : t.t('setup.cameraOff')}</p>`}
      </div>
      <form
        class="setup-form"
        novalidate
        @submit=${(event: Event) => {
          event.preventDefault();
          input.join();
        }}
      >
        <h2>${t.t('setup.title')}</h2>
        ${this.#renderProblem(t)}
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
              />
              <span id="name-hint" class=${choices.nameInvalid ? 'field-error' : 'muted'}
                >${choices.nameInvalid ? t.t('setup.nameRequired') : t.t('setup.nameHint')}</span
              >
            </div>`
          : nothing}
        <div class="toggles">
          <button
            type="button"
            class="btn toggle"
            id="setup-mic"
            aria-pressed=${choices.micOn ? 'true' : 'false'}
            ?disabled=${noMic}
            @click=${() => this.setMic(!choices.micOn)}
          >
            ${t.t(choices.micOn ? 'setup.micState.on' : 'setup.micState.off')}
          </button>
          <button
            type="button"
            class="btn toggle"
            id="setup-camera"
            aria-pressed=${choices.cameraOn ? 'true' : 'false'}
            ?disabled=${noCamera}
            @click=${() => this.setCamera(!choices.cameraOn)}
          >
            ${t.t(choices.cameraOn ? 'setup.cameraState.on' : 'setup.cameraState.off')}
          </button>
        </div>
        ${select('mic', t.t('setup.microphone'), microphones, selected.microphoneId, 'microphoneId')}
        ${select('camera', t.t('setup.camera'), cameras, selected.cameraId, 'cameraId')}
        ${canPickSpeaker() ? select('speaker', t.t('setup.speaker'), speakers, selected.speakerId, 'speakerId') : nothing}
        <button class="btn primary" part="join-button" type="submit">${t.t('setup.join')}</button>
      </form>
    </div>`;
  }

  #selectDevice(kind: keyof DeviceChoices['selected'], id: string): void {
    this.#choices.devices = { ...this.#choices.devices, selected: { ...this.#choices.devices.selected, [kind]: id || undefined } };
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
