import { css } from 'lit';

/** Styles of the setup screen; adopted with the setup chunk. */
export const setupStyles = css`
  [part='setup'] {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(0, 1.4fr) minmax(240px, 1fr);
    gap: 24px;
    padding: 24px;
    align-items: start;
    overflow: auto;
  }
  @container (max-width: 600px) {
    [part='setup'] {
      grid-template-columns: 1fr;
    }
  }
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
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  .setup-form {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .field label {
    font-weight: 600;
  }
  .field input,
  .field select {
    min-height: 32px;
    padding: 4px 8px;
    border: 1px solid var(--_acs-color-border);
    border-radius: 4px;
    background: var(--_acs-color-surface);
  }
  .field input[aria-invalid='true'] {
    border-color: var(--_acs-color-danger);
  }
  .field-error {
    color: var(--_acs-color-danger-text);
  }
  .toggles {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .toggle {
    flex: 1 1 auto;
    white-space: nowrap;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
  }
  .toggle[aria-pressed='true'] {
    border-color: var(--_acs-color-primary);
    box-shadow: inset 0 0 0 1px var(--_acs-color-primary);
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
`;
