import { useMemo, useState } from 'react';
import type { CategoryKind, DuplicateCandidate, IncidentDetail, IncidentSource } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useWrite } from '../../api/useCall';
import { SOURCE_LABELS } from '../../../db/domain/labels';
import { canEditReferenceData, mayCall, rolesFor } from '../../domain/permissions';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import type { CaseFilterOptions } from '../cases/useCaseFilterOptions';
import { HotlineOrderFields } from '../hotline/HotlineOrderFields';
import { emptyOrderDraft, hasOrderProblems, orderInput, orderProblems, type OrderProblems } from '../hotline/orderDraft';
import { useGridLayers } from '../map/useGridLayers';
import { useOperator } from '../session/useOperator';
import { CategoryPicker } from './CategoryPicker';
import { DuplicateReview } from './DuplicateReview';
import { LocationPicker, type CoordinateDraft } from './LocationPicker';
import { useGridLookup } from './useGridLookup';
import './caseCreate.css';

interface CreateCaseDialogProps {
  readonly options: CaseFilterOptions;
  /** A location to start from (e.g. a point picked on the map page), WGS-84. */
  readonly initialPoint?: { lon: number; lat: number } | null;
  readonly onCreated: (detail: IncidentDetail) => void;
  readonly onCancel: () => void;
}

/** Where a report registered at the desk comes from ('import' is set by imports only). */
const SOURCE_OPTIONS = (['patrol', 'hotline', 'video', 'referral'] as const).map((s) => ({ value: s, label: SOURCE_LABELS[s] }));

interface Problems {
  category?: string;
  description?: string;
  location?: string;
}

