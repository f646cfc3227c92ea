import { css } from 'lit';

/** Theme tokens, the frame, and the screens shown outside the call (setup, connecting, ended). */
export const styles = css`
  :host {
    --acs-font-family: 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif;
    --acs-radius: 8px;
    --acs-color-bg: #f5f5f5;
    --acs-color-surface: #ffffff;
    --acs-color-text: #242424;
    --acs-color-text-muted: #5c5c5c;
    --acs-color-border: #d1d1d1;
    --acs-color-primary: #5b5fc7;
    --acs-color-on-primary: #ffffff;
    --acs-color-danger: #c4314b;
    --acs-color-on-danger: #ffffff;
    --acs-color-focus: #4f52b2;
    --acs-color-notice-bg: #fff4ce;
    --acs-color-notice-text: #3d2e00;
    --acs-color-recording-bg: #fde7e9;
    --acs-color-recording-text: #3b0509;
    --acs-tile-bg: #292929;
    --acs-tile-text: #ffffff;
    display: flex;
    flex-direction: column;
    position: relative;
    box-sizing: border-box;
    min-height: var(--acs-min-height, 480px);
    font-family: var(--acs-font-family);
    font-size: 14px;
    line-height: 1.4;
    color: var(--acs-color-text);
    background: var(--acs-color-bg);
    border-radius: var(--acs-radius);
    overflow: hidden;
    container-type: inline-size;
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    --acs-color-bg: #1f1f1f;
    --acs-color-surface: #292929;
    --acs-color-text: #ffffff;
    --acs-color-text-muted: #c8c8c8;
    --acs-color-border: #5c5c5c;
    --acs-color-primary: #5b5fc7;
    --acs-color-focus: #9ea2ff;
    --acs-color-notice-bg: #463100;
    --acs-color-notice-text: #fff4ce;
    --acs-color-recording-bg: #3e1f25;
    --acs-color-recording-text: #ffffff;
    --acs-tile-bg: #141414;
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --acs-color-bg: #1f1f1f;
      --acs-color-surface: #292929;
      --acs-color-text: #ffffff;
      --acs-color-text-muted: #c8c8c8;
      --acs-color-border: #5c5c5c;
      --acs-color-focus: #9ea2ff;
      --acs-color-notice-bg: #463100;
      --acs-color-notice-text: #fff4ce;
      --acs-color-recording-bg: #3e1f25;
      --acs-color-recording-text: #ffffff;
      --acs-tile-bg: #141414;
      color-scheme: dark;
    }
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
    outline: 2px solid var(--acs-color-focus);
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
    color: var(--acs-color-text-muted);
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
    border: 1px solid var(--acs-color-border);
    background: var(--acs-color-surface);
    cursor: pointer;
    font-weight: 600;
  }
  .btn.primary {
    background: var(--acs-color-primary);
    border-color: var(--acs-color-primary);
    color: var(--acs-color-on-primary);
  }
  .btn.danger {
    background: var(--acs-color-danger);
    border-color: var(--acs-color-danger);
    color: var(--acs-color-on-danger);
  }
  .btn:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .spinner {
    width: 32px;
    height: 32px;
    border-radius: 50%;
    border: 3px solid var(--acs-color-border);
    border-top-color: var(--acs-color-primary);
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
  .btn.with-icon {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .btn[aria-pressed='true'] {
    border-color: var(--acs-color-primary);
    box-shadow: inset 0 0 0 1px var(--acs-color-primary);
  }
  .chat-panel {
    width: min(360px, 40%);
    display: flex;
    flex-direction: column;
    border-left: 1px solid var(--acs-color-border);
    background: var(--acs-color-surface);
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
