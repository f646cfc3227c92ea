import { css } from 'lit';

/**
 * Styles of the setup screen; adopted with the setup chunk. Wide (the element's own width, a
 * container query): the preview on the left, title and form centred beside it. Narrow: title,
 * preview, form in one column. The toggles sit on the preview, as in Teams and Whereby.
 */
export const setupStyles = css`
  [part='setup'] {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(0, 1.55fr) minmax(250px, 1fr);
    grid-template-areas: 'stage .' 'stage heading' 'stage form' 'stage .';
    grid-template-rows: 1fr auto auto 1fr;
    column-gap: clamp(20px, 4cqi, 48px);
    row-gap: 16px;
    width: 100%;
    max-width: 1180px;
    margin: 0 auto;
    padding: clamp(16px, 3cqi, 32px);
    overflow: auto;
  }
  .heading {
    grid-area: heading;
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 0;
  }
  .heading h2 {
    font-size: 22px;
    line-height: 1.25;
    overflow-wrap: anywhere;
  }
  .setup-stage {
    grid-area: stage;
    align-self: center;
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }
  .setup-form {
    grid-area: form;
    display: flex;
    flex-direction: column;
    gap: 14px;
    min-width: 0;
  }

  /* The preview and the toggles on it. */
  .preview {
    position: relative;
    aspect-ratio: 16 / 9;
    background: var(--_acs-tile-bg);
    color: var(--_acs-tile-text);
    border-radius: var(--_acs-radius);
    overflow: hidden;
    display: flex;
    align-items: center;
    justify-content: center;
  }
  .preview video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  .camera-off {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 12px;
    padding: 16px 16px 72px;
    text-align: center;
  }
  .avatar {
    display: grid;
    place-items: center;
    width: 72px;
    height: 72px;
    border-radius: 50%;
    background: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
    font-size: 26px;
    font-weight: 600;
  }
  .preview-controls {
    position: absolute;
    inset-inline: 0;
    bottom: 0;
    display: flex;
    justify-content: center;
    gap: 12px;
    padding: 24px 12px 12px;
    background: linear-gradient(to top, rgb(0 0 0 / 0.45), transparent);
    pointer-events: none;
  }
  .round {
    pointer-events: auto;
    position: relative;
    width: 48px;
    height: 48px;
    display: grid;
    place-items: center;
    padding: 0;
    border-radius: 50%;
    border: 1px solid rgb(255 255 255 / 0.35);
    background: rgb(32 31 30 / 0.72);
    color: #fff;
    cursor: pointer;
  }
  .round:hover:not(:disabled) {
    background: rgb(32 31 30 / 0.88);
  }
  /* Off reads as off at a glance: red, and the icon has a slash. */
  .round[aria-pressed='false'] {
    background: var(--_acs-color-danger);
    border-color: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .round:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .round:focus-visible {
    outline: 2px solid #fff;
    outline-offset: 2px;
    box-shadow: 0 0 0 4px var(--_acs-color-focus);
  }
  /* The microphone level: a bar under the icon, scaled by --level (0..1) from script. */
  .level {
    position: absolute;
    inset-inline: 12px;
    bottom: 8px;
    height: 3px;
    border-radius: 2px;
    background: rgb(255 255 255 / 0.25);
    overflow: hidden;
  }
  .level-bar {
    display: block;
    height: 100%;
    background: #6bb700;
    transform-origin: left;
    transform: scaleX(var(--level, 0));
  }
  /* The level grows from the inline start: from the right in a right-to-left language. */
  .level-bar:dir(rtl) {
    transform-origin: 100% 50%;
  }
  @media (prefers-reduced-motion: no-preference) {
    .level-bar {
      transition: transform 60ms linear;
    }
  }

  /* Audio and video settings: compact, under the preview. */
  .settings {
    border: 1px solid var(--_acs-color-border);
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-surface);
  }
  .settings summary {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 40px;
    padding: 8px 12px;
    cursor: pointer;
    font-weight: 600;
    list-style: none;
  }
  .settings summary::-webkit-details-marker {
    display: none;
  }
  .settings summary::after {
    content: '';
    margin-inline-start: auto;
    width: 8px;
    height: 8px;
    border-inline-end: 2px solid currentColor;
    border-bottom: 2px solid currentColor;
    transform: rotate(45deg) translateY(-2px);
  }
  .settings[open] summary::after {
    transform: rotate(-135deg) translateY(-2px);
  }
  /* The chevron is two borders, end and bottom: right-to-left the end is on the left, so the
     rotation mirrors too and it still points down (closed) or up (open). */
  .settings summary:dir(rtl)::after {
    transform: rotate(-45deg) translateY(-2px);
  }
  .settings[open] summary:dir(rtl)::after {
    transform: rotate(135deg) translateY(-2px);
  }
  .settings-body {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: 12px;
    padding: 4px 12px 12px;
    align-items: end;
  }
  .check {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 8px;
    align-items: center;
  }
  .check .muted {
    grid-column: 2;
    font-size: 0.85em;
  }
  .preview .processed,
  .preview .processed > * {
    inline-size: 100%;
    block-size: 100%;
  }
  .test-sound {
    justify-self: start;
    min-height: 36px;
    white-space: nowrap;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }
  .field label {
    font-weight: 600;
  }
  .field input,
  .field select {
    min-height: 36px;
    padding: 4px 8px;
    border: 1px solid var(--_acs-color-border);
    border-radius: 4px;
    background: var(--_acs-color-surface);
    min-width: 0;
    width: 100%;
  }
  .field input[aria-invalid='true'] {
    border-color: var(--_acs-color-danger);
  }
  .field-error {
    color: var(--_acs-color-danger-text);
  }
  .join {
    min-height: 44px;
    font-size: 16px;
    font-weight: 600;
  }
  .join[aria-disabled='true'] {
    opacity: 0.65;
    cursor: progress;
  }
  .join-reason {
    margin-top: -6px;
    font-size: 13px;
  }
  .notice {
    padding: 8px 12px;
    border-radius: 4px;
    background: var(--_acs-color-notice-bg);
    color: var(--_acs-color-notice-text);
  }
  .notice strong {
    display: block;
  }

  /* Narrow (last, so it wins over the rules above): one column, a taller preview. */
  @container (max-width: 639px) {
    [part='setup'] {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: 'heading' 'stage' 'form';
      grid-template-rows: auto;
      align-content: start;
      padding: 16px;
    }
    .preview {
      aspect-ratio: 4 / 3;
    }
  }
  /* Phone width: a portrait preview, as in Meet and Teams mobile, that still leaves Join in view. */
  @container (max-width: 479px) {
    .preview {
      aspect-ratio: 3 / 4;
      max-height: 56svh;
    }
  }
`;
