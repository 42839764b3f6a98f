import { useState } from 'react';
import {
  ASSESS_INDICATORS,
  ASSESS_OBJECT_LABELS,
  ASSESS_OBJECT_TYPES,
  INDICATOR_INFO,
  NORMALISATIONS,
  type AssessIndicatorId,
  type AssessScheme,
  type Normalisation,
  type SchemeDefinition,
} from '../../../electron/contract';
import { DUTY_ROLES } from '../../../db/domain/codes';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/useToast';

const NORMALISATION_SHORT: Readonly<Record<Normalisation, string>> = { rate: '按比率', peers: '对比同类', target: '对比目标值' };

interface SchemeEditorProps {
  readonly scheme: AssessScheme;
  readonly onDone: () => void;
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

/**
 * An administrator's edit of a scheme: saved as its next version (the earlier ones never change). The host
 * checks the whole definition (weights summing to 100 among others) and its refusal is shown here, in place.
 */
export function SchemeEditor({ scheme, onDone }: SchemeEditorProps) {
  const save = useWrite('assess:scheme-save');
  const toast = useToast();
  const [d, setD] = useState<SchemeDefinition>(() => structuredClone(scheme.definition));
  const [error, setError] = useState<ApiError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const set = (next: Partial<SchemeDefinition>) => setD((old) => ({ ...old, ...next }));
  const unused = ASSESS_INDICATORS.filter((id) => !d.indicators.some((i) => i.id === id));
  const total = d.indicators.reduce((n, i) => n + (Number.isFinite(i.weight) ? i.weight : 0), 0);

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await save({ id: scheme.id, definition: d });
      toast.show({ tone: 'success', text: '已保存考核方案', detail: `${saved.definition.name}：第 ${saved.version} 版` });
      onDone();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="gd-assess-editor"
      aria-label="编辑考核方案"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="gd-assess-editor__grid">
        <label>
          方案名称
          <input className="gd-input gd-input--small" value={d.name} maxLength={TEXT_LIMITS.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          最少案件数
          <input
            className="gd-input gd-input--small gd-assess-editor__num"
            type="number"
            min={0}
            value={d.minCases}
            onChange={(e) => set({ minCases: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
          />
        </label>
        <fieldset>
          <legend>考核对象</legend>
          {ASSESS_OBJECT_TYPES.map((t) => (
            <label key={t} className="gd-assess-editor__check">
              <input type="checkbox" checked={d.objects.includes(t)} onChange={(e) => set({ objects: toggle(d.objects, t, e.target.checked) })} />
              {ASSESS_OBJECT_LABELS[t]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>人员岗位</legend>
          {DUTY_ROLES.map((r) => (
            <label key={r} className="gd-assess-editor__check">
              <input type="checkbox" checked={d.personDuties.includes(r)} onChange={(e) => set({ personDuties: toggle(d.personDuties, r, e.target.checked) })} />
              {DUTY_ROLE_LABELS[r]}
            </label>
          ))}
        </fieldset>
      </div>
      <table className="gd-table gd-assess-editor__table" aria-label="指标与权重">
        <thead>
          <tr>
            <th>指标</th>
            <th className="gd-num">权重</th>
            <th>方向</th>
            <th>计分方法</th>
            <th className="gd-num">目标值</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {d.indicators.map((i, k) => {
            const update = (next: Partial<(typeof d.indicators)[number]>) => set({ indicators: d.indicators.map((x, j) => (j === k ? { ...x, ...next } : x)) });
            return (
              <tr key={i.id}>
                <td>{INDICATOR_INFO[i.id].label}</td>
                <td className="gd-num">
                  <input
                    className="gd-input gd-input--small gd-assess-editor__num"
                    type="number"
                    step="any"
                    aria-label={`${INDICATOR_INFO[i.id].label}权重`}
                    value={Number.isFinite(i.weight) ? i.weight : ''}
                    onChange={(e) => update({ weight: Number(e.target.value) })}
                  />
                </td>
                <td>
                  <select className="gd-select gd-select--small" aria-label={`${INDICATOR_INFO[i.id].label}方向`} value={i.direction} onChange={(e) => update({ direction: e.target.value as 'higher' | 'lower' })}>
                    <option value="higher">越高越好</option>
                    <option value="lower">越低越好</option>
                  </select>
                </td>
                <td>
                  <select className="gd-select gd-select--small" aria-label={`${INDICATOR_INFO[i.id].label}计分方法`} value={i.normalisation} onChange={(e) => update({ normalisation: e.target.value as Normalisation })}>
                    {NORMALISATIONS.map((n) => (
                      <option key={n} value={n}>
                        {NORMALISATION_SHORT[n]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="gd-num">
                  {i.normalisation === 'target' && (
                    <input
                      className="gd-input gd-input--small gd-assess-editor__num"
                      type="number"
                      step="any"
                      aria-label={`${INDICATOR_INFO[i.id].label}目标值`}
                      value={i.target ?? ''}
                      onChange={(e) => update({ target: e.target.value === '' ? null : Number(e.target.value) })}
                    />
                  )}
                </td>
                <td>
                  <button type="button" className="gd-linkbutton" onClick={() => set({ indicators: d.indicators.filter((_, j) => j !== k) })}>
                    移除
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td>
              {unused.length > 0 && (
                <select
                  className="gd-select gd-select--small"
                  aria-label="添加指标"
                  value=""
                  onChange={(e) => {
                    const id = e.target.value as AssessIndicatorId;
                    if (id) set({ indicators: [...d.indicators, { id, weight: 0, direction: INDICATOR_INFO[id].direction, normalisation: INDICATOR_INFO[id].kind === 'rate' ? 'rate' : 'peers' }] });
                  }}
                >
                  <option value="">＋ 添加指标…</option>
                  {unused.map((id) => (
                    <option key={id} value={id}>
                      {INDICATOR_INFO[id].label}
                    </option>
                  ))}
                </select>
              )}
            </td>
            <td className={`gd-num${Math.abs(total - 100) > 1e-9 ? ' gd-assess-lost' : ''}`}>合计 {Math.round(total * 100) / 100}</td>
            <td colSpan={4} className="gd-muted">
              权重之和须为 100
            </td>
          </tr>
        </tfoot>
      </table>
      <div className="gd-assess-editor__grid">
        <fieldset>
          <legend>扣分规则</legend>
          {d.deductions.map((x, k) => {
            const update = (next: Partial<(typeof d.deductions)[number]>) => set({ deductions: d.deductions.map((y, j) => (j === k ? { ...y, ...next } : y)) });
            return (
              <div key={k} className="gd-assess-editor__line">
                <select className="gd-select gd-select--small" aria-label="扣分项" value={x.indicator} onChange={(e) => update({ indicator: e.target.value as AssessIndicatorId })}>
                  {ASSESS_INDICATORS.filter((id) => INDICATOR_INFO[id].kind === 'count').map((id) => (
                    <option key={id} value={id}>
                      {INDICATOR_INFO[id].label}
                    </option>
                  ))}
                </select>
                每件扣
                <input className="gd-input gd-input--small gd-assess-editor__num" type="number" step="any" min={0} aria-label="每件扣分" value={x.pointsEach} onChange={(e) => update({ pointsEach: Number(e.target.value) })} />
                分，最多扣
                <input className="gd-input gd-input--small gd-assess-editor__num" type="number" step="any" min={0} aria-label="最多扣分" value={x.cap} onChange={(e) => update({ cap: Number(e.target.value) })} />
                分
                <button type="button" className="gd-linkbutton" onClick={() => set({ deductions: d.deductions.filter((_, j) => j !== k) })}>
                  移除
                </button>
              </div>
            );
          })}
          <button type="button" className="gd-linkbutton" onClick={() => set({ deductions: [...d.deductions, { indicator: 'supervisedCases', pointsEach: 2, cap: 10 }] })}>
            ＋ 添加扣分项
          </button>
        </fieldset>
        <fieldset>
          <legend>等级划分（分数下限与颜色）</legend>
          {d.grades.map((g, k) => (
            <div key={g.grade} className="gd-assess-editor__line">
              <b className="gd-assess-editor__grade">{g.grade}</b>
              <input
                className="gd-input gd-input--small gd-assess-editor__num"
                type="number"
                step="any"
                min={0}
                max={100}
                aria-label={`${g.grade}的分数下限`}
                value={g.min}
                onChange={(e) => set({ grades: d.grades.map((x, j) => (j === k ? { ...x, min: Number(e.target.value) } : x)) })}
              />
              分及以上
              <input type="color" aria-label={`${g.grade}的颜色`} value={g.colour} onChange={(e) => set({ grades: d.grades.map((x, j) => (j === k ? { ...x, colour: e.target.value } : x)) })} />
            </div>
          ))}
        </fieldset>
      </div>
      {error && <ErrorNotice error={error} action="保存考核方案" />}
      <div className="gd-assess-editor__actions">
        <BusyButton type="submit" className="gd-button gd-button--primary" isBusy={isSaving}>
          保存为新版本
        </BusyButton>
        <button type="button" className="gd-button" onClick={onDone}>
          取消
        </button>
        <span className="gd-muted">保存后成为方案第 {scheme.version + 1} 版；已发布的结果仍按发布时的版本。</span>
      </div>
    </form>
  );
}
