/**
 * Remote video for the emulator: each remote camera or screen-share stream is a canvas drawn by
 * us (initials, a colour from the name, something that moves so a frozen frame is visible) turned into a real
 * MediaStream with `captureStream()` and shown in a `<video>`, so the gallery handles exactly what
 * it handles with the real SDK: a playing video element.
 */
import type { VideoView } from '../video-view.js';

export interface SyntheticVideoSpec {
  displayName: string;
  kind: 'camera' | 'screen';
  /** Frames per second of the canvas (default 15). */
  fps?: number;
}

const PALETTE = ['#4f52b2', '#0f6cbd', '#8764b8', '#038387', '#ca5010', '#498205', '#c239b3', '#986f0b'];

function colorFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w)[0]?.toUpperCase() ?? '').join('') || '?';
}

/** Creates the `<video>` of a simulated remote stream. `dispose()` stops the drawing and the track. */
export function createSyntheticView(spec: SyntheticVideoSpec): VideoView {
  const canvas = document.createElement('canvas');
  const screen = spec.kind === 'screen';
  canvas.width = screen ? 1280 : 640;
  canvas.height = screen ? 720 : 360;
  const context = canvas.getContext('2d');
  const fps = spec.fps ?? 15;
  const stream = canvas.captureStream(fps);
  const background = colorFor(spec.displayName);
  const initials = initialsOf(spec.displayName);
  const started = performance.now();

  const draw = () => {
    if (!context) return;
    const t = (performance.now() - started) / 1000;
    const { width, height } = canvas;
    if (screen) {
      context.fillStyle = '#f5f5f5';
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#242424';
      context.font = '600 44px system-ui, sans-serif';
      context.textAlign = 'left';
      context.textBaseline = 'top';
      context.fillText(`${spec.displayName} — shared screen`, 64, 56);
      context.fillStyle = background;
      for (let i = 0; i < 5; i += 1) {
        const barHeight = 80 + 60 * Math.abs(Math.sin(t * 0.8 + i));
        context.fillRect(96 + i * 200, height - 96 - barHeight, 120, barHeight);
      }
      context.fillStyle = '#616161';
      context.fillRect(64, 130, ((t * 120) % (width - 128)) + 1, 6);
      return;
    }
    context.fillStyle = background;
    context.fillRect(0, 0, width, height);
    // Something that moves: a soft circle orbiting the avatar.
    const cx = width / 2 + Math.cos(t * 1.5) * width * 0.3;
    const cy = height / 2 + Math.sin(t * 1.5) * height * 0.3;
    context.fillStyle = 'rgba(255, 255, 255, 0.18)';
    context.beginPath();
    context.arc(cx, cy, 42, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = 'rgba(255, 255, 255, 0.92)';
    context.beginPath();
    context.arc(width / 2, height / 2 - 20, 70, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = background;
    context.font = '600 56px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(initials, width / 2, height / 2 - 18);
    // No name in the frame: the gallery labels every tile itself, as it does for real video.
  };
  draw();
  // A timer rather than requestAnimationFrame: rAF stops in background tabs, and a video whose
  // canvas stops painting stops producing frames.
  const timer = setInterval(draw, Math.round(1000 / fps));

  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('aria-hidden', 'true');
  video.style.width = '100%';
  video.style.height = '100%';
  video.style.objectFit = screen ? 'contain' : 'cover';
  video.srcObject = stream;
  void video.play().catch(() => undefined);

  let disposed = false;
  return {
    element: video,
    dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
      video.pause();
      video.srcObject = null;
      video.remove();
    },
  };
}

/** A `<video>` showing a local stream (camera preview, own screen share). Dispose detaches only. */
export function createLocalView(stream: MediaStream, kind: 'camera' | 'screen'): VideoView {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('aria-hidden', 'true');
  video.style.width = '100%';
  video.style.height = '100%';
  video.style.objectFit = kind === 'screen' ? 'contain' : 'cover';
  video.srcObject = stream;
  void video.play().catch(() => undefined);
  let disposed = false;
  return {
    element: video,
    dispose() {
      if (disposed) return;
      disposed = true;
      video.pause();
      video.srcObject = null;
      video.remove();
    },
  };
}
