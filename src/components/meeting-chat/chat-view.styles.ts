import { css } from 'lit';

/** Styles of the message list and composer (adopted when the chat view chunk loads). */
export const viewStyles = css`
  .list {
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    overflow-anchor: none;
    padding: 0;
  }
  .row {
    width: 100%;
    box-sizing: border-box;
    padding: 0 12px;
  }
  .row.date {
    text-align: center;
    padding-top: 12px;
    padding-bottom: 4px;
    color: var(--_acs-color-text-muted);
    font-size: 12px;
  }
  .row.system {
    text-align: center;
    padding-top: 4px;
    padding-bottom: 4px;
    color: var(--_acs-color-text-muted);
    font-size: 12px;
    font-style: italic;
  }
  .row.edge {
    text-align: center;
    padding: 8px 12px;
    color: var(--_acs-color-text-muted);
    font-size: 12px;
  }
  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    padding-top: 2px;
  }
  .message.group-start {
    padding-top: 10px;
  }
  .message.own {
    align-items: flex-end;
  }
  .meta {
    display: flex;
    gap: 6px;
    align-items: baseline;
    font-size: 12px;
    color: var(--_acs-color-text-muted);
  }
  .name {
    font-weight: 600;
    color: var(--_acs-color-text);
  }
  .badge {
    font-size: 11px;
    border: 1px solid var(--_acs-color-border);
    border-radius: 4px;
    padding: 0 4px;
  }
  .bubble {
    max-width: 85%;
    padding: 6px 10px;
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-surface);
    overflow-wrap: anywhere;
  }
  .own .bubble {
    background: var(--_acs-chat-own-bg);
  }
  .text {
    white-space: pre-wrap;
  }
  .html p {
    margin: 0;
  }
  .html a {
    color: var(--_acs-color-link);
  }
  .html pre,
  .html code {
    font-family: ui-monospace, Consolas, monospace;
  }
  .html blockquote {
    margin: 0;
    padding-inline-start: 8px;
    border-inline-start: 3px solid var(--_acs-color-border);
  }
  .html .mention {
    background: var(--_acs-chat-mention-bg);
    color: var(--_acs-chat-mention-text);
    border-radius: 3px;
    padding: 0 2px;
    font-weight: 600;
  }
  .html .acs-inline-image {
    display: inline-block;
    min-width: 64px;
    min-height: 48px;
    max-width: 100%;
    background: var(--_acs-color-bg);
    border: 1px dashed var(--_acs-color-border);
    border-radius: 4px;
    font-size: 12px;
    color: var(--_acs-color-text-muted);
  }
  .html .acs-inline-image img {
    display: block;
    max-width: 100%;
    max-height: 240px;
  }
  .deleted {
    font-style: italic;
    color: var(--_acs-color-text-muted);
  }
  .status {
    font-size: 12px;
    color: var(--_acs-color-text-muted);
    display: flex;
    gap: 6px;
    align-items: center;
  }
  .status.failed {
    color: var(--_acs-color-danger-text);
  }
  .actions {
    display: flex;
    gap: 4px;
    font-size: 12px;
  }
  .actions button {
    font-size: 12px;
    padding: 0 6px;
  }
  .edit textarea {
    width: 100%;
    box-sizing: border-box;
    min-width: 200px;
    font: inherit;
  }
  .typing {
    min-height: 20px;
    padding: 0 12px;
    font-size: 12px;
    color: var(--_acs-color-text-muted);
  }
  .jump {
    position: absolute;
    inset-inline: 0;
    margin-inline: auto;
    width: max-content;
    bottom: 110px;
    background: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
    border: none;
    border-radius: 16px;
    padding: 4px 12px;
    box-shadow: 0 2px 6px rgb(0 0 0 / 25%);
  }
  .composer {
    display: flex;
    gap: 8px;
    padding: 8px 12px 4px;
    border-top: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    align-items: flex-end;
  }
  .composer textarea {
    flex: 1;
    resize: none;
    font: inherit;
    min-height: 36px;
    max-height: 160px;
    box-sizing: border-box;
    padding: 6px 8px;
    border-radius: 4px;
    border: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    color: var(--_acs-color-text);
  }
  .send {
    background: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
    border: none;
    padding: 6px 14px;
  }
  .send:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .composer-foot {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 0 12px 6px;
    font-size: 12px;
    color: var(--_acs-color-text-muted);
    background: var(--_acs-color-surface);
  }
  .composer-foot .limit.over {
    color: var(--_acs-color-danger-text);
    font-weight: 600;
  }
`;
