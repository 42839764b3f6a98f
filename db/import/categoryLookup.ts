/**
 * Resolving a field log's category cell against the editable category table: a small-class code
 * ('0102') or name ('暴露垃圾'), optionally with its big class ('市容环境/暴露垃圾'). Events and
 * components share codes: a bare code or name means the event; 'component:0101', '部件:0101' or a
 * name only components have means the component.
 */
import type { Db } from '../open';
import { foldText } from './values';

/** A row of the category table, as the lookup reads it. */
export interface CategoryRow {
  id: number;
  kind: 'event' | 'component';
  level: number;
  code: string;
  name: string;
  is_urgent: number;
}

export interface ResolvedCategory {
  id: number;
  name: string;
  isUrgent: boolean;
}

export type CategoryResult = { ok: true; category: ResolvedCategory } | { ok: false; reason: string };

const KIND_PREFIX = /^(event|component|事件|部件)\s*[:：]\s*/i;

export class CategoryLookup {
  private readonly byKey = new Map<string, CategoryRow>();
  private readonly bigNames = new Set<string>();
  private readonly cache = new Map<string, CategoryResult>();

  /** The lookup over the database's category table. */
  static load(db: Db): CategoryLookup {
    return new CategoryLookup(CategoryLookup.rows(db));
  }

  /** The category table's rows, as the lookup is built from them (plain data: they cross to the reading thread). */
  static rows(db: Db): CategoryRow[] {
    return db.prepare(`SELECT id, kind, level, code, name, is_urgent FROM categories`).all() as CategoryRow[];
  }

  constructor(categories: readonly CategoryRow[]) {
    // Components first, so the events written after them win a shared key.
    const rows = [...categories].sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'component' ? -1 : 1));
    for (const r of rows) {
      if (r.level === 1) {
        this.bigNames.add(r.name);
        this.byKey.set(`${r.kind}:big:${r.code}`, r);
        continue;
      }
      for (const kind of [r.kind, '*']) {
        this.byKey.set(`${kind}:${r.code}`, r);
        this.byKey.set(`${kind}:${r.name}`, r);
      }
    }
  }

  resolve(raw: string): CategoryResult {
    const cached = this.cache.get(raw);
    if (cached) return cached;
    const result = this.lookup(raw);
    if (this.cache.size < 10_000) this.cache.set(raw, result);
    return result;
  }

  private lookup(raw: string): CategoryResult {
    let text = foldText(raw);
    if (text === '') return { ok: false, reason: '缺少类别' };
    let kind = '*';
    const prefix = KIND_PREFIX.exec(text);
    if (prefix) {
      kind = /component|部件/i.test(prefix[1]!) ? 'component' : 'event';
      text = text.slice(prefix[0].length);
    }
    const parts = text.split(/\s*[/／>＞\-－—|｜]\s*/).filter(Boolean);
    const candidates = [text, parts[parts.length - 1] ?? text];
    const codeMatch = /^(\d{4})\b/.exec(text);
    if (codeMatch) candidates.unshift(codeMatch[1]!);
    for (const c of candidates) {
      const row = this.byKey.get(`${kind}:${c}`);
      if (row) return { ok: true, category: { id: row.id, name: row.name, isUrgent: row.is_urgent === 1 } };
    }
    if (this.bigNames.has(text) || /^\d{2}$/.test(text)) {
      return { ok: false, reason: `「${raw.slice(0, 30)}」是大类：请填写小类（如 0102 或 暴露垃圾）` };
    }
    return { ok: false, reason: `类别「${raw.slice(0, 30)}」不在类别表中：请填写小类编码（如 0102）或名称（如 暴露垃圾）` };
  }
}
