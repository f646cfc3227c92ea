import { css } from 'lit';

/** The frame and the screens shown outside the call: setup, connecting, ended (tokens and themes: shared/theme.styles.ts). */
export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    position: relative;
    box-sizing: border-box;
    min-height: var(--acs-min-height, 480px);
    background: var(--_acs-color-bg);
    border-radius: var(--_acs-radius);
    overflow: hidden;
    container: acs-meeting / inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 2px solid var(--_acs-color-focus);
    outline-offset: 2px;
  }
  .frame {
    flex: 1;
    display: flex;
    min-height: 0;
  }
  .main {
    container: acs-main / inline-size;
    flex: 1;
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
    position: relative;
  }
  .center {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 12px;
    padding: 24px;
    text-align: center;
  }
  /* Headings get focus only so screen readers announce a new screen; no ring on a non-control. */
  h2[tabindex='-1']:focus {
    outline: none;
  }
  h2 {
    font-size: 20px;
    font-weight: 600;
    margin: 0;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_acs-color-text-muted);
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  .btn {
    min-height: 32px;
    padding: 5px 16px;
    border-radius: 4px;
    border: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    cursor: pointer;
    font-weight: 600;
  }
  .btn.primary {
    background: var(--_acs-color-primary);
    border-color: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
  }
  .btn.danger {
    background: var(--_acs-color-danger);
    border-color: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .btn:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .spinner {
    width: 32px;
    height: 32px;
    border-radius: 50%;
    border: 3px solid var(--_acs-color-border);
    border-top-color: var(--_acs-color-primary);
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }

  .error .btn {
    margin-top: 8px;
  }
  .end-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 8px;
    margin-top: 8px;
  }
  .end-actions .btn {
    min-height: 40px;
    padding: 8px 20px;
  }
  .btn.with-icon {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .btn[aria-pressed='true'] {
    border-color: var(--_acs-color-primary);
    box-shadow: inset 0 0 0 1px var(--_acs-color-primary);
  }
  .chat-panel {
    width: min(360px, 40%);
    display: flex;
    flex-direction: column;
    border-inline-start: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
  }
  /* Below 800 px of the element's own width, chat is a full-size sheet over the meeting. */
  @container acs-meeting (max-width: 799px) {
    .chat-panel {
      position: absolute;
      inset: 0;
      z-index: 5;
      width: auto;
      border-inline-start: 0;
    }
  }
  .chat-panel-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding: 6px 8px 6px 16px;
    border-bottom: 1px solid var(--_acs-color-border);
  }
  .chat-panel-head h2 {
    font-size: 16px;
    flex: 1;
  }
  /* The chat sheet covers the recording banner on a phone: the notice stays in its header. */
  .chat-rec {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 8px;
    border-radius: 999px;
    background: var(--_acs-color-recording-bg);
    color: var(--_acs-color-recording-text);
    font-size: 12px;
    font-weight: 600;
  }
  .chat-rec .rec-dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_acs-color-danger);
  }
  .close-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 36px;
    height: 36px;
    border: 0;
    border-radius: 4px;
    background: transparent;
    cursor: pointer;
  }
  .close-button:hover {
    background: var(--_acs-color-bg);
  }
  .chat-panel ::slotted(*) {
    flex: 1;
    min-height: 0;
  }
  .chat-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 8px 12px;
    font-weight: 600;
  }
`;
