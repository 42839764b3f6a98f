import { AppError } from '../../db/domain/errors';
import { CALLBACK_LIMIT, MAX_CALLBACK_ATTEMPTS } from '../../db/domain/hotline';
import { transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { createHotlineOrder, getAckLimit, hotlineView, revealCallerPhone, setAckLimit, setOrderGrid } from '../../db/queries/hotline';
import { platformRows, platformWorkbook } from '../../db/export/hotline';
import { parseDateRange } from '../../db/stats/period';
import { logSettingsChange, withSettingsLog } from '../../db/trust/settingsLog';
import type { Handlers } from '../contract';
import { actorOf, operatorIdOf } from '../auth/gate';
import type { HandlerDeps } from './deps';

type HotlineHandlers = Pick<
  Handlers,
  | 'hotline:create'
  | 'hotline:get'
  | 'hotline:reveal-phone'
  | 'hotline:callback'
  | 'hotline:set-grid'
  | 'hotline:settings'
  | 'hotline:set-ack-limit'
  | 'hotline:export'
>;

/** 12345 work orders; who may is declared in the contract and enforced by the gate. */
export function hotlineHandlers({ db, now }: HandlerDeps): HotlineHandlers {
  return {
    'hotline:create': (input, ctx) => createHotlineOrder(db, { ...input, operatorId: operatorIdOf(ctx, '登记 12345 工单') }, now()),
    'hotline:get': ({ incidentId }) => {
      getIncident(db, incidentId); // names a missing case
      return hotlineView(db, incidentId);
    },
    // The reveal and its log entry land together or not at all.
    'hotline:reveal-phone': ({ incidentId }, ctx) => {
      const actor = actorOf(ctx);
      return db
        .transaction(() => {
          const revealed = revealCallerPhone(db, incidentId);
          logSettingsChange(db, actor, { action: 'phone.reveal', target: `12345 工单 ${revealed.orderNo} 来电人电话`, note: `案件 #${incidentId}` }, now());
          return revealed;
        })
        .immediate();
    },
    'hotline:callback': ({ incidentId, expectedVersion, result, note }, ctx) =>
      transitionIncident(
        db,
        {
          incidentId,
          expectedVersion,
          operatorId: operatorIdOf(ctx, '回访'),
          action: result === 'dissatisfied' ? 'callback_redo' : 'callback',
          callbackResult: result,
          note,
        },
        now(),
      ),
    'hotline:set-grid': (input, ctx) => {
      setOrderGrid(db, { ...input, operatorId: operatorIdOf(ctx, '指定工单网格') }, now());
      return getIncident(db, input.incidentId);
    },
    'hotline:settings': () => ({ ackLimit: getAckLimit(db), callbackLimit: { ...CALLBACK_LIMIT }, maxCallbackAttempts: MAX_CALLBACK_ATTEMPTS }),
    'hotline:set-ack-limit': (input, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'hotline.ack-limit', target: '12345 工单签收时限', before: getAckLimit(db) }, () =>
        setAckLimit(db, input, now()),
      ),
    'hotline:export': async ({ from, to }) => {
      const period = parseDateRange(from, to);
      if (period.end - period.start > 3660 * 86_400_000) throw new AppError('invalid-input', '导出区间过长：最长 10 年');
      const rows = platformRows(db, period);
      const data = await platformWorkbook(rows);
      return { fileName: `12345工单办理结果_${from}_${to}.xlsx`, dataBase64: data.toString('base64'), orders: rows.length };
    },
  };
}
