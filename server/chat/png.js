// @ts-check
/**
 * A real PNG encoder (RGB, no filter, one IDAT chunk) and the sample pictures the emulator gives
 * Teams users' inline images: the package ships no image files.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';


const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** @param {Buffer} buf */
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * Encodes an RGB PNG whose pixels come from `pixel(x, y) → [r, g, b]`.
 * @param {number} width
 * @param {number} height
 * @param {(x: number, y: number) => [number, number, number]} pixel
 */
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A sample picture (a soft gradient with a sun), coloured by `seed`, as a Teams user might paste.
 * @param {string} seed
 * @param {number} [width]
 * @param {number} [height]
 */
export function samplePng(seed, width = 320, height = 200) {
  const h = crypto.createHash('sha256').update(seed).digest();
  const [r0, g0, b0] = [h[0], h[1], h[2]];
  const sunX = width * (0.25 + (h[3] / 255) * 0.5);
  const sunY = height * 0.35;
  return encodePng(width, height, (x, y) => {
    const t = y / height;
    if ((x - sunX) ** 2 + (y - sunY) ** 2 < (height * 0.14) ** 2) return [255, 214, 92];
    if (y > height * 0.72) return [Math.round(40 + 60 * t), Math.round(120 + 50 * t), 70];
    return [Math.round(r0 * (1 - t) + 255 * t * 0.6), Math.round(g0 * (1 - t) + 200 * t * 0.6), Math.round(b0 * 0.5 + 160)];
  });
}
