import { useCall } from '../../api/useCall';
import { mayCall } from '../../domain/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { useOperator } from '../session/useOperator';
import { AckLimitCard } from './AckLimitCard';
import { CategoryLadderCard } from './CategoryLadderCard';
import { DefaultLadderCard } from './DefaultLadderCard';

/**
 * 催办督办: the escalation ladder (the default and the categories' own), running its clock now, and the
 * 12345 order limits. Operators the host lets change them edit; everyone else reads.
 */
export function SupervisionSettings() {
  const { operator } = useOperator();
  const ladders = useCall('supervision:ladders', {});
  const categories = useCall('categories:list', {});
  const hotline = useCall('hotline:settings', {});
  const canEditLadder = mayCall('supervision:set-ladder', operator);

  if (ladders.error) return <ErrorNotice error={ladders.error} action="读取催办督办规则" onRetry={ladders.reload} />;
  if (!ladders.data) return <Spinner label="正在读取催办督办规则…" />;
  return (
    <div className="gd-supervision-settings">
      <DefaultLadderCard key={JSON.stringify(ladders.data.default)} saved={ladders.data.default} canEdit={canEditLadder} canRun={mayCall('supervision:run', operator)} />
      {categories.error ? (
        <ErrorNotice error={categories.error} action="读取类别表" onRetry={categories.reload} />
      ) : (
        <CategoryLadderCard settings={ladders.data} categories={categories.data ?? []} canEdit={canEditLadder} />
      )}
      {hotline.error ? (
        <ErrorNotice error={hotline.error} action="读取 12345 工单时限" onRetry={hotline.reload} />
      ) : hotline.data ? (
        <AckLimitCard key={JSON.stringify(hotline.data.ackLimit)} saved={hotline.data} canEdit={mayCall('hotline:set-ack-limit', operator)} />
      ) : (
        <Spinner label="正在读取 12345 工单时限…" />
      )}
    </div>
  );
}
