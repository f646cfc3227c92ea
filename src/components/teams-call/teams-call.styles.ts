import { css } from 'lit';

/** The button: what the page shows before the first click (tokens and themes: shared/theme.styles.ts). */
export const styles = css`
  :host {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
  }
  :host([hidden]) {
    display: none;
  }
  .call-button {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    min-height: 40px;
    padding: 8px 18px;
    border: none;
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .call-button.hangup {
    background: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .hangup-icon {
    transform: rotate(135deg);
  }
  .call-button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible {
    outline: 2px solid var(--_acs-color-focus);
    outline-offset: 2px;
  }
`;
