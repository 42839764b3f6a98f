import { useMemo, useState, type ReactNode } from 'react';
import { UNIT_KINDS, UNIT_KIND_LABELS, type UnitKind, type UnitSummary } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { mayCall, type DeskOperator } from '../../domain/permissions';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Select } from '../../ui/SelectField';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { useCaseFilterOptions } from '../cases/useCaseFilterOptions';
import { UnitDialog } from './UnitDialog';
import { UnitPanel } from './UnitPanel';
import './units.css';

interface UnitsViewProps {
  readonly operator: DeskOperator | null;
  /** The view switch, shown in the page head. */
  readonly switcher: ReactNode;
}

/** Units in tree order: each parent followed by its sub-units (by code), with their depth. */
export function unitTree(units: readonly UnitSummary[]): { unit: UnitSummary; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<number | null, UnitSummary[]>();
  for (const u of units) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: { unit: UnitSummary; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const KIND_OPTIONS = UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

/** 责任单位: the district's units as a tree, with staff and open cases; administrators add, edit, deactivate. */
export function UnitsView({ operator, switcher }: UnitsViewProps) {
  const units = useCall('units:list', {});
  const setActive = useWrite('units:deactivate');
  const toast = useToast();
  const canEdit = mayCall('units:save', operator);
  const editTitle = canEdit ? undefined : '需管理员操作';
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<UnitKind | ''>('');
  const [activeOnly, setActiveOnly] = useState(true);
  const [editing, setEditing] = useState<UnitSummary | 'new' | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const options = useCaseFilterOptions();
  const selected = units.data?.find((u) => u.id === selectedId) ?? null;

  const rows = useMemo(() => {
    const q = query.trim();
    const matches = (u: UnitSummary) =>
      (!activeOnly || u.active) && (!kind || u.kind === kind) && (!q || u.name.includes(q) || u.code.toLowerCase().includes(q.toLowerCase()));
    const all = units.data ?? [];
    // A filter keeps the tree readable: a match's ancestors stay, dimmed.
    const byId = new Map(all.map((u) => [u.id, u]));
    const keep = new Set<number>();
    for (const u of all.filter(matches)) {
      for (let p: UnitSummary | undefined = u; p && !keep.has(p.id); p = p.parentId === null ? undefined : byId.get(p.parentId)) keep.add(p.id);
    }
    return unitTree(all.filter((u) => keep.has(u.id))).map((r) => ({ ...r, isMatch: matches(r.unit) }));
  }, [units.data, query, kind, activeOnly]);
  const totals = useMemo(() => {
    const all = units.data ?? [];
    return { all: all.length, active: all.filter((u) => u.active).length, open: all.reduce((n, u) => n + u.openCases, 0) };
  }, [units.data]);

  const toggle = async (u: UnitSummary) => {
    setBusy(u.id);
    try {
      await setActive({ id: u.id, active: !u.active });
      toast.show({ tone: 'success', text: `${u.name}已${u.active ? '停用' : '启用'}`, detail: u.active ? '不再接收派遣；已有案件和人员保持不变' : undefined });
    } catch (e) {
      toast.show({ tone: 'error', text: `未能${u.active ? '停用' : '启用'}${u.name}`, detail: toApiError(e).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="gd-persons gd-units">
      <header className="gd-pagehead">
        <h1>责任单位</h1>
        {switcher}
        {units.data && (
          <span className="gd-pagehead__meta">
            共 {totals.all} 个单位，在用 {totals.active} 个，在办案件 {totals.open} 件
          </span>
        )}
        <span className="gd-pagehead__spacer" />
        <label className="gd-search gd-persons__search">
          <Icon name="search" size={15} />
          <input type="search" value={query} placeholder="搜索单位名称或编码" aria-label="搜索责任单位" onChange={(e) => setQuery(e.target.value)} />
        </label>
        <Select<UnitKind> label="单位类型" isSmall value={kind} placeholder="全部类型" options={KIND_OPTIONS} onChange={setKind} />
        <label className="gd-check">
          <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />
          仅显示在用
        </label>
        <button type="button" className="gd-button gd-button--accent" disabled={!canEdit} title={editTitle} onClick={() => setEditing('new')}>
          <Icon name="plus" size={15} />
          新建单位
        </button>
      </header>
      <div className="gd-persons__body">
        {units.error ? (
          <div className="gd-persons__notice">
            <ErrorNotice error={units.error} action="读取责任单位" onRetry={units.reload} />
          </div>
        ) : !units.data ? (
          <div className="gd-persons__notice">
            <Spinner label="正在读取责任单位…" />
          </div>
        ) : (
          <div className="gd-persontable__scroll">
            <table className={`gd-persontable gd-unittable${selected ? ' is-narrow' : ''}`} aria-label="责任单位列表">
              <thead>
                <tr>
                  <th>单位名称</th>
                  <th>编码</th>
                  <th>类型</th>
                  <th>负责街道</th>
                  <th className="gd-unittable__wide">联系电话</th>
                  <th className="gd-num">人员</th>
                  <th className="gd-num">在办案件</th>
                  <th>状态</th>
                  <th className="gd-unittable__actions gd-unittable__wide">
                    <span className="gd-visually-hidden">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ unit: u, depth, isMatch }) => (
                  <tr
                    key={u.id}
                    data-unit-code={u.code}
                    className={`${u.active ? '' : 'is-inactive'}${isMatch ? '' : ' is-context'}${u.id === selectedId ? ' is-selected' : ''}`}
                    aria-selected={u.id === selectedId}
                    onClick={() => setSelectedId(u.id)}
                  >
                    <td>
                      <span className="gd-unittable__name" style={{ paddingLeft: depth * 20 }}>
                        {depth > 0 && <span className="gd-unittable__branch" aria-hidden="true" />}
                        <button type="button" className="gd-persontable__name" onClick={() => setSelectedId(u.id)}>
                          {u.name}
                        </button>
                      </span>
                    </td>
                    <td className="gd-mono gd-persontable__muted">{u.code}</td>
                    <td>
                      <span className={`gd-unitkind gd-unitkind--${u.kind}`}>{UNIT_KIND_LABELS[u.kind]}</span>
                    </td>
                    <td className="gd-persontable__muted">{u.streetName ?? '全区'}</td>
                    <td className="gd-mono gd-persontable__muted gd-unittable__wide">{u.phone ?? '—'}</td>
                    <td className="gd-num">{u.persons}</td>
                    <td className="gd-num">{u.openCases}</td>
                    <td>{u.active ? <span className="gd-tag gd-tag--info">在用</span> : <span className="gd-tag">已停用</span>}</td>
                    <td className="gd-unittable__actions gd-unittable__wide" onClick={(e) => e.stopPropagation()}>
                      {canEdit && (
                        <>
                          <button type="button" className="gd-button gd-button--small" aria-label={`编辑${u.name}`} onClick={() => setEditing(u)}>
                            编辑
                          </button>
                          <BusyButton
                            className={`gd-button gd-button--small${u.active ? ' gd-button--danger' : ''}`}
                            isBusy={busy === u.id}
                            aria-label={`${u.active ? '停用' : '启用'}${u.name}`}
                            onClick={() => void toggle(u)}
                          >
                            {u.active ? '停用' : '启用'}
                          </BusyButton>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 && <div className="gd-empty">{totals.all === 0 ? '还没有责任单位：点「新建单位」添加。' : '没有符合条件的单位。'}</div>}
          </div>
        )}
        {selected && (
          <UnitPanel
            unit={selected}
            canEdit={canEdit}
            options={options}
            isBusy={busy === selected.id}
            onEdit={() => setEditing(selected)}
            onToggle={() => void toggle(selected)}
            onClose={() => setSelectedId(null)}
          />
        )}
      </div>
      {editing && (
        <UnitDialog
          unit={editing === 'new' ? null : editing}
          units={units.data ?? []}
          onSaved={() => setEditing(null)}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}
