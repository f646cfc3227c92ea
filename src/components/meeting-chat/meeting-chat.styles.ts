import { css } from 'lit';

/** The frame and its notices (tokens and themes: shared/theme.styles.ts). */
export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: var(--acs-chat-height, 100%);
    min-height: var(--acs-chat-min-height, 320px);
    background: var(--_acs-color-bg);
    border-radius: var(--_acs-radius);
    overflow: hidden;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  .chat {
    display: contents;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 4px;
    border: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    color: var(--_acs-color-text);
    padding: 2px 8px;
  }
  button:focus-visible,
  textarea:focus-visible,
  .list:focus-visible {
    outline: 2px solid var(--_acs-color-focus);
    outline-offset: 1px;
  }
  .notice {
    margin: 8px;
    padding: 12px;
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-surface);
    border: 1px solid var(--_acs-color-border);
  }
  .notice.banner {
    margin: 0;
    border-radius: 0;
    border-width: 0 0 1px;
    padding: 8px 12px;
  }
  .center {
    flex: 1;
    display: flex;
    align-items: center;
    justify-content: center;
    text-align: center;
  }
`;
