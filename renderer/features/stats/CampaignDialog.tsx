import { useState, type FormEvent } from 'react';
import type { Campaign, Category } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { TextField } from '../../ui/TextField';
import { AreaPicker } from './AreaPicker';
import { CategoryChecklist } from './CategoryChecklist';
import { addDays } from '../../../db/domain/time';
import type { Areas } from './useAreas';

interface CampaignDialogProps {
  readonly areas: Areas;
  readonly categories: readonly Category[];
  /** Today, 'YYYY-MM-DD' (Shanghai): the default start. */
  readonly today: string;
  /** Preselected area (the dashboard's). */
  readonly initialArea: string | null;
  readonly onCreated: (campaign: Campaign) => void;
  readonly onCancel: () => void;
}

type Errors = Partial<Record<'name' | 'dates' | 'area' | 'categories' | 'target', string>>;

/** 发起专项行动: name, dates, area, categories, an optional target. */
export function CampaignDialog({ areas, categories, today, initialArea, onCreated, onCancel }: CampaignDialogProps) {
  const createCampaign = useWrite('campaigns:create');
  const [name, setName] = useState('');
  const [startDate, setStartDate] = useState(today);
  const [endDate, setEndDate] = useState(addDays(today, 29));
  const [area, setArea] = useState<string | null>(initialArea);
  const [categoryIds, setCategoryIds] = useState<ReadonlySet<number>>(new Set());
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [isSaving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  const validate = (): Errors => {
    const e: Errors = {};
    if (!name.trim()) e.name = '请填写行动名称';
    if (!startDate || !endDate) e.dates = '请填写起止日期';
    else if (endDate < startDate) e.dates = '结束日期不能早于开始日期';
    if (!(area ?? areas.district?.code)) e.area = '请选择区域';
    if (categoryIds.size === 0) e.categories = '请至少选择一个问题类别';
    if (target.trim() && !/^[1-9]\d{0,8}$/.test(target.trim())) e.target = '目标应为正整数';
    return e;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    const areaCode = area ?? areas.district?.code;
    if (Object.keys(found).length > 0 || !areaCode) return;
    setSaving(true);
    setSaveError(null);
    try {
      const campaign = await createCampaign({
        name: name.trim(),
        startDate,
        endDate,
        areaCode,
        categoryIds: [...categoryIds],
        target: target.trim() ? Number(target.trim()) : null,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onCreated(campaign);
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title="发起专项行动"
      subtitle="行动期间在所选区域内结案的所选类别案件，自动计入行动成效。"
      onClose={isSaving ? undefined : onCancel}
      footer={
        <>
          <button type="button" className="gd-button" disabled={isSaving} onClick={onCancel}>
            取消
          </button>
          <BusyButton type="submit" form="gd-campaign-form" className="gd-button gd-button--accent" isBusy={isSaving}>
            发起行动
          </BusyButton>
        </>
      }
    >
      <form id="gd-campaign-form" className="gd-campaignform" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="gd-campaign-name"
          label="行动名称"
          limit="name"
          isRequired
          error={errors.name}
          value={name}
          placeholder="例如：“三清”专项行动"
          onChange={setName}
        />
        <Field label="起止日期" isRequired error={errors.dates}>
          <input type="date" className="gd-input" aria-label="开始日期" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          <span className="gd-campaignform__to">至</span>
          <input type="date" className="gd-input" aria-label="结束日期" value={endDate} min={startDate} onChange={(e) => setEndDate(e.target.value)} />
        </Field>
        <Field label="区域" isRequired error={errors.area}>
          <AreaPicker areas={areas} value={area} onChange={setArea} />
        </Field>
        <Field label="问题类别" isRequired error={errors.categories}>
          <CategoryChecklist categories={categories} value={categoryIds} onChange={setCategoryIds} />
        </Field>
        <div className="gd-campaignform__row">
          <Field label="目标（可选）" htmlFor="gd-campaign-target" error={errors.target} hint="完成数量，例如清理 4200 处">
            <input
              id="gd-campaign-target"
              className="gd-input"
              inputMode="numeric"
              value={target}
              placeholder="不设目标"
              onChange={(e) => setTarget(e.target.value)}
            />
          </Field>
          <TextField id="gd-campaign-note" label="备注（可选）" limit="campaignNote" value={note} onChange={setNote} />
        </div>
        {saveError && <ErrorNotice error={saveError} action="发起专项行动" />}
      </form>
    </Dialog>
  );
}
