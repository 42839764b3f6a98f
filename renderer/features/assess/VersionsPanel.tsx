import { useState } from 'react';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { shanghaiDateTime } from '../../../db/domain/time';
import { DiffView } from './DiffView';
import { Panel } from '../stats/Panel';

interface VersionsPanelProps {
  readonly schemeId: number;
  readonly month: string;
  readonly shown: number | null;
  readonly onShow: (version: number | null) => void;
  readonly onNavigate: (hash: string) => void;
}

/** The month's published versions (hash re-verified by the host) and what moved between two of them. */
export function VersionsPanel({ schemeId, month, shown, onShow, onNavigate }: VersionsPanelProps) {
  const published = useCall('assess:published', { month, schemeId });
  const list = published.data ?? [];
  const [compare, setCompare] = useState<{ from: number; to: number | null } | null>(null);
  const latest = list[0]?.version ?? null;
  const pair = compare ?? (latest !== null && latest > 1 ? { from: latest - 1, to: latest } : latest !== null ? { from: latest, to: null } : null);
  const diff = useCall('assess:diff', { schemeId, month, from: pair?.from ?? 1, to: pair?.to ?? null }, { enabled: pair !== null });

  return (
    <div className="gd-assess-versions">
      <Panel title="已发布版本" note="发布后的结果不随案件修改而变化；每版的 SHA-256 由主机重新核对">
        {published.error && <ErrorNotice error={published.error} action="读取已发布版本" onRetry={published.reload} />}
        {!published.data && !published.error && <Spinner label="正在读取…" />}
        {published.data && list.length === 0 && <p className="gd-stats-empty">本月尚未发布考核结果。</p>}
        {list.length > 0 && (
          <table className="gd-table" aria-label="已发布版本">
            <thead>
              <tr>
                <th>版本</th>
                <th>发布时间</th>
                <th>发布人</th>
                <th>方案</th>
                <th>SHA-256</th>
                <th>核对</th>
                <th className="gd-table__actions">操作</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.id} className={v.version === shown ? 'is-selected' : undefined}>
                  <td>第 {v.version} 版</td>
                  <td className="gd-nowrap">{shanghaiDateTime(v.publishedAt)}</td>
                  <td>{v.publishedBy}</td>
                  <td>
                    {v.schemeName}（第 {v.schemeVersion} 版）
                  </td>
                  <td>
                    <code className="gd-assess-hash" title={v.hash}>
                      {v.hash}
                    </code>
                  </td>
                  <td>{v.isVerified ? <span className="gd-assess-ok">一致</span> : <span className="gd-assess-lost">不一致：发布内容已被改动</span>}</td>
                  <td className="gd-table__actions">
                    <button type="button" className="gd-linkbutton" onClick={() => onShow(v.version)}>
                      查看排名
                    </button>
                    {v.version > 1 && (
                      <button type="button" className="gd-linkbutton" onClick={() => setCompare({ from: v.version - 1, to: v.version })}>
                        与第 {v.version - 1} 版比较
                      </button>
                    )}
                    <button type="button" className="gd-linkbutton" onClick={() => setCompare({ from: v.version, to: null })}>
                      与当前草稿比较
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {pair && (
        <Panel title="版本变动" note="哪些对象的得分与名次变了，因为哪些案件">
          {diff.error && <ErrorNotice error={diff.error} action="比较版本" onRetry={diff.reload} />}
          {diff.isLoading && !diff.data && <Spinner label="正在比较…" />}
          {diff.data && <DiffView diff={diff.data} onNavigate={onNavigate} />}
        </Panel>
      )}
    </div>
  );
}
