import { css } from 'lit';

/** Theme tokens and the button: what the page shows before the first click. */
export const styles = css`
  :host {
    --acs-font-family: 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif;
    --acs-radius: 8px;
    --acs-color-surface: #ffffff;
    --acs-color-text: #242424;
    --acs-color-text-muted: #5c5c5c;
    --acs-color-border: #d1d1d1;
    --acs-color-primary: #5b5fc7;
    --acs-color-on-primary: #ffffff;
    --acs-color-danger: #c4314b;
    --acs-color-on-danger: #ffffff;
    --acs-color-focus: #4f52b2;
    --acs-tile-bg: #292929;
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
    font-family: var(--acs-font-family);
    font-size: 14px;
    line-height: 1.4;
    color: var(--acs-color-text);
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    --acs-color-surface: #292929;
    --acs-color-text: #ffffff;
    --acs-color-text-muted: #c8c8c8;
    --acs-color-border: #5c5c5c;
    --acs-color-focus: #9ea2ff;
    --acs-tile-bg: #141414;
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --acs-color-surface: #292929;
      --acs-color-text: #ffffff;
      --acs-color-text-muted: #c8c8c8;
      --acs-color-border: #5c5c5c;
      --acs-color-focus: #9ea2ff;
      --acs-tile-bg: #141414;
      color-scheme: dark;
    }
  }
  .call-button {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    min-height: 40px;
    padding: 8px 18px;
    border: none;
    border-radius: var(--acs-radius);
    background: var(--acs-color-primary);
    color: var(--acs-color-on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .call-button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible {
    outline: 2px solid var(--acs-color-focus);
    outline-offset: 2px;
  }
`;
