/** The preview before an import: what the file is, its first rows, and the proposed mapping. */
import type { Db } from '../open';
import { mappingFits, missingRequired, proposeMapping } from './fields';
import { listMappings } from './mappings';
import { openSource } from './source';
import type { FieldMapping, ImportPreview, ImportReadOptions } from './types';

export const PREVIEW_ROWS = 20;

export async function previewImport(db: Db, file: string, fileName: string, read: ImportReadOptions = {}): Promise<ImportPreview> {
  const source = await openSource(file, fileName, read);
  try {
    const rows: string[][] = [];
    const notes = [...source.notes];
    for await (const batch of source.batches(PREVIEW_ROWS)) {
      for (const r of batch) {
        if (rows.length < PREVIEW_ROWS) rows.push(source.headers.map((_, i) => r.cells[i] ?? ''));
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