function parseCoordinate(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** 新建案件: category, description, location (map or typed, any coordinate system), grid found live, duplicates checked. */
export function CreateCaseDialog({ options, initialPoint, onCreated, onCancel }: CreateCaseDialogProps) {
  const api = useApi();
  const createIncident = useWrite('incidents:create');
  const createOrder = useWrite('hotline:create');
  const linkDuplicate = useWrite('incidents:link-duplicate');
  const toast = useToast();
  const { operator } = useOperator();
  const { layers, error: layersError, reload: reloadLayers } = useGridLayers();

  const [kind, setKind] = useState<CategoryKind>('event');
  const [categoryId, setCategoryId] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [coords, setCoords] = useState<CoordinateDraft>(() => ({
    lonText: initialPoint ? initialPoint.lon.toFixed(6) : '',
    latText: initialPoint ? initialPoint.lat.toFixed(6) : '',
    crs: 'wgs84',
  }));
  const [manualGrid, setManualGrid] = useState('');
  const [source, setSource] = useState<IncidentSource>('patrol');
  const [reporter, setReporter] = useState('');
  const [urgent, setUrgent] = useState<boolean | null>(null);
  const [fixedOnSpot, setFixedOnSpot] = useState(false);
  const [order, setOrder] = useState(() => emptyOrderDraft(Date.now()));
  const [orderIssues, setOrderIssues] = useState<OrderProblems>({});
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [step, setStep] = useState<'form' | 'checking' | 'duplicates'>('form');
  const [candidates, setCandidates] = useState<readonly DuplicateCandidate[]>([]);
  const [busy, setBusy] = useState<number | 'new' | null>(null);

  const lon = parseCoordinate(coords.lonText, -180, 180);
  const lat = parseCoordinate(coords.latText, -90, 90);
  const hasCoordinates = coords.lonText.trim() !== '' || coords.latText.trim() !== '';
  const point = useMemo(() => (lon !== null && lat !== null ? { lon, lat, crs: coords.crs } : null), [lon, lat, coords.crs]);
  const lookup = useGridLookup(point);
  const category = categoryId ? options.categoryById.get(Number(categoryId)) : undefined;
  const isUrgent = urgent ?? category?.isUrgent ?? false;
  // 来源 12345热线, entered by those who may: a work order (hotline:create), its place optional.
  const canEnterOrder = mayCall('hotline:create', operator);
  const isOrder = source === 'hotline' && canEnterOrder;

  const validate = (): Problems => {
    const next: Problems = {};
    if (!category) next.category = '请选择案件类别（小类）';
    if (!description.trim()) next.description = '请填写问题描述';
    if (hasCoordinates) {
      if (!coords.lonText.trim() || !coords.latText.trim()) next.location = '经度和纬度需同时填写';
      else if (lon === null || lat === null) next.location = '坐标格式不正确：经度 -180～180，纬度 -90～90，用小数表示';
      else if (lookup.isLoading) next.location = '正在查找所在网格，请稍候再保存';
      else if (lookup.location?.grid === null && !manualGrid) next.location = '该位置不在任何网格内，请手动选择网格';
    } else if (!manualGrid && !isOrder) {
      next.location = '请在地图上点选位置、填写坐标，或选择网格';
    }
    return next;
  };

  const create = async (original: DuplicateCandidate | null) => {
    if (!operator || !category) return;
    setBusy(original ? original.id : 'new');
    setFailure(null);
    try {
      const useManualGrid = manualGrid && (!point || lookup.location?.grid === null);
      const created = await createIncident({
        categoryId: category.id,
        description: description.trim(),
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(point ? { lon: point.lon, lat: point.lat, crs: point.crs } : {}),
        ...(useManualGrid ? { gridCode: manualGrid } : {}),
        source,
        ...(reporter.trim() ? { reporter: reporter.trim() } : {}),
        priority: isUrgent ? 'urgent' : 'normal',
        fixedOnSpot,
      });
      let result = created;
      if (original) {
        try {
          result = await linkDuplicate({
            incidentId: created.id,
            originalId: original.id,
            expectedVersion: created.version,
          });
        } catch (e) {
          toast.show({ tone: 'error', text: `案件 ${created.caseNo} 已登记，但未能标记为重复`, detail: toApiError(e).message });
          onCreated(created);
          return;
        }
      }
      toast.show({
        tone: 'success',
        text: original ? `已登记并标记为 ${original.caseNo} 的重复` : '已登记新案件',
        detail: `案件编号 ${result.caseNo}`,
      });
      onCreated(result);
    } catch (e) {
      setFailure(toApiError(e));
      setStep('form');
      setBusy(null);
    }
  };

  /** An order: hotline:create, then the new case as the desk shows it. No duplicate check: the order number is the identity. */
  const createOrderCase = async () => {
    if (!operator || !category) return;
    setBusy('new');
    setFailure(null);
    try {
      const useManualGrid = manualGrid && (!point || lookup.location?.grid === null);
      const created = await createOrder(
        orderInput(order, {
          content: description.trim(),
          categoryId: category.id,
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(useManualGrid ? { gridCode: manualGrid } : {}),
          ...(point ? { lon: point.lon, lat: point.lat, crs: point.crs } : {}),
        }),
      );
      const result = await api['incidents:get']({ id: created.incidentId });
      toast.show({
        tone: 'success',
        text: '已登记 12345 工单',
        detail: `工单 ${order.orderNo.trim()} · 案件编号 ${created.caseNo}，待签收${result.gridCode === null ? '，请指定网格' : ''}`,
      });
      onCreated(result);
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(null);
    }
  };

  const save = async () => {
    const next = validate();
    setProblems(next);
    const nextOrder = isOrder ? orderProblems(order, Date.now()) : {};
    setOrderIssues(nextOrder);
    if (next.category || next.description || next.location || !category || hasOrderProblems(nextOrder)) return;
    setFailure(null);
    if (isOrder) {
      await createOrderCase();
      return;
    }
    if (point) {
      setStep('checking');
      try {
        const found = await api['incidents:suggest-duplicates']({ categoryId: category.id, lon: point.lon, lat: point.lat, crs: point.crs });
        if (found.length > 0) {
          setCandidates(found);
          setStep('duplicates');
          return;
        }
      } catch (e) {
        // The check is advice: say it failed, and let the user save anyway.
        toast.show({ tone: 'info', text: '未能检查重复案件', detail: toApiError(e).message });
      }
    }
    await create(null);
  };

  const isSaving = step === 'checking' || busy !== null;
  return (
    <Dialog
      title="新建案件"
      subtitle={operator ? `登记人：${operator.name}` : '请先登录'}
      size="large"
      onClose={isSaving ? undefined : onCancel}
      footer={
        step === 'duplicates' ? undefined : (
          <>
            <span className="gd-dialog__foot-note">* 为必填项</span>
            <button type="button" className="gd-button" onClick={onCancel} disabled={isSaving}>
              取消
            </button>
            <BusyButton className="gd-button gd-button--accent" isBusy={isSaving} disabled={!operator} onClick={() => void save()}>
              {step === 'checking' ? '正在检查重复…' : isOrder ? '登记工单' : '保存案件'}
            </BusyButton>
          </>
        )
      }
    >
      {step === 'duplicates' ? (
        <DuplicateReview
          candidates={candidates}
          busyId={busy}
          canLink={canEditReferenceData(operator)}
          onLink={(c) => void create(c)}
          onCreateAnyway={() => void create(null)}
          onBack={() => setStep('form')}
        />
      ) : (
        <form
          className="gd-createcase"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="gd-createcase__fields">
            <Field label="案件类别" isRequired error={problems.category} htmlFor="gd-new-category">
              <CategoryPicker
                id="gd-new-category"
                categories={options.categories}
                kind={kind}
                value={categoryId}
                onKindChange={(k) => {
                  setKind(k);
                  setCategoryId('');
                }}
                onChange={setCategoryId}
              />
            </Field>
            <TextField
              id="gd-new-description"
              label={isOrder ? '诉求内容' : '问题描述'}
              limit="description"
              multiline
              rows={4}
              isRequired
              error={problems.description}
              value={description}
              placeholder={isOrder ? '市民反映的问题，如：小区门口垃圾堆放多日无人清理' : '现场情况，如：人行道上堆放生活垃圾约 2 立方米'}
              onChange={setDescription}
            />
            <TextField
              id="gd-new-address"
              label={isOrder ? '诉求地址' : '地址'}
              limit="address"
              value={address}
              placeholder="如：芙蓉中路二段 188 号门前"
              onChange={setAddress}
            />
            <div className="gd-createcase__row">
              <SelectField
                id="gd-new-source"
                label="来源"
                options={SOURCE_OPTIONS}
                value={source}
                onChange={setSource}
                hint={
                  isOrder
                    ? '按 12345 工单登记：先签收，再立案'
                    : source === 'hotline'
                      ? `登记 12345 工单需${rolesFor('hotline:create')}；本案将作为普通案件登记`
                      : undefined
                }
              />
              {!isOrder && (
                <TextField id="gd-new-reporter" label="上报人" limit="name" value={reporter} placeholder="姓名或热线工单号" onChange={setReporter} />
              )}
            </div>
            {isOrder && <HotlineOrderFields value={order} onChange={setOrder} problems={orderIssues} />}
            {!isOrder && (
              <div className="gd-createcase__checks">
                <label className="gd-check">
                  <input type="checkbox" checked={isUrgent} onChange={(e) => setUrgent(e.target.checked)} />
                  紧急{category?.isUrgent && urgent === null ? '（该类别默认紧急）' : ''}
                </label>
                <label className="gd-check">
                  <input type="checkbox" checked={fixedOnSpot} onChange={(e) => setFixedOnSpot(e.target.checked)} />
                  现场已自行处置（直接进入待核查）
                </label>
              </div>
            )}
            {failure && (
              <div className="gd-createcase__failure">
                <ErrorNotice error={failure} action={isOrder ? '登记工单' : '保存案件'} />
              </div>
            )}
          </div>
          <div className="gd-createcase__location">
            <div className="gd-field__label">
              位置
              {isOrder ? (
                <span className="gd-muted">（选填：不定位时签收后由监督员指定网格）</span>
              ) : (
                <span className="gd-field__required">*</span>
              )}
            </div>
            {layersError ? (
              <ErrorNotice error={layersError} action="读取网格边界" onRetry={reloadLayers} />
            ) : layers ? (
              <LocationPicker
                layers={layers}
                value={coords}
                onChange={setCoords}
                lookup={lookup}
                manualGrid={manualGrid}
                onManualGrid={setManualGrid}
                streets={options.streets}
                gridsByStreet={options.gridsByStreet}
                hasCoordinates={hasCoordinates}
                error={problems.location ?? null}
              />
            ) : (
              <Spinner label="正在载入地图…" />
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
