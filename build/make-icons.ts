/**
 * `npm run icons`: renders the GridDesk mark (build/icon.svg; at 16, 24 and 32 px the same mark drawn on
 * whole pixels by smallMarkSvg, so its lines stay sharp) to the PNGs and the .ico that electron-builder packages:
 *   build/icons/<N>x<N>.png   16 … 512, the Linux icon set (AppImage, deb: hicolor/<N>x<N>/apps)
 *   build/icon.png            1024, the largest rendering
 *   build/icon.ico            16, 24, 32, 48, 64, 128, 256 (Windows: the exe, the installer, the shortcuts)
 * Rendered by headless Chromium (playwright-core, Debian's /usr/bin/chromium or CHROMIUM_PATH), each size
 * drawn from the vector source rather than scaled down from a bitmap. The results are committed; run this
 * again only when the mark changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const buildDir = path.dirname(fileURLToPath(import.meta.url));

export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const LARGE_ICON_SIZE = 1024;
/** Sizes drawn from the pixel-aligned mark instead of build/icon.svg. */
const SMALL_MARKS: Readonly<Record<number, { margin: number; frame: number; cross: number; radius: number; thirdLevel: boolean }>> = {
  // margin + frame + quadrant + cross + quadrant + frame + margin = size, every term a whole number of pixels.
  16: { margin: 2, frame: 2, cross: 2, radius: 3, thirdLevel: false },
  24: { margin: 3, frame: 2, cross: 2, radius: 4, thirdLevel: false },
  32: { margin: 3, frame: 3, cross: 2, radius: 6, thirdLevel: true },
};

/**
 * The mark of build/icon.svg for a small size: the blue tile, the grid frame, the cross of the second level,
 * the highlighted cell; at 32 px also the third level in one quadrant. All edges fall on whole pixels.
 */
export function smallMarkSvg(size: number): string {
  const mark = SMALL_MARKS[size];
  if (!mark) throw new Error(`没有 ${size} 像素的小图标`);
  const { margin, frame, cross, radius, thirdLevel } = mark;
  const quadrant = (size - 2 * margin - 2 * frame - cross) / 2;
  if (!Number.isInteger(quadrant) || quadrant < 3) throw new Error(`${size} 像素的小图标尺寸不成整像素`);
  const outer = size - 2 * margin;
  const inner = margin + frame; // first pixel inside the frame
  const crossAt = inner + quadrant; // first pixel of the cross
  const second = crossAt + cross; // first pixel of the far quadrants
  const lines = [
    `<path d="M${margin} ${margin}h${outer}v${outer}h${-outer}zM${inner} ${inner}v${outer - 2 * frame}h${outer - 2 * frame}v${-(outer - 2 * frame)}z" fill="#ffffff" fill-rule="evenodd"/>`,
    `<rect x="${crossAt}" y="${inner}" width="${cross}" height="${outer - 2 * frame}" fill="#ffffff"/>`,
    `<rect x="${inner}" y="${crossAt}" width="${outer - 2 * frame}" height="${cross}" fill="#ffffff"/>`,
  ];
  if (thirdLevel) {
    const half = inner + (quadrant - 1) / 2;
    lines.push(`<rect x="${half}" y="${inner}" width="1" height="${quadrant}" fill="#ffffff" fill-opacity="0.8"/>`);
    lines.push(`<rect x="${inner}" y="${half}" width="${quadrant}" height="1" fill="#ffffff" fill-opacity="0.8"/>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">`,
    `<defs><linearGradient id="tile" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2a6bbd"/><stop offset="1" stop-color="#123863"/></linearGradient></defs>`,
    `<rect width="${size}" height="${size}" rx="${radius}" fill="url(#tile)" shape-rendering="geometricPrecision"/>`,
    `<rect x="${second}" y="${second}" width="${quadrant}" height="${quadrant}" fill="#f5b942"/>`,
    ...lines,
    '</svg>',
  ].join('');
}

/**
 * An .ico file holding PNG images: a 6-byte header (reserved 0, type 1 = icon, count), one 16-byte directory
 * entry per image (width and height, 0 meaning 256; no palette; 1 plane; 32 bits per pixel; byte length;
 * offset), then the PNG files themselves. PNG entries are read by Windows Vista and later at every size, and
 * NSIS and rcedit copy the entries as they are.
 */
export function packIco(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    if (size < 1 || size > 256) throw new Error(`ICO 图像尺寸必须在 1–256 之间：${size}`);
    const { width, height } = pngSize(png);
    if (width !== size || height !== size) throw new Error(`PNG 尺寸 ${width}×${height} 与 ${size} 不符`);
    const at = 6 + 16 * i;
    header.writeUInt8(size === 256 ? 0 : size, at);
    header.writeUInt8(size === 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3); // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('不是 PNG 文件');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Renders each SVG at its size through a canvas in one headless Chromium; PNG bytes by size. */
export async function renderSvgs(jobs: readonly { svg: string; size: number }[]): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--force-color-profile=srgb', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><title>icons</title>');
    const rendered = await page.evaluate(async (wanted) => {
      const out: string[] = [];
      for (const { svg, size } of wanted) {
        const image = new Image();
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = size;
        canvas.height = size;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context');
        context.imageSmoothingQuality = 'high';
        context.drawImage(image, 0, 0, size, size);
        out.push(canvas.toDataURL('image/png'));
      }
      return out;
    }, jobs.map(({ svg, size }) => ({ svg, size })));
    return new Map(jobs.map(({ size }, i) => [size, Buffer.from(rendered[i]!.replace(/^data:image\/png;base64,/, ''), 'base64')]));
  } finally {
    await browser.close();
  }
}

export async function makeIcons(dir = buildDir): Promise<string[]> {
  const mark = fs.readFileSync(path.join(buildDir, 'icon.svg'), 'utf8');
  const allSizes = [...new Set<number>([...LINUX_ICON_SIZES, ...ICO_SIZES, LARGE_ICON_SIZE])].sort((a, b) => a - b);
  const pngs = await renderSvgs(allSizes.map((size) => ({ size, svg: SMALL_MARKS[size] ? smallMarkSvg(size) : mark })));
  const written: string[] = [];
  const write = (file: string, data: Buffer) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    written.push(file);
  };
  for (const size of LINUX_ICON_SIZES) write(path.join(dir, 'icons', `${size}x${size}.png`), pngs.get(size)!);
  write(path.join(dir, 'icon.png'), pngs.get(LARGE_ICON_SIZE)!);
  write(path.join(dir, 'icon.ico'), packIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size)! }))));
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await makeIcons();
  for (const file of written) console.log(`已生成 ${path.relative(process.cwd(), file)}（${fs.statSync(file).size} 字节）`);
}
