import type { IncidentDetail } from '../../../electron/contract';
import { CRS_SHORT_LABELS, SOURCE_LABELS } from '../../../db/domain/labels';
import { formatDateTime } from '../../domain/time';

const time = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));

/** Every field of the case, label beside value. */
export function CaseFacts({ detail }: { detail: IncidentDetail }) {
  const coordinates =
    detail.lon !== null && detail.lat !== null
      ? `${detail.lon.toFixed(6)}, ${detail.lat.toFixed(6)}`
      : '—';
  const sourceCoordinates =
    detail.sourceCrs !== 'wgs84' && detail.sourceLon !== null && detail.sourceLat !== null
      ? `原始 ${detail.sourceLon.toFixed(6)}, ${detail.sourceLat.toFixed(6)} ${CRS_SHORT_LABELS[detail.sourceCrs]}`
      : null;
  return (
    <dl className="gd-facts">
      <div className="gd-facts__wide">
        <dt>问题描述</dt>
        <dd className="gd-facts__description">{detail.description}</dd>
      </div>
      <div className="gd-facts__wide">
        <dt>地址</dt>
        <dd>{detail.address ?? '—'}</dd>
      </div>
      <div>
        <dt>类别</dt>
        <dd>
          {detail.bigClassName} / {detail.categoryName} <span className="gd-muted gd-mono">{detail.categoryCode}</span>
        </dd>
      </div>
      <div>
        <dt>街道 / 网格</dt>
        <dd>
          {detail.streetName ?? '—'} / {detail.gridName ?? '—'}
          {detail.gridCode && <div className="gd-muted gd-mono">{detail.gridCode}</div>}
        </dd>
      </div>
      <div>
        <dt>责任人 / 单位</dt>
        <dd>
          {detail.assigneeName ?? <span className="gd-muted">{detail.unitName ? '待单位内人员签收' : '未分配'}</span>}
          {detail.unitName && <div className="gd-muted">{detail.unitName}</div>}
        </dd>
      </div>
      <div>
        <dt>来源 / 上报人</dt>
        <dd>
          {SOURCE_LABELS[detail.source]}
          {detail.reporter ? ` · ${detail.reporter}` : ''}
        </dd>
      </div>
      <div>
        <dt>上报时间</dt>
        <dd>{time(detail.reportedAt)}</dd>
      </div>
      <div>
        <dt>立案时间</dt>
        <dd>{time(detail.registeredAt)}</dd>
      </div>
      <div>
        <dt>派遣时间</dt>
        <dd>{time(detail.dispatchedAt)}</dd>
      </div>
      <div>
        <dt>处置期限</dt>
        <dd>{time(detail.dueAt)}</dd>
      </div>
      <div>
        <dt>反馈时间</dt>
        <dd>{time(detail.handledAt)}</dd>
      </div>
      <div>
        <dt>结案时间</dt>
        <dd>{time(detail.closedAt)}</dd>
      </div>
      <div>
        <dt>延期 / 返工</dt>
        <dd>
          {detail.extensionCount} 次 / {detail.reworkCount} 次
        </dd>
      </div>
      <div>
        <dt>坐标</dt>
        <dd className="gd-mono gd-facts__coords">
          {coordinates}
          {detail.lon !== null && <span className="gd-muted"> WGS-84</span>}
          {sourceCoordinates && <div className="gd-muted">{sourceCoordinates}</div>}
        </dd>
      </div>
    </dl>
  );
}
