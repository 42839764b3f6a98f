/**
 * The name an export is saved under: what the filter chose and the day, e.g.
 * 案件导出_超期_芙蓉街道_2026-12-01.xlsx, so a folder of exports reads as a list of what each one holds.
 */
import type { Db } from '../open';
import { OPEN_STATUSES } from '../domain/codes';
import { SOURCE_LABELS } from '../domain/labels';
import { shanghaiDate } from '../domain/time';
import { STATUS_LABELS } from '../domain/workflow';
import type { IncidentFilter } from '../types';
import type { ExportFormat } from './cases';

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { csv: 'csv', xlsx: 'xlsx', geojson: 'geojson', open311: 'json' };

/** Three named values at most; more are counted ('5 种状态'). */
function few(labels: readonly string[], unit: string): string {
  return labels.length <= 3 ? labels.join('、') : `${labels.length}${unit}`;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v));

/** Characters Windows refuses in a file name, control characters, and the separator itself. */
const clean = (part: string) => part.replace(/[\\/:*?"<>|\u0000-\u001f_]+/g, ' ').replace(/\s+/g, ' ').trim();

function nameOf(db: Db, sql: string, value: unknown): string | null {
  return (db.prepare(sql).get(value) as { name: string } | undefined)?.name ?? null;
}

/** The filter's parts in words, in the order people say them (deadline, status, what, where, who, when). */
export function describeFilter(db: Db, filter: IncidentFilter): string[] {
  const parts: string[] = [];
  if (filter.overdue) parts.push('超期');
  if (filter.dueWithinHours !== undefined) parts.push(`${filter.dueWithinHours}小时内到期`);
  if (filter.supervised) parts.push('督办');
  if (filter.statuses?.length) {
    parts.push(sameSet(filter.statuses, OPEN_STATUSES) ? '在办' : few(filter.statuses.map((s) => STATUS_LABELS[s]), '种状态'));
  }
  if (filter.categoryId !== undefined) parts.push(nameOf(db, `SELECT name FROM categories WHERE id = ?`, filter.categoryId) ?? `类别${filter.categoryId}`);
  if (filter.gridCode) parts.push(nameOf(db, `SELECT name FROM grids WHERE code = ?`, filter.gridCode) ?? filter.gridCode);
  else if (filter.streetCode) parts.push(nameOf(db, `SELECT name FROM grids WHERE code = ?`, filter.streetCode) ?? filter.streetCode);
  if (filter.assignee === 'unassigned') parts.push('未分配');
  else if (filter.assignee !== undefined) parts.push(nameOf(db, `SELECT name FROM persons WHERE id = ?`, filter.assignee) ?? `人员${filter.assignee}`);
  if (filter.sources?.length) parts.push(few(filter.sources.map((s) => SOURCE_LABELS[s]), '种来源'));
  if (filter.reportedFrom !== undefined || filter.reportedTo !== undefined) {
    const from = filter.reportedFrom !== undefined ? shanghaiDate(filter.reportedFrom) : '';
    // reportedTo is the first instant after the range.
    const to = filter.reportedTo !== undefined ? shanghaiDate(filter.reportedTo - 1) : '';
    parts.push(from === to ? from : from && to ? `${from}至${to}` : from ? `${from}起` : `至${to}`);
  }
  const text = filter.text?.trim();
  if (text) parts.push(`含${[...text].slice(0, 12).join('')}`);
  if (filter.bbox) parts.push('框选范围');
  return parts.map(clean).filter(Boolean);
}

export function exportFileName(db: Db, filter: IncidentFilter, format: ExportFormat, now: number): string {
  const parts = describeFilter(db, filter);
  let described = parts.length ? parts.join('_') : '全部';
  // Keep the whole name well under the 255 characters file systems allow.
  if ([...described].length > 80) described = `${[...described].slice(0, 79).join('')}…`;
  return `案件导出_${described}_${shanghaiDate(now)}.${EXPORT_EXTENSIONS[format]}`;
}
