import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BulkResult, IncidentDetail, WorkflowAction } from '../../../electron/contract';
import { useUrlState } from '../../app/urlState';
import { canCreateCase } from '../../domain/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { useNow } from '../../ui/useNow';
import { CaseDetailPanel } from '../caseDetail/CaseDetailPanel';
import { CreateCaseDialog } from '../caseCreate/CreateCaseDialog';
import { ExportMenu } from '../exports/ExportMenu';
import { ExportProgress } from '../exports/ExportProgress';
import { useExportJob } from '../exports/useExportJob';
import '../exports/exports.css';
import { useOperator } from '../session/useOperator';
import { BulkBar } from './BulkBar';
import { BulkDialog } from './BulkDialog';
import { CaseFilterBar } from './CaseFilterBar';
import { CaseTable } from './CaseTable';
import { formatCaseQuery, parseCaseQuery, toIncidentFilter, type CaseQuery } from './caseQuery';
import { useCaseFilterOptions } from './useCaseFilterOptions';
import { useCaseList } from './useCaseList';
import { useRowSelection } from './useRowSelection';
import './cases.css';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** A point to start a new case from: #/cases/new?lon=…&lat=… (WGS-84). */
function pointFromQuery(query: string | undefined): { lon: number; lat: number } | null {
  const params = new URLSearchParams(query ?? '');
  const lon = Number(params.get('lon'));
  const lat = Number(params.get('lat'));
  return params.has('lon') && params.has('lat') && Number.isFinite(lon) && Number.isFinite(lat) ? { lon, lat } : null;
}

/**
 * 案件: the filtered list, the detail panel beside it, bulk steps, the new-case form, the shortcuts, and 导出
 * of what the filters show. The address holds the view (#/cases[/<id>|/new][?filters]). A step in the panel,
 * a bulk step or a new case refreshes the list, the panel and every other view through the cache: nothing is
 * passed between them.
 */
