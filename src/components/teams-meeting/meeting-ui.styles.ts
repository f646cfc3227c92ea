import { css } from 'lit';

/** Styles of the in-call screens; adopted into the element's shadow root with the meeting-ui chunk. */
export const meetingUiStyles = css`
  .call {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-height: 0;
    position: relative;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .banner {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
    font-weight: 600;
  }
  .compliance {
    background: var(--_acs-color-recording-bg);
    color: var(--_acs-color-recording-text);
  }
  .banner-text {
    flex: 1;
  }
  .breakout-ends {
    margin-inline-start: 8px;
    font-weight: 400;
  }
  .banner .icon-button {
    color: inherit;
  }
  .compliance-indicator {
    position: absolute;
    top: 8px;
    inset-inline-end: 8px;
    z-index: 3;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 10px;
    border-radius: 999px;
    background: var(--_acs-color-recording-bg);
    color: var(--_acs-color-recording-text);
    font-size: 12px;
    font-weight: 600;
  }
  .rec-dot {
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_acs-color-text-muted);
  }
  .rec-dot.on {
    background: var(--_acs-color-danger);
  }
  .notice {
    background: var(--_acs-color-notice-bg);
    color: var(--_acs-color-notice-text);
  }
  .notice[data-diagnostic='network'] {
    flex-wrap: wrap;
  }
  .notice[data-diagnostic='network'] .btn {
    margin-inline-start: auto;
    font-weight: 600;
  }
  .consent {
    margin: 12px;
    padding: 16px;
    border-radius: var(--_acs-radius);
    border: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .consent h2 {
    font-size: 16px;
  }
  .actions {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
  }
  .call-body {
    position: relative;
    flex: 1;
    display: flex;
    min-height: 0;
  }
  .content {
    container: acs-content / inline-size;
    position: relative;
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 8px;
    min-width: 0;
    min-height: 0;
  }
  .stage {
    flex: 3;
    margin: 0;
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--_acs-tile-bg);
    color: var(--_acs-tile-text);
    border-radius: var(--_acs-radius);
    overflow: hidden;
  }
  .stage-video {
    flex: 1;
    display: flex;
    align-items: center;
    justify-content: center;
    min-height: 0;
  }
  .stage figcaption {
    padding: 4px 8px;
  }
  .stage.self-share {
    flex: none;
    padding: 8px 12px;
  }
  .gallery {
    flex: 1;
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    /* Rows share the height the gallery has (video is cropped to fit, as in Teams). */
    grid-auto-rows: minmax(120px, 1fr);
    gap: 8px;
    min-height: 0;
    overflow: auto;
  }
  .gallery > .tile {
    container-type: size;
  }
  .gallery > .tile > .avatar {
    --size: min(56px, 42cqh);
    width: var(--size);
    height: var(--size);
    font-size: calc(var(--size) * 0.36);
    margin-bottom: min(24px, 18cqh);
  }
  .gallery[data-columns='2'] {
    grid-template-columns: repeat(2, minmax(0, 1fr));
  }
  .gallery[data-columns='3'] {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }
  .gallery[data-columns='4'] {
    grid-template-columns: repeat(4, minmax(0, 1fr));
  }
  @container acs-content (max-width: 560px) {
    .gallery[data-columns] {
      grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    }
  }
  .gallery.strip,
  .gallery.strip[data-columns] {
    flex: 1;
    grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
    grid-auto-rows: 100px;
    align-content: start;
  }
  .gallery.strip > .tile {
    aspect-ratio: auto;
  }
  .tile {
    position: relative;
    display: flex;
    align-items: center;
    justify-content: center;
    min-height: 0;
    background: var(--_acs-tile-bg);
    color: var(--_acs-tile-text);
    border-radius: var(--_acs-radius);
    overflow: hidden;
    outline: 2px solid transparent;
  }
  .tile.speaking {
    outline: 3px solid var(--_acs-color-primary);
    outline-offset: -3px;
  }
  .video,
  .video > *,
  .stage-video > * {
    width: 100%;
    height: 100%;
  }
  .video video,
  .video canvas,
  .stage-video video,
  .stage-video canvas {
    width: 100%;
    height: 100%;
    object-fit: cover;
    display: block;
  }
  .stage-video video,
  .stage-video canvas {
    object-fit: contain;
  }
  .video.mirror {
    transform: scaleX(-1);
  }
  /* Icons that point one way (a speech bubble's tail) face the other way right-to-left. */
  .flip-rtl:dir(rtl) {
    transform: scaleX(-1);
  }
  .avatar {
    width: 56px;
    height: 56px;
    border-radius: 50%;
    display: flex;
    align-items: center;
    justify-content: center;
    background: #5b5fc7;
    color: #ffffff;
    font-weight: 600;
    font-size: 20px;
    flex: none;
  }
  .people .avatar {
    width: 32px;
    height: 32px;
    font-size: 13px;
  }
  .tile-label {
    position: absolute;
    inset-inline-start: 6px;
    bottom: 6px;
    max-width: calc(100% - 12px);
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 2px 6px;
    border-radius: 4px;
    background: rgba(0, 0, 0, 0.65);
    color: #ffffff;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .badge {
    display: inline-flex;
  }
  .badge svg {
    width: 16px;
    height: 16px;
  }
  .badge.hand {
    color: #ffd335;
  }
  /* Tile labels sit on a dark scrim: amber and red that keep 3:1 against it. */
  .badge.network[data-level='poor'] {
    color: #ffb900;
  }
  .badge.network[data-level='bad'] {
    color: #ff6b6b;
  }
  /* A reaction rises over the sender's tile and fades, as in Teams. */
  .reaction {
    position: absolute;
    /* Centred without a physical side, so it needs no mirroring. */
    inset-inline: 0;
    margin-inline: auto;
    width: fit-content;
    bottom: 20%;
    display: inline-flex;
    z-index: 1;
    filter: drop-shadow(0 2px 4px rgba(0, 0, 0, 0.4));
    animation: float-up 4s ease-out forwards;
    pointer-events: none;
  }
  .reaction svg {
    width: min(56px, 40cqh);
    height: min(56px, 40cqh);
  }
  @keyframes float-up {
    0% {
      transform: translateY(30%) scale(0.6);
      opacity: 0;
    }
    12% {
      transform: translateY(0) scale(1.1);
      opacity: 1;
    }
    75% {
      opacity: 1;
    }
    100% {
      transform: translateY(-120%) scale(1);
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .reaction {
      animation: none;
      transform: none;
    }
  }
  .tile.self {
    border: 1px solid var(--_acs-color-border);
  }
  .tile.self.pip {
    position: absolute;
    inset-inline-end: 16px;
    bottom: 16px;
    width: clamp(120px, 22%, 240px);
    aspect-ratio: 16 / 9;
    z-index: 1;
    border: 1px solid var(--_acs-color-border);
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.35);
  }
  .tile.self.pip {
    touch-action: none;
    cursor: grab;
  }
  .tile.self.pip[data-corner='bottom-start'] {
    inset-inline-end: auto;
    inset-inline-start: 16px;
  }
  .tile.self.pip[data-corner='top-end'] {
    bottom: auto;
    top: 16px;
  }
  .tile.self.pip[data-corner='top-start'] {
    bottom: auto;
    top: 16px;
    inset-inline-end: auto;
    inset-inline-start: 16px;
  }
  /* Narrow: a phone-style portrait picture, the size of a thumb. */
  .gallery[data-narrow] > .tile.self.pip {
    width: clamp(88px, 28%, 120px);
    aspect-ratio: 3 / 4;
  }
  .gallery[data-narrow] {
    grid-auto-rows: minmax(140px, 1fr);
  }
  .pip-move {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
    width: 28px;
    height: 28px;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: rgba(0, 0, 0, 0.6);
    color: #ffffff;
    cursor: pointer;
  }
  .pip-move svg {
    width: 16px;
    height: 16px;
  }
  /* Pin / Unpin on each tile: on hover or focus with a mouse, always there on touch screens. */
  .tile-pin {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
    width: 32px;
    height: 32px;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: rgba(0, 0, 0, 0.6);
    color: #ffffff;
    cursor: pointer;
  }
  .tile-pin svg {
    width: 16px;
    height: 16px;
  }
  .tile-pin:focus-visible {
    outline: 2px solid #ffffff;
    outline-offset: 1px;
  }
  @media (hover: hover) {
    .tile:not(:hover):not(:focus-within):not([data-pinned]) > .tile-pin {
      opacity: 0;
    }
  }
  /* Spotlighted and pinned people, large, above the gallery (which becomes a strip). */
  .stage.spotlight {
    list-style: none;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 220px), 1fr));
    grid-auto-rows: minmax(0, 1fr);
    gap: 8px;
    background: none;
    overflow: auto;
  }
  .stage.spotlight > .tile {
    min-height: 120px;
  }
  .badge.spotlight {
    color: #ffd335;
  }
  .tile.self.pip .avatar {
    width: 40px;
    height: 40px;
    font-size: 15px;
  }
  .overflow-button {
    width: 100%;
    height: 100%;
    background: transparent;
    border: 0;
    color: inherit;
    font-size: 24px;
    font-weight: 600;
    cursor: pointer;
  }
  .alone {
    display: flex;
    align-items: center;
    justify-content: center;
  }
  .captions {
    margin: 0 8px;
    padding: 8px 12px;
    border-radius: var(--_acs-radius);
    background: rgba(0, 0, 0, 0.8);
    color: #ffffff;
    min-height: 3em;
  }
  .captions .muted {
    color: #e0e0e0;
  }
  .captions .partial {
    opacity: 0.85;
  }
  .controls-wrap {
    position: relative;
    display: flex;
    justify-content: center;
    padding: 8px;
  }
  /* One row, always: what does not fit is in "More" (see control-bar.ts). */
  .controls {
    display: flex;
    flex-wrap: nowrap;
    justify-content: center;
    gap: 4px;
    padding: 4px;
    max-width: 100%;
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-surface);
    border: 1px solid var(--_acs-color-border);
  }
  .ctl {
    position: relative;
    flex: none;
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    justify-content: flex-start;
    gap: 2px;
    width: 84px;
    min-height: 52px;
    padding: 7px 4px 5px;
    border: 0;
    border-radius: 6px;
    background: transparent;
    cursor: pointer;
    font-size: 12px;
    line-height: 1.2;
  }
  .ctl-label {
    max-width: 100%;
    overflow: hidden;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    text-align: center;
    overflow-wrap: break-word;
    hyphens: auto;
  }
  /* Narrow: round icon buttons, as on a phone; the label stays the accessible name and the tooltip. */
  .controls-wrap[data-labels='off'] .ctl {
    width: 48px;
    min-height: 48px;
    justify-content: center;
    padding: 6px;
    border-radius: 50%;
  }
  .controls-wrap[data-labels='off'] .ctl.danger {
    border-radius: 24px;
  }
  .controls-wrap[data-labels='off'] .ctl-label {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .controls-wrap[data-labels='off'] .count {
    top: 0;
    inset-inline-end: 0;
  }
  .ctl:hover {
    background: var(--_acs-color-bg);
  }
  .ctl[aria-pressed='true'],
  .ctl[aria-expanded='true'],
  .ctl.active {
    background: var(--_acs-color-bg);
    box-shadow: inset 0 -2px 0 var(--_acs-color-primary);
  }
  /* "You are muted" / "your camera is off": a colour of its own, never the pressed underline. */
  .ctl.off,
  .menu-item.off {
    background: light-dark(#fde7e9, #4a1c24);
    color: light-dark(#a4262c, #ffb3bb);
  }
  .ctl.off:hover {
    background: light-dark(#fbd5d9, #5c2430);
  }
  .ctl[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .ctl.danger {
    background: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .ctl.danger:hover {
    background: light-dark(#a4262c, #d13438);
  }
  /* A new message while the chat is closed: a bubble above the bar, for a few seconds. */
  .chat-preview {
    position: absolute;
    bottom: calc(100% - 2px);
    inset-inline-end: 12px;
    z-index: 2;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    max-width: min(320px, calc(100% - 24px));
    padding: 8px 12px;
    border: 1px solid var(--_acs-color-border);
    border-radius: 12px 12px 4px 12px;
    background: var(--_acs-color-surface);
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
    cursor: pointer;
    text-align: start;
    animation: pop-in 0.2s ease-out;
  }
  .preview-text {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Movement only: a fading bubble would be measured mid-fade by contrast checkers and readers alike. */
  @keyframes pop-in {
    from {
      transform: translateY(8px);
    }
  }
  .more-menu {
    inset-inline-end: 8px;
    flex-direction: column;
    min-width: 220px;
    max-height: min(60vh, 420px);
    overflow: auto;
    padding: 4px;
  }
  .menu-item {
    position: relative;
    display: flex;
    align-items: center;
    gap: 10px;
    width: 100%;
    min-height: 40px;
    padding: 6px 10px;
    border: 0;
    border-radius: 4px;
    background: transparent;
    cursor: pointer;
    text-align: start;
  }
  .menu-item:hover,
  .menu-item:focus-visible {
    background: var(--_acs-color-bg);
  }
  .menu-item .menu-label {
    flex: 1;
  }
  .menu-item .count {
    position: static;
  }
  .menu-item kbd {
    font: inherit;
    font-size: 11px;
    color: var(--_acs-color-text-muted);
  }
  .timer {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-variant-numeric: tabular-nums;
    font-size: 13px;
  }
  .live-dot {
    width: 8px;
    height: 8px;
    background: #13a10e;
  }
  /* The timer sits in the top-start corner of the video area, where no name label or face is. */
  .content > .timer {
    position: absolute;
    top: 14px;
    inset-inline-start: 14px;
    transform: none;
    padding: 2px 8px;
    border-radius: 999px;
    background: rgba(0, 0, 0, 0.65);
    color: #ffffff;
    z-index: 2;
  }
  .dialog {
    max-width: min(420px, calc(100% - 32px));
    padding: 20px;
    border: 1px solid var(--_acs-color-border);
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-surface);
    color: var(--_acs-color-text);
  }
  .dialog::backdrop {
    background: rgba(0, 0, 0, 0.45);
  }
  .dialog h2 {
    font-size: 18px;
    margin-bottom: 4px;
  }
  .shortcuts {
    margin: 12px 0 16px;
    display: grid;
    gap: 8px;
  }
  .shortcuts div {
    display: flex;
    gap: 12px;
    align-items: baseline;
  }
  .shortcuts dt {
    flex: none;
    min-width: 120px;
  }
  .shortcuts dd {
    margin: 0;
  }
  kbd {
    font-family: inherit;
    font-size: 12px;
    padding: 1px 6px;
    border: 1px solid var(--_acs-color-border);
    border-bottom-width: 2px;
    border-radius: 4px;
    background: var(--_acs-color-bg);
  }
  .count {
      top: 0;
      inset-inline-end: 0;
    }
  }
  .ctl:hover {
    background: var(--_acs-color-bg);
  }
  .ctl[aria-pressed='true'] {
    background: var(--_acs-color-bg);
    box-shadow: inset 0 -2px 0 var(--_acs-color-primary);
  }
  .ctl[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .ctl.danger {
    background: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .count {
    position: absolute;
    top: 2px;
    inset-inline-end: 8px;
    min-width: 18px;
    padding: 0 4px;
    border-radius: 9px;
    background: var(--_acs-color-bg);
    color: var(--_acs-color-text);
    font-size: 11px;
    line-height: 18px;
  }
  .count.unread {
    background: var(--_acs-color-danger);
    color: var(--_acs-color-on-danger);
  }
  .popup {
    position: absolute;
    bottom: calc(100% - 4px);
    z-index: 2;
    display: flex;
    gap: 4px;
    padding: 8px;
    border-radius: var(--_acs-radius);
    background: var(--_acs-color-surface);
    border: 1px solid var(--_acs-color-border);
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.2);
  }
  .popup.devices {
    flex-direction: column;
    min-width: 260px;
  }
  .popup .noise-check {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .popup.effects-menu {
    max-inline-size: min(420px, 100%);
  }
  .reaction-button,
  .icon-button {
    display: inline-flex;
    min-width: 32px;
    min-height: 32px;
    align-items: center;
    justify-content: center;
    padding: 6px;
    border: 0;
    border-radius: 4px;
    background: transparent;
    cursor: pointer;
  }
  .reaction-button:hover {
    transform: scale(1.15);
  }
  .reaction-button:hover,
  .icon-button:hover {
    background: var(--_acs-color-bg);
  }
  /* Below 800 px of the element's own width, panels are a sheet over the whole video area (banners and the bar stay). */
  @container acs-meeting (max-width: 799px) {
    .panel {
      position: absolute;
      inset: 0;
      z-index: 4;
      width: auto !important;
      border-inline-start: 0;
    }
  }
  .panel {
    width: min(320px, 45%);
    display: flex;
    flex-direction: column;
    border-inline-start: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    overflow: auto;
  }
  .panel-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 8px 12px;
  }
  .panel h2 {
    font-size: 16px;
  }
  .panel h3 {
    font-size: 13px;
    margin: 8px 12px 4px;
    color: var(--_acs-color-text-muted);
  }
  .people {
    list-style: none;
    margin: 0;
    padding: 0 8px;
  }
  .people li {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 4px;
  }
  .person-name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .kind {
    font-size: 12px;
    margin-inline-start: 4px;
  }
  .person-actions,
  .person-status {
    display: inline-flex;
    gap: 4px;
  }
  /* The theme sets color-scheme (auto included), which picks the readable shade. */
  .person-status .badge.hand,
  .person-status .badge.spotlight {
    color: light-dark(#8a6100, #ffd335);
  }
  .btn.small {
    min-height: 28px;
    padding: 2px 10px;
  }
  /* At the top edge of the video area, at most two short lines: faces are mid-tile, name labels and the bar at the bottom. */
  .toasts {
    position: absolute;
    top: 4px;
    inset-inline: 0;
    margin-inline: auto;
    width: max-content;
    max-width: calc(100% - 24px);
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 4px;
    pointer-events: none;
    z-index: 3;
  }
  .toast {
    max-width: 100%;
    padding: 4px 12px;
    border-radius: 999px;
    border: 1px solid var(--_acs-color-border);
    background: var(--_acs-color-surface);
    color: var(--_acs-color-text);
    font-size: 13px;
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
`;
