/**
 * The background effects picker of `<acs-teams-meeting>` (None, Blur, built-in backgrounds) and the
 * live preview of the chosen effect on a camera stream. Its own chunk, loaded only when the user
 * opens the picker; the engine it drives comes from the meeting service (`videoEffects()`): the
 * emulator's canvas effects, or the SDK adapter with @azure/communication-calling-effects.
 *
 * When the engine says effects cannot run here, the choices are not shown; the picker says why.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { Translator, type Locale } from '../../i18n/index.js';
import {
  BACKGROUND_IMAGES,
  VIDEO_EFFECTS,
  type EffectPreview,
  type EffectsSupport,
  type VideoEffect,
  type VideoEffectsEngine,
} from '../../services/video-effects.js';
import { setupStrings, type SetupCatalog } from './setup-strings.js';

/** The picker's strings (namespace `setup`) for the in-call UI, which does not load the setup chunk. */
export function setupTranslator(locale: Locale, overrides: Partial<Record<string, string>>): Translator<SetupCatalog> {
  return new Translator('setup', setupStrings, locale, overrides);
}
export type SetupTranslator = typeof setupTranslator;

export interface EffectsPickerOptions {
  /** The backend's engine (undefined when the backend has none). */
  engine(): Promise<VideoEffectsEngine | undefined>;
  /** Re-render the host. */
  update(): void;
  /** The user picked an effect (the host stores it, fires `acs-video-effect-changed`). */
  picked(effect: VideoEffect): void;
}

type Status = 'loading' | 'ready' | 'failed';

/**
 * The picker's styles (adopted by the host when the chunk loads). Swatches are classes, not inline
 * styles, so a strict CSP (no 'unsafe-inline' styles) works; they only hint at the pictures, which
 * the engine draws at run time.
 */