export function CasesPage() {
  const { route, navigate } = useUrlState();
  const isNew = route.caseId === 'new';
  // The view shown: set at once when a filter changes (so controls answer immediately), and taken
  // from the address whenever the address changes (back/forward, links). While the new-case form is
  // open the address holds its start point, not the list's filters.
  const routeQuery = isNew ? null : (route.query ?? '');
  const [listQuery, setListQuery] = useState(routeQuery ?? '');
  const [seenRouteQuery, setSeenRouteQuery] = useState(routeQuery);
  if (routeQuery !== null && routeQuery !== seenRouteQuery) {
    setSeenRouteQuery(routeQuery);
    setListQuery(routeQuery);
  }
  const query = useMemo(() => parseCaseQuery(listQuery), [listQuery]);
  const filter = useMemo(() => toIncidentFilter(query), [query]);
  const list = useCaseList(filter, query.sort);
  const options = useCaseFilterOptions();
  const { operator } = useOperator();
  const now = useNow();
  const selection = useRowSelection();
  const exporting = useExportJob();
  const [cursor, setCursor] = useState<number | null>(null);
  const [bulkAction, setBulkAction] = useState<WorkflowAction | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const openId = typeof route.caseId === 'number' ? route.caseId : null;
  const canCreate = canCreateCase(operator);

  const go = useCallback(
    (caseId: number | 'new' | undefined, q: string = listQuery, replace = false) =>
      navigate({ page: 'cases', gridCode: null, ...(caseId !== undefined ? { caseId } : {}), query: q }, { replace }),
    [navigate, listQuery],
  );
  const setQuery = useCallback(
    (next: CaseQuery, replace = false) => {
      const text = formatCaseQuery(next);
      setCursor(null);
      setListQuery(text);
      go(openId ?? undefined, text, replace);
    },
    [go, openId],
  );
  const open = useCallback(
    (index: number) => {
      const item = list.items[index];
      if (!item) return;
      setCursor(index);
      go(item.id);
    },
    [list.items, go],
  );
  const close = useCallback(() => go(undefined), [go]);
  const openById = useCallback((id: number) => go(id), [go]);
  const toggle = useCallback((index: number, withShift: boolean) => selection.toggle(list.items, index, withShift), [selection, list.items]);
  const toggleAll = useCallback((isChecked: boolean) => selection.setAll(list.items, isChecked), [selection, list.items]);

  // Keyboard: ↑/↓ move, Enter opens, Space ticks, / searches, n new case. Esc is the panel's.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const count = list.items.length;
      // Enter and Space on a focused button or link belong to it.
      const onControl = e.target instanceof HTMLElement && e.target.closest('button, a, [role="button"]') !== null;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if ((e.key === 'n' || e.key === 'N') && canCreate) {
        e.preventDefault();
        go('new');
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && count > 0) {
        e.preventDefault();
        const from = cursor ?? (openId !== null ? list.items.findIndex((i) => i.id === openId) : -1);
        const next = e.key === 'ArrowDown' ? Math.min(count - 1, from + 1) : Math.max(0, from - 1);
        setCursor(next);
        // With the panel open, it follows the keyboard.
        const item = list.items[next];
        if (openId !== null && item) go(item.id, listQuery, true);
      } else if (e.key === 'Enter' && cursor !== null && !onControl) {
        e.preventDefault();
        open(cursor);
      } else if (e.key === ' ' && cursor !== null && !onControl) {
        e.preventDefault();
        toggle(cursor, false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list.items, cursor, openId, canCreate, go, open, toggle, listQuery]);

  const finishBulk = (result: BulkResult | null) => {
    setBulkAction(null);
    if (result) selection.drop(result.done);
  };
  const created = (detail: IncidentDetail) => go(detail.id);
  const selectedRows = [...selection.selected.values()];

  return (
    <div className="gd-cases">
      <header className="gd-pagehead">
        <h1>案件</h1>
        <span className="gd-pagehead__meta" aria-live="polite">
          {list.total === null ? '正在统计…' : `共 ${list.total.toLocaleString('zh-CN')} 件`}
          {list.items.length > 0 && list.total !== null && list.items.length < list.total && (
            <span className="gd-muted">（已加载 {list.items.length.toLocaleString('zh-CN')} 件）</span>
          )}
        </span>
        <span className="gd-pagehead__spacer" />
        <span className="gd-cases__keys gd-muted">↑↓ 选择 · Enter 打开 · / 搜索 · N 新建</span>
        <ExportMenu total={list.total} isBusy={exporting.isBusy} isDisabled={!operator} onChoose={(format) => void exporting.start(format, filter)} />
        <button type="button" className="gd-iconbutton" onClick={list.reload} aria-label="刷新列表" title="刷新列表">
          <Icon name="refresh" size={15} />
        </button>
        <button
          type="button"
          className="gd-button gd-button--accent"
          disabled={!canCreate}
          title={canCreate ? '快捷键：N' : operator ? '领导账号只能查看' : '请先登录'}
          onClick={() => go('new')}
        >
          <Icon name="plus" size={15} />
          新建案件
        </button>
      </header>
      <CaseFilterBar query={query} options={options} onChange={setQuery} searchRef={searchRef} />
      {exporting.job && <ExportProgress job={exporting.job} onCancel={() => void exporting.cancel()} />}
      {options.error && (
        <div className="gd-cases__notice">
          <ErrorNotice error={options.error} action="读取筛选选项" onRetry={options.reload} />
        </div>
      )}
      {selectedRows.length > 0 && (
        <BulkBar selected={selectedRows} operator={operator} onAction={setBulkAction} onClear={selection.clear} />
      )}
      <div className={`gd-cases__body${openId !== null ? ' has-panel' : ''}`}>
        {list.error ? (
          <div className="gd-cases__notice">
            <ErrorNotice error={list.error} action="查询案件" onRetry={list.retry} />
          </div>
        ) : null}
        <CaseTable
          items={list.items}
          hasMore={list.hasMore}
          isLoading={list.isLoading}
          now={now}
          selectedIds={selection.ids}
          cursorIndex={cursor}
          openId={openId}
          onOpen={open}
          onToggle={toggle}
          onToggleAll={toggleAll}
          onNeedMore={list.loadMore}
        />
        {openId !== null && <CaseDetailPanel id={openId} onClose={close} onOpenCase={openById} />}
      </div>
      {bulkAction && operator && (
        <BulkDialog
          action={bulkAction}
          selected={selectedRows}
          operator={operator}
          persons={options.persons}
          onFinished={finishBulk}
          onCancel={() => setBulkAction(null)}
        />
      )}
      {isNew && (
        <CreateCaseDialog options={options} initialPoint={pointFromQuery(route.query)} onCreated={created} onCancel={() => go(undefined)} />
      )}
    </div>
  );
}
