import { css } from 'lit';

const dark = css`
  --acs-color-bg: #1f1f1f;
  --acs-color-surface: #292929;
  --acs-color-text: #ffffff;
  --acs-color-text-muted: #c8c8c8;
  --acs-color-border: #5c5c5c;
  --acs-color-focus: #9ea2ff;
  --acs-chat-own-bg: #3a3d8f;
  --acs-chat-mention-bg: #4a3f00;
  --acs-chat-mention-text: #ffe28a;
  --acs-color-link: #b3b6ff;
  --acs-color-danger: #ff99a4;
  color-scheme: dark;
`;

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
    --acs-color-danger: #b10e1c;
    --acs-color-focus: #4f52b2;
    --acs-color-link: #3d3f9c;
    --acs-chat-own-bg: #e8ebfa;
    --acs-chat-mention-bg: #fff4ce;
    --acs-chat-mention-text: #3d2e00;
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: var(--acs-chat-height, 100%);
    min-height: var(--acs-chat-min-height, 320px);
    font-family: var(--acs-font-family);
    font-size: 14px;
    line-height: 1.4;
    color: var(--acs-color-text);
    background: var(--acs-color-bg);
    border-radius: var(--acs-radius);
    overflow: hidden;
    position: relative;
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
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
    border: 1px solid var(--acs-color-border);
    background: var(--acs-color-surface);
    color: var(--acs-color-text);
    padding: 2px 8px;
  }
  button:focus-visible,
  textarea:focus-visible,
  .list:focus-visible {
    outline: 2px solid var(--acs-color-focus);
    outline-offset: 1px;
  }
  .notice {
    margin: 8px;
    padding: 12px;
    border-radius: var(--acs-radius);
    background: var(--acs-color-surface);
    border: 1px solid var(--acs-color-border);
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
