/** 责任单位: list, save, deactivate; every change written to the settings log. */
import { addUnitDuty, createUnit, listUnits, setUnitActive, unitName, updateUnit } from '../../db/queries/units';
import { withSettingsLog } from '../../db/trust/settingsLog';
import type { Handlers } from '../contract';
import { actorOf } from '../auth/gate';
import type { HandlerDeps } from './deps';

type UnitHandlers = Pick<Handlers, 'units:list' | 'units:save' | 'units:deactivate' | 'units:add-duty'>;

export function unitHandlers({ db, now }: HandlerDeps): UnitHandlers {
  const current = (id: number) => listUnits(db, {}, now()).find((u) => u.id === id) ?? null;
  return {
    'units:list': (input) => listUnits(db, input, now()),
    'units:save': ({ id, ...unit }, ctx) => {
      if (id === undefined) {
        return withSettingsLog(db, actorOf(ctx), now(), { action: 'unit.create', target: `责任单位「${unit.name}」`, after: () => unit }, () => ({
          id: createUnit(db, unit, now()),
        }));
      }
      const before = current(id);
      return withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        {
          action: 'unit.update',
          target: `责任单位「${before?.name ?? unitName(db, id)}」`,
          before: before && { code: before.code, name: before.name, kind: before.kind, parentId: before.parentId, streetCode: before.streetCode, phone: before.phone },
          after: () => unit,
        },
        () => {
          updateUnit(db, id, unit, now());
          return { id };
        },
      );
    },
    'units:add-duty': (input, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'unit.duty-add', target: `责任单位「${unitName(db, input.unitId)}」`, after: () => input }, () => ({
        id: addUnitDuty(db, input, now()),
      })),
    'units:deactivate': ({ id, active }, ctx) =>
      withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        { action: 'unit.active', target: `责任单位「${unitName(db, id)}」`, before: { active: !active }, after: () => ({ active }) },
        () => {
          setUnitActive(db, id, active, now());
          return null;
        },
      ),
  };
}
