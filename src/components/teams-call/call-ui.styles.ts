import { css } from 'lit';

/** The call panel: status, video, controls, dial pad, incoming prompt, end screen, error. */
export const callUiStyles = css`
  .panel {
    box-sizing: border-box;
    width: var(--acs-panel-width, 320px);
    max-width: 100%;
    display: flex;
    flex-direction: column;
    gap: 12px;
    padding: 16px;
    background: var(--_acs-color-surface);
    color: var(--_acs-color-text);
    border: 1px solid var(--_acs-color-border);
    border-radius: var(--_acs-radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 14%);
  }
  .header {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: 48px;
    height: 48px;
    border-radius: 50%;
    background: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
    font-weight: 600;
    font-size: 18px;
  }
  .avatar.ringing {
    animation: acs-pulse 1.2s ease-in-out infinite;
  }
  @keyframes acs-pulse {
    50% {
      box-shadow: 0 0 0 8px color-mix(in srgb, var(--_acs-color-primary) 25%, transparent);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .avatar.ringing {
      animation: none;
    }
  }
  .who {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .status,
  .duration,
  .muted-note {
    margin: 0;
    color: var(--_acs-color-text-muted);
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .stage {
    position: relative;
    aspect-ratio: 16 / 9;
    background: var(--_acs-tile-bg);
    border-radius: calc(var(--_acs-radius) - 2px);
    overflow: hidden;
  }
  .video {
    position: absolute;
    inset: 0;
  }
  .video video,
  .local-video video {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .local-video {
    position: absolute;
    inset-inline-end: 8px;
    bottom: 8px;
    width: 30%;
    aspect-ratio: 16 / 9;
    border-radius: 4px;
    overflow: hidden;
    border: 1px solid rgb(255 255 255 / 60%);
    background: #000;
  }
  .controls,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .controls {
    justify-content: center;
  }
  .ctl,
  .btn,
  .key {
    font: inherit;
    color: var(--_acs-color-text);
    background: var(--_acs-color-surface);
    border: 1px solid var(--_acs-color-border);
    border-radius: var(--_acs-radius);
    cursor: pointer;
  }
  .ctl {
    position: relative;
    display: grid;
    place-items: center;
    width: 44px;
    height: 44px;
    padding: 0;
  }
  .ctl[aria-pressed='true'] {
    background: color-mix(in srgb, var(--_acs-color-primary) 15%, var(--_acs-color-surface));
  }
  .ctl:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .ctl .label {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .hangup,
  .btn.danger {
    background: var(--_acs-color-danger);
    border-color: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    padding: 6px 14px;
  }
  .btn.primary {
    background: var(--_acs-color-primary);
    border-color: var(--_acs-color-primary);
    color: var(--_acs-color-on-primary);
  }
  .dialpad {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .digits {
    min-height: 1.4em;
    color: var(--_acs-color-text-muted);
    font-variant-numeric: tabular-nums;
  }
  .keys {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
  }
  .key {
    min-height: 40px;
    font-size: 18px;
    font-weight: 600;
  }
  .error {
    padding: 8px 12px;
    border-radius: calc(var(--_acs-radius) - 2px);
    background: color-mix(in srgb, var(--_acs-color-danger) 12%, var(--_acs-color-surface));
  }
  .error p {
    margin: 4px 0 0;
  }
  .ended {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .ended .status {
    color: var(--_acs-color-text);
    font-weight: 600;
  }
  /* Incoming call: a modal dialog over the page, centred, that takes focus. */
  dialog.incoming {
    box-sizing: border-box;
    width: min(360px, calc(100vw - 32px));
    padding: 24px;
    border: 1px solid var(--_acs-color-border);
    border-radius: 12px;
    background: var(--_acs-color-surface);
    color: var(--_acs-color-text);
    box-shadow: 0 16px 48px rgba(0, 0, 0, 0.35);
  }
  dialog.incoming::backdrop {
    background: rgba(0, 0, 0, 0.4);
  }
  dialog.incoming .header {
    flex-direction: column;
    text-align: center;
  }
  dialog.incoming .avatar {
    width: 72px;
    height: 72px;
    font-size: 26px;
  }
  dialog.incoming .name {
    font-size: 18px;
  }
  dialog.incoming .actions {
    justify-content: center;
    margin-top: 16px;
  }
  .digit-string {
    font-size: 20px;
    letter-spacing: 0.15em;
    color: var(--_acs-color-text);
  }
`;
