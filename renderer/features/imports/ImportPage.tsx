import { useState } from 'react';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { BatchList } from './BatchList';
import { FieldLogImport } from './FieldLogImport';
import { GridBoundaryImport } from './GridBoundaryImport';
import './imports.css';

type Tab = 'log' | 'grids';

/** 导入: field logs and grid boundaries, and the list of batches with undo. */
export function ImportPage() {
  const [tab, setTab] = useState<Tab>('log');
  const batches = useCall('imports:list', {});
  return (
    <section className="gd-imp" aria-labelledby="gd-imp-title">
      <header className="gd-imp__header">
        <h1 id="gd-imp-title">导入</h1>
        <p>把巡查日志和网格边界带进 GridDesk，不必重新录入；导入在后台进行，界面不会卡住。</p>
        <div className="gd-imp-tabs" role="tablist" aria-label="导入内容">
          <button type="button" role="tab" aria-selected={tab === 'log'} className={tab === 'log' ? 'is-active' : ''} onClick={() => setTab('log')}>
            巡查日志
          </button>
          <button type="button" role="tab" aria-selected={tab === 'grids'} className={tab === 'grids' ? 'is-active' : ''} onClick={() => setTab('grids')}>
            网格边界
          </button>
        </div>
      </header>
      <div className="gd-imp__body">
        {tab === 'log' ? <FieldLogImport /> : <GridBoundaryImport />}
        {batches.error && <ErrorNotice error={batches.error} action="读取导入批次" onRetry={batches.reload} />}
        <BatchList batches={batches.data ?? []} />
      </div>
    </section>
  );
}
