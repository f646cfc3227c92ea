/**
 * The built-in background images, drawn on a canvas at run time: no image files to ship, host or
 * allow in a CSP `img-src`. Both effects engines use them: the emulator's canvas engine draws them
 * directly, the SDK adapter hands BackgroundReplacementEffect a PNG `blob:` URL of the same picture.
 */
import type { BackgroundImage } from './video-effects.js';

/** Paints `image` over the whole `width`×`height` area of `context`. */
export function drawBackground(context: CanvasRenderingContext2D, image: BackgroundImage, width: number, height: number): void {
  const linear = (stops: [number, string][], x1 = 0, y1 = 0, x2 = 0, y2 = height) => {
    const gradient = context.createLinearGradient(x1, y1, x2, y2);
    for (const [at, color] of stops) gradient.addColorStop(at, color);
    return gradient;
  };
  context.save();
  switch (image) {
    case 'office': {
      // A bright wall, a window with daylight, a desk line.
      context.fillStyle = linear([[0, '#e8e4dc'], [1, '#cfc8bb']]);
      context.fillRect(0, 0, width, height);
      context.fillStyle = linear([[0, '#bfe3ff'], [1, '#e9f6ff']]);
      context.fillRect(width * 0.58, height * 0.12, width * 0.32, height * 0.5);
      context.strokeStyle = '#8a8172';
      context.lineWidth = Math.max(2, width / 160);
      context.strokeRect(width * 0.58, height * 0.12, width * 0.32, height * 0.5);
      context.beginPath();
      context.moveTo(width * 0.74, height * 0.12);
      context.lineTo(width * 0.74, height * 0.62);
      context.stroke();
      context.fillStyle = '#7a5c3e';
      context.fillRect(0, height * 0.8, width, height * 0.2);
      break;
    }
    case 'shelves': {
      // A bookcase: dark wood, rows of coloured spines.
      context.fillStyle = '#4a3324';
      context.fillRect(0, 0, width, height);
      const colors = ['#b5523b', '#2f6f8f', '#d9a441', '#5b8c5a', '#7b4f9e', '#c7c0b0'];
      const rows = 4;
      for (let row = 0; row < rows; row++) {
        const top = (row * height) / rows + height * 0.03;
        const shelf = height / rows - height * 0.06;
        let x = width * 0.02;
        let n = row * 7;
        while (x < width * 0.98) {
          const spine = width * (0.018 + ((n * 37) % 11) / 600);
          const tall = shelf * (0.7 + ((n * 53) % 7) / 25);
          context.fillStyle = colors[n % colors.length] ?? '#888';
          context.fillRect(x, top + shelf - tall, spine, tall);
          x += spine + width * 0.004;
          n++;
        }
        context.fillStyle = '#2c1d13';
        context.fillRect(0, top + shelf, width, height * 0.03);
      }
      break;
    }
    case 'sunset': {
      context.fillStyle = linear([[0, '#2b1a4f'], [0.45, '#c8456b'], [0.7, '#f59e4c'], [1, '#2a2a40']]);
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#ffd27a';
      context.beginPath();
      context.arc(width * 0.5, height * 0.7, height * 0.14, 0, Math.PI * 2);
      context.fill();
      context.fillStyle = '#1f1d33';
      context.fillRect(0, height * 0.72, width, height * 0.28);
      break;
    }
  }
  context.restore();
}

/** The background as a PNG blob (what BackgroundReplacementEffect fetches). */
export async function backgroundBlob(image: BackgroundImage, width = 1280, height = 720): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas');
  drawBackground(context, image, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The background could not be encoded'))), 'image/png'),
  );
}
