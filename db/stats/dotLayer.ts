/**
 * Round translucent dots drawn into an RGBA raster and written as a PNG (the weekly summary's map layer):
 * edges antialiased by pixel coverage, each dot blended over those drawn before it ("source over").
 */
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, tail]);
}

export class DotLayer {
  private readonly w: number;
  private readonly h: number;
  /** Premultiplied RGBA, 0–1. */
  private readonly px: Float32Array;

  /** A layer of `width` × `height` units at `scale` pixels to the unit. */
  constructor(
    width: number,
    height: number,
    private readonly scale: number,
  ) {
    this.w = Math.ceil(width * scale);
    this.h = Math.ceil(height * scale);
    this.px = new Float32Array(this.w * this.h * 4);
  }

  /** Coverage masks by radius and sub-pixel position (dots on a regular grid share a few). */
  private readonly masks = new Map<string, { size: number; x0: number; y0: number; cover: Float32Array }>();

  private mask(cx: number, cy: number, rad: number) {
    const fx = cx - Math.floor(cx);
    const fy = cy - Math.floor(cy);
    const key = `${rad}:${fx}:${fy}`;
    let m = this.masks.get(key);
    if (!m) {
      const x0 = Math.floor(fx - rad);
      const y0 = Math.floor(fy - rad);
      const size = Math.ceil(fx + rad) - x0 + 1;
      const cover = new Float32Array(size * size);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const dx = x0 + x + 0.5 - fx;
          const dy = y0 + y + 0.5 - fy;
          cover[y * size + x] = Math.min(1, Math.max(0, rad + 0.5 - Math.sqrt(dx * dx + dy * dy)));
        }
      }
      this.masks.set(key, (m = { size, x0, y0, cover }));
    }
    return m;
  }

  /** A dot of radius `r` at (x, y) in units, colour '#rrggbb' at `opacity`. */
  circle(x: number, y: number, r: number, colour: string, opacity: number): void {
    const cr = parseInt(colour.slice(1, 3), 16) / 255;
    const cg = parseInt(colour.slice(3, 5), 16) / 255;
    const cb = parseInt(colour.slice(5, 7), 16) / 255;
    const cx = x * this.scale;
    const cy = y * this.scale;
    const m = this.mask(cx, cy, r * this.scale);
    const left = Math.floor(cx) + m.x0;
    const top = Math.floor(cy) + m.y0;
    for (let my = 0; my < m.size; my++) {
      const py = top + my;
      if (py < 0 || py >= this.h) continue;
      for (let mx = 0; mx < m.size; mx++) {
        const px = left + mx;
        const coverage = m.cover[my * m.size + mx]!;
        if (coverage === 0 || px < 0 || px >= this.w) continue;
        const a = opacity * coverage;
        const i = (py * this.w + px) * 4;
        const keep = 1 - a;
        this.px[i] = cr * a + this.px[i]! * keep;
        this.px[i + 1] = cg * a + this.px[i + 1]! * keep;
        this.px[i + 2] = cb * a + this.px[i + 2]! * keep;
        this.px[i + 3] = a + this.px[i + 3]! * keep;
      }
    }
  }

  /** The layer as a PNG (RGBA, 8 bits, transparent where nothing was drawn). */
  png(): Buffer {
    const stride = this.w * 4 + 1;
    const raw = Buffer.alloc(stride * this.h);
    for (let y = 0; y < this.h; y++) {
      for (let x = 0; x < this.w; x++) {
        const i = (y * this.w + x) * 4;
        const a = this.px[i + 3]!;
        if (a === 0) continue;
        const o = y * stride + 1 + x * 4;
        raw[o] = Math.round((this.px[i]! / a) * 255);
        raw[o + 1] = Math.round((this.px[i + 1]! / a) * 255);
        raw[o + 2] = Math.round((this.px[i + 2]! / a) * 255);
        raw[o + 3] = Math.round(a * 255);
      }
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.w, 0);
    header.writeUInt32BE(this.h, 4);
    header[8] = 8; // bits per channel
    header[9] = 6; // RGBA
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', zlib.deflateSync(raw, { level: 3 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}
