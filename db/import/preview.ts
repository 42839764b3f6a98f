/**
 * The preview before an import: what the file is, its first rows, and the proposed mapping. A CSV is
 * read only from its head (the first PREVIEW_ROWS rows within the preview byte limit), never whole,
 * and the answer is bounded: every cell shown is clipped so the rows stay small whatever the file.
 */
import type { Db } from '../open';
import { mappingFits, missingRequired, proposeMapping } from './fields';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { listMappings } from './mappings';
import { openSource } from './source';
import type { FieldMapping, ImportPreview, ImportReadOptions } from './types';

export const PREVIEW_ROWS = 20;
/** A preview cell shows at most this many characters… */
export const PREVIEW_CELL_CHARS = 200;
/** …and all preview cells together about this many (wide tables get shorter cells, at least 16). */
const PREVIEW_TOTAL_CHARS = 1_000_000;

export async function previewImport(
  db: Db,
  file: string,
  fileName: string,
  read: ImportReadOptions = {},
  limits: ImportLimits = IMPORT_LIMITS,
): Promise<ImportPreview> {
  const source = await openSource(file, fileName, read, { limits, headBytes: limits.previewBytes });
  try {
    const rows: string[][] = [];
    const notes = [...source.notes];
    const cellChars = Math.max(16, Math.min(PREVIEW_CELL_CHARS, Math.floor(PREVIEW_TOTAL_CHARS / Math.max(1, PREVIEW_ROWS * source.headers.length))));
    const clip = (c: string) => (c.length > cellChars ? `${c.slice(0, cellChars - 1)}…` : c);
    for await (const batch of source.batches(PREVIEW_ROWS)) {
      for (const r of batch) {
        if (rows.length < PREVIEW_ROWS) rows.push(source.headers.map((_, i) => clip(r.cells[i] ?? '')));
        for (const w of r.warnings ?? []) if (notes.length < 20) notes.push(`第 ${r.row} 行：${w}`);
        if (r.error && notes.length < 20) notes.push(`第 ${r.row} 行：${r.error.reason}`);
      }
      break;
    }
    if (rows.length === 0 && source.tracks.length === 0) notes.push('文件只有表头，没有数据行');
    const saved = listMappings(db).find((m) => mappingFits(m.mapping, source.headers)) ?? null;
    const mapping: FieldMapping = saved ? saved.mapping : { ...proposeMapping(source.headers), ...source.impliedMapping };
    const used = new Set(Object.values(mapping));
    return {
      fileName,
      bytes: source.totalBytes,
      format: source.format,
      encoding: source.encoding,
      delimiter: source.delimiter,
      sheets: source.sheets,
      sheet: source.sheet,
      headers: source.headers,
      rows,
      mapping,
      savedMapping: saved?.name ?? null,
      unmappedHeaders: source.headers.filter((h) => !used.has(h)),
      missingRequired: source.format === 'gpx' && rows.length === 0 ? [] : missingRequired(mapping),
      tracks: source.tracks.length,
      notes,
    };
  } finally {
    source.close();
  }
}
