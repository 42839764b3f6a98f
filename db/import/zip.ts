/**
 * Zip containers (XLSX, Shapefile .zip) read through yauzl: the central directory is read first and
 * the entries GridDesk will inflate are checked against the limits (sizes, ratio, count) before a
 * single byte is inflated; yauzl then holds every entry to its declared size while inflating, so a
 * directory that lies about sizes fails instead of inflating past the cap. Only the entries asked
 * for are ever inflated.
 */
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError, isAppError } from '../errors';
import { IMPORT_LIMITS, refuse, type ImportLimits } from './limits';

export interface ZipPlan {
  /** Entries to inflate, with the Chinese name used in messages (e.g. 共享字符串表). */
  entries: { entry: Entry; label: string; cap?: number | undefined }[];
  /** Cap on the inflated bytes of all planned entries together. */
  totalCap: number;
}

export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    /** Entries by name, as the central directory lists them (first of duplicate names wins). */
    readonly entries: ReadonlyMap<string, Entry>,
    /** 'XLSX', 'Shapefile 压缩包' — the subject of every message. */
    readonly what: string,
    private readonly limits: ImportLimits,
  ) {}

  static async open(file: string, what: string, broken: (e: unknown) => AppError, limits: ImportLimits = IMPORT_LIMITS): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(file, { autoClose: false, lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false });
    } catch (e) {
      throw broken(e);
    }
    try {
      if (zip.entryCount > limits.zipEntries) throw refuse.zipEntries(what, zip.entryCount, limits);
      const entries = new Map<string, Entry>();
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName.replace(/\\/g, '/').replace(/^\/+/, '');
        if (!entries.has(name)) entries.set(name, entry);
      }
      return new ZipArchive(zip, entries, what, limits);
    } catch (e) {
      zip.close();
      throw isAppError(e) ? e : broken(e);
    }
  }

  /** Refuses the plan if any entry or all together would inflate past their caps, or inflate suspiciously well. */
  check(plan: ZipPlan): void {
    let total = 0;
    for (const { entry, label, cap } of plan.entries) {
      const size = entry.uncompressedSize;
      if (cap !== undefined && size > cap) throw refuse.uncompressed(this.what, cap, size, label);
      if (size > this.limits.zipRatioFloorBytes) {
        const ratio = size / Math.max(1, entry.compressedSize);
        if (ratio > this.limits.zipRatio) throw refuse.zipRatio(this.what, label, ratio, this.limits);
      }
      total += size;
    }
    if (total > plan.totalCap) {
      const biggest = [...plan.entries].sort((a, b) => b.entry.uncompressedSize - a.entry.uncompressedSize)[0];
      throw refuse.uncompressed(this.what, plan.totalCap, total, biggest && biggest.entry.uncompressedSize > total / 2 ? biggest.label : null);
    }
  }

  /**
   * The inflated bytes of one entry as a stream, through `through` when given (e.g. xmlTokenGuard).
   * Inflating more than declared (the directory lied) fails with a clear AppError instead of
   * yauzl's English one; destroying the result stops the inflation.
   */
  async stream(entry: Entry, label: string, through?: Transform): Promise<Readable> {
    if (!entry.canDecodeFileData()) {
      throw new AppError('invalid-input', `${this.what} 中的「${label}」已加密或使用了不支持的压缩方式：无法读取`);
    }
    let raw: Readable;
    try {
      raw = await this.zip.openReadStreamPromise(entry);
    } catch (e) {
      throw new AppError('invalid-input', `${this.what} 中的「${label}」无法读取：文件已损坏（${(e as Error).message}）`);
    }
    const out = through ?? new PassThrough();
    const what = this.what;
    raw.on('error', (e: Error) => {
      const tooMany = /too many bytes in the stream/.test(e.message);
      if (!out.destroyed) {
        out.destroy(
          tooMany
            ? refuse.zipSizeMismatch(what, label, entry.uncompressedSize)
            : new AppError('invalid-input', `${what} 中的「${label}」无法解压：文件已损坏（${e.message}）`),
        );
      }
    });
    out.on('close', () => {
      if (!raw.destroyed) {
        raw.unpipe(out);
        raw.destroy();
      }
    });
    return raw.pipe(out);
  }

  /** One entry inflated whole (small parts: the Shapefile's .shp, .dbf, .prj, .cpg). */
  async buffer(entry: Entry, label: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.stream(entry, label)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  close(): void {
    if (this.zip.isOpen) this.zip.close();
  }
}

/**
 * Passes XML through while refusing any run of more than `xmlTokenBytes` bytes between two `<`: one
 * text node or one tag that long would be held whole by the XML parser. Linear: one indexOf pass.
 */
export function xmlTokenGuard(what: string, limits: ImportLimits = IMPORT_LIMITS, onBytes?: (n: number) => void): Transform {
  const max = limits.xmlTokenBytes;
  let run = 0; // bytes since the last '<' in earlier chunks
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      onBytes?.(chunk.length);
      let at = chunk.indexOf(0x3c);
      if (at < 0) {
        run += chunk.length;
        return run > max ? done(refuse.xmlToken(what, max)) : done(null, chunk);
      }
      if (run + at > max) return done(refuse.xmlToken(what, max));
      for (let next = chunk.indexOf(0x3c, at + 1); next >= 0; next = chunk.indexOf(0x3c, at + 1)) {
        if (next - at - 1 > max) return done(refuse.xmlToken(what, max));
        at = next;
      }
      run = chunk.length - at - 1;
      return run > max ? done(refuse.xmlToken(what, max)) : done(null, chunk);
    },
  });
}