export const effectsPickerStyles = css`
  .effects {
    display: grid;
    gap: 8px;
  }
  .effect-choices {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .effect-choice {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    gap: 4px;
    padding: 4px;
    border: 2px solid transparent;
    border-radius: var(--acs-radius, 8px);
    cursor: pointer;
    font-size: 0.85em;
  }
  .effect-choice:has(input:checked) {
    border-color: var(--_acs-color-primary);
  }
  .effect-choice:has(input:focus-visible) {
    outline: 2px solid var(--_acs-color-focus);
    outline-offset: 2px;
  }
  .effect-choice input {
    position: absolute;
    opacity: 0;
    inline-size: 1px;
    block-size: 1px;
  }
  .swatch {
    display: block;
    inline-size: 64px;
    block-size: 40px;
    border-radius: 4px;
  }
  .swatch[data-effect='none'] {
    background: linear-gradient(135deg, #c8c6c4, #8a8886);
  }
  .swatch[data-effect='blur'] {
    background: radial-gradient(circle, #8a8886 30%, #c8c6c4 80%);
  }
  .swatch[data-effect='image:office'] {
    background: linear-gradient(180deg, #e8e4dc 70%, #7a5c3e 70%);
  }
  .swatch[data-effect='image:shelves'] {
    background: repeating-linear-gradient(90deg, #b5523b 0 6px, #2f6f8f 6px 12px, #d9a441 12px 18px, #4a3324 18px 20px);
  }
  .swatch[data-effect='image:sunset'] {
    background: linear-gradient(180deg, #2b1a4f, #c8456b 45%, #f59e4c 70%, #2a2a40);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

export class EffectsPicker {
  readonly #options: EffectsPickerOptions;
  #engine?: VideoEffectsEngine;
  #support?: EffectsSupport;
  #status: Status = 'loading';
  #preview?: EffectPreview;
  #previewSource?: MediaStream;
  #previewEffect: VideoEffect = 'none';
  #previewFailed = false;
  #generation = 0;
  #loading?: Promise<void>;

  constructor(options: EffectsPickerOptions) {
    this.#options = options;
  }

  /** What the engine said about this browser and service, once known. */
  get support(): EffectsSupport | undefined {
    return this.#support;
  }

  /** Loads the engine and asks what runs here (once). */
  load(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        this.#engine = await this.#options.engine();
        // No engine: the meeting service (e.g. a page's own serviceFactory backend) offers no
        // effects, whatever the browser could do.
        this.#support = this.#engine ? await this.#engine.support() : { video: false, videoReason: 'service', noiseSuppression: false };
        this.#status = 'ready';
      } catch {
        this.#status = 'failed';
        this.#support = { video: false, videoReason: 'failed', noiseSuppression: false };
      }
      this.#options.update();
    })();
    return this.#loading;
  }

  /**
   * The element to show instead of the raw camera: the processed preview of `source` with `effect`
   * once it runs; undefined for 'none', while it starts, or when it failed (the raw camera shows).
   */
  previewOf(source: MediaStream | undefined, effect: VideoEffect): HTMLElement | undefined {
    const engine = this.#engine;
    if (!source || effect === 'none' || !engine || !this.#support?.video) {
      this.#stopPreview();
      return undefined;
    }
    if (source !== this.#previewSource) {
      this.#stopPreview();
      this.#previewSource = source;
      this.#previewEffect = effect;
      this.#previewFailed = false;
      const generation = this.#generation;
      engine.preview(source, effect).then(
        (preview) => {
          if (generation !== this.#generation) return preview.stop();
          this.#preview = preview;
          if (this.#previewEffect !== effect) void this.#setEffect(preview, this.#previewEffect);
          this.#options.update();
        },
        () => {
          if (generation !== this.#generation) return;
          this.#previewFailed = true;
          this.#options.update();
        },
      );
    } else if (effect !== this.#previewEffect) {
      this.#previewEffect = effect;
      if (this.#preview) void this.#setEffect(this.#preview, effect);
    }
    return this.#previewFailed ? undefined : this.#preview?.view.element;
  }

  async #setEffect(preview: EffectPreview, effect: VideoEffect): Promise<void> {
    try {
      await preview.setEffect(effect);
    } catch {
      this.#previewFailed = true;
      this.#options.update();
    }
  }

  #stopPreview(): void {
    this.#generation++;
    this.#preview?.stop();
    this.#preview = undefined;
    this.#previewSource = undefined;
  }

  /** Stops the processed preview (the raw camera is the host's). */
  stop(): void {
    this.#stopPreview();
  }

  /** The picker: the choices as a radio group, or why there are none. */
  render(t: Translator<SetupCatalog>, effect: VideoEffect): TemplateResult {
    const support = this.#support;
    let body: TemplateResult;
    if (this.#status === 'loading') {
      body = html`<p class="muted" role="status">${t.t('setup.effects.loading')}</p>`;
    } else if (!support?.video) {
      const reason = support?.videoReason ?? 'failed';
      const key = reason === 'browser' ? 'setup.effects.unavailable.browser' : reason === 'service' ? 'setup.effects.unavailable.service' : 'setup.effects.failed';
      body = html`<p class="notice" role="status" data-effects-unavailable=${reason}>${t.t(key)}</p>`;
    } else {
      body = html`<fieldset class="effect-choices">
          <legend class="visually-hidden">${t.t('setup.effects')}</legend>
          ${VIDEO_EFFECTS.map(
            (choice) => html`<label class="effect-choice">
              <input
                type="radio"
                name="video-effect"
                .value=${choice}
                .checked=${choice === effect}
                @change=${() => this.#options.picked(choice)}
              />
              <span class="swatch" aria-hidden="true" data-effect=${choice}></span>
              <span>${t.t(labelKey(choice))}</span>
            </label>`,
          )}
        </fieldset>
        ${this.#previewFailed ? html`<p class="notice" role="alert">${t.t('setup.effects.failed')}</p>` : nothing}`;
    }
    return html`<div class="effects" part="effects" id="effects-panel" role="group" aria-label=${t.t('setup.effects')}>${body}</div>`;
  }
}

function labelKey(effect: VideoEffect): keyof SetupCatalog {
  if (effect === 'none') return 'setup.effects.none';
  if (effect === 'blur') return 'setup.effects.blur';
  const image = BACKGROUND_IMAGES.find((id) => effect === `image:${id}`) ?? 'office';
  return `setup.effects.${image}`;
}
