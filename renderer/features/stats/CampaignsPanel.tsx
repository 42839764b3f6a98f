import { useState } from 'react';
import type { CampaignTally, Category } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { CampaignDialog } from './CampaignDialog';
import { Panel } from './Panel';
import { formatCount } from './figures';
import type { Areas } from './useAreas';
import './campaigns.css';

interface CampaignsPanelProps {
  readonly campaigns: readonly CampaignTally[] | undefined;
  readonly error: ApiError | null;
  /** Read the campaigns again after a failure (a new campaign refreshes them by itself). */
  readonly onRetry: () => void;
  readonly areas: Areas;
  readonly categories: readonly Category[];
  readonly today: string;
  readonly area: string | null;
}

function stateOf(c: CampaignTally, today: string): { label: string; tone: 'active' | 'future' | 'done' } {
  if (c.isActive) return { label: '进行中', tone: 'active' };
  return c.startDate > today ? { label: '未开始', tone: 'future' } : { label: '已结束', tone: 'done' };
}

const shortDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function span(c: CampaignTally): string {
  return c.startDate.slice(0, 4) === c.endDate.slice(0, 4)
    ? `${c.startDate.slice(0, 4)}年${shortDate(c.startDate)}—${shortDate(c.endDate)}`
    : `${c.startDate} 至 ${c.endDate}`;
}

/** 专项行动: running tallies with progress to target, and a form to start one. */
export function CampaignsPanel({ campaigns, error, onRetry, areas, categories, today, area }: CampaignsPanelProps) {
  const toast = useToast();
  const [isCreating, setCreating] = useState(false);
  const ordered = [...(campaigns ?? [])].sort((a, b) => Number(b.isActive) - Number(a.isActive));

  return (
    <Panel
      title="专项行动"
      note={campaigns && campaigns.length > 0 ? `${campaigns.filter((c) => c.isActive).length} 项进行中` : undefined}
      tools={
        <button type="button" className="gd-button gd-button--small" onClick={() => setCreating(true)} disabled={categories.length === 0}>
          <Icon name="plus" size={13} />
          发起行动
        </button>
      }
    >
      {error ? (
        <ErrorNotice error={error} action="读取专项行动" onRetry={onRetry} />
      ) : !campaigns ? (
        <div className="gd-stats-loading">
          <Spinner label="正在读取专项行动…" />
        </div>
      ) : ordered.length === 0 ? (
        <div className="gd-stats-empty">还没有专项行动。发起一项（如“三清”行动、“百日会战”），即可按日累计成效。</div>
      ) : (
        <ul className="gd-campaigns">
          {ordered.map((c) => {
            const state = stateOf(c, today);
            const percent = c.target && state.tone !== 'future' ? Math.min(100, (c.closed / c.target) * 100) : null;
            return (
              <li key={c.id} className="gd-campaign" aria-label={c.name}>
                <div className="gd-campaign__head">
                  <span className={`gd-campaign__state is-${state.tone}`}>{state.label}</span>
                  <span className="gd-campaign__name">{c.name}</span>
                  <span className="gd-campaign__area">{c.areaName}</span>
                </div>
                <div className="gd-campaign__dates">
                  {span(c)}
                  {c.note && <span className="gd-campaign__note"> · {c.note}</span>}
                </div>
                <div className="gd-campaign__progress">
                  {percent !== null && (
                    <div
                      className="gd-campaign__bar"
                      role="progressbar"
                      aria-label={`${c.name}完成进度`}
                      aria-valuemin={0}
                      aria-valuemax={c.target ?? 0}
                      aria-valuenow={c.closed}
                    >
                      <div className="gd-campaign__fill" style={{ width: `${percent}%` }} />
                    </div>
                  )}
                  <span className="gd-campaign__figures">
                    {state.tone === 'future' ? (
                      <>尚未开始{c.target ? `，目标 ${formatCount(c.target)}` : ''}</>
                    ) : (
                      <>
                        已完成 <b>{formatCount(c.closed)}</b>
                        {c.target ? ` / ${formatCount(c.target)}（${((c.closed / c.target) * 100).toFixed(1)}%）` : ''}
                        {c.open > 0 && <span className="gd-campaign__open">办理中 {formatCount(c.open)}</span>}
                      </>
                    )}
                  </span>
                </div>
                {c.byLabel.length > 0 && (
                  <div className="gd-campaign__labels">
                    {c.byLabel.slice(0, 6).map((l) => (
                      <span key={l.label} className="gd-tag">
                        {l.label} {formatCount(l.count)}
                      </span>
                    ))}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {isCreating && (
        <CampaignDialog
          areas={areas}
          categories={categories}
          today={today}
          initialArea={area}
          onCancel={() => setCreating(false)}
          onCreated={(campaign) => {
            setCreating(false);
            toast.show({ tone: 'success', text: `已发起专项行动“${campaign.name}”`, detail: `${campaign.startDate} 至 ${campaign.endDate}，${campaign.areaName}` });
          }}
        />
      )}
    </Panel>
  );
}
