import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { listCategories, updateCategory } from '../../db/queries/categories';
import { getCalendar, getCalendarDay, setCalendarDay, setWorkingPeriods } from '../../db/queries/calendar';
import { loadCalendar } from '../../db/workingTime';
import { addDuty, createPerson, endDuty, personName as personNameOf, personWorkload, reassignOpenCases, setPersonActive } from '../../db/queries/persons';
import { addIncidentPhoto, listIncidentPhotos, readAttachment } from '../../db/queries/attachments';
import { AppError } from '../../db/domain/errors';
import { withSettingsLog } from '../../db/trust/settingsLog';
import { personUnitName, setPersonUnit, unitName } from '../../db/queries/units';
import type { Handlers } from '../contract';
import { actorOf, operatorIdOf } from '../auth/gate';
import type { HandlerDeps } from './deps';

type AdminHandlers = Pick<
  Handlers,
  | 'persons:workload'
  | 'persons:create'
  | 'persons:set-active'
  | 'persons:set-unit'
  | 'persons:add-duty'
  | 'persons:end-duty'
  | 'persons:reassign'
  | 'categories:update'
  | 'calendar:get'
  | 'calendar:set-day'
  | 'calendar:set-periods'
  | 'attachments:add'
  | 'attachments:list'
  | 'attachments:get'
>;

/**
 * Reference data: persons and duties (supervisors and administrators), categories and the calendar
 * (administrators) — who may is declared in the contract and enforced by the gate; every change is
 * written to the settings log with the operator from the session and the value before and after.
 */
export function adminHandlers({ db, now, attachmentsDir }: HandlerDeps & { attachmentsDir: string }): AdminHandlers {
  const personName = (id: number) => personNameOf(db, id);
  return {
    'persons:workload': () => personWorkload(db, now()),
    'persons:create': (input, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'person.create', target: `责任人「${input.name}」`, after: () => input }, () => ({
        id: createPerson(db, input, now()),
      })),
    'persons:set-active': ({ personId, isActive }, ctx) =>
      withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        { action: 'person.active', target: `责任人「${personName(personId)}」`, before: { isActive: !isActive }, after: () => ({ isActive }) },
        () => {
          setPersonActive(db, personId, isActive, now());
          return null;
        },
      ),
    'persons:set-unit': ({ personId, unitId }, ctx) =>
      withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        {
          action: 'person.unit',
          target: `责任人「${personName(personId)}」`,
          before: { unit: personUnitName(db, personId) },
          after: () => ({ unit: unitId === null ? null : unitName(db, unitId) }),
        },
        () => {
          setPersonUnit(db, personId, unitId, now());
          return null;
        },
      ),
    'persons:add-duty': (input, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'person.duty-add', target: `责任人「${personName(input.personId)}」`, after: () => input }, () => ({
        id: addDuty(db, input, now()),
      })),
    'persons:end-duty': ({ dutyId, validTo }, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'person.duty-end', target: `岗位 #${dutyId}`, after: () => ({ validTo }) }, () => {
        endDuty(db, dutyId, validTo);
        return null;
      }),
    'persons:reassign': (input, ctx) =>
      withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        { action: 'person.reassign', target: `${personName(input.fromPersonId)} → ${personName(input.toPersonId)}`, after: (r: { moved: number[] }) => ({ moved: r.moved.length }) },
        () => ({ moved: reassignOpenCases(db, { ...input, operatorId: operatorIdOf(ctx, '转派案件') }, now()) }),
      ),
    'categories:update': (input, ctx) => {
      const before = listCategories(db).find((c) => c.id === input.id);
      if (!before) throw new AppError('not-found', `类别不存在：编号 ${input.id}`);
      return withSettingsLog(db, actorOf(ctx), now(), { action: 'category.update', target: `类别「${before.name}」（${before.code}）`, before }, () =>
        updateCategory(db, input),
      );
    },
    'calendar:get': ({ year }) => getCalendar(db, year),
    'calendar:set-day': (input, ctx) => {
      const before = getCalendarDay(db, input.date);
      return withSettingsLog(db, actorOf(ctx), now(), { action: 'calendar.day', target: `工作日历 ${input.date}`, before, after: () => input }, () => {
        setCalendarDay(db, input);
        return null;
      });
    },
    'calendar:set-periods': ({ periods }, ctx) =>
      withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        { action: 'calendar.periods', target: '每日工作时段', before: loadCalendar(db).periods, after: () => periods },
        () => {
          setWorkingPeriods(db, periods, now());
          return null;
        },
      ),
    'attachments:add': ({ dataBase64, ...input }, ctx) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64)) throw new AppError('invalid-input', '照片数据不是有效的 Base64 编码');
      fs.mkdirSync(attachmentsDir, { recursive: true });
      return addIncidentPhoto(db, attachmentsDir, { ...input, operatorId: operatorIdOf(ctx, '添加照片'), data: Buffer.from(dataBase64, 'base64') }, now());
    },
    'attachments:list': ({ incidentId }) => listIncidentPhotos(db, incidentId),
    'attachments:get': ({ id }) => {
      const { mime, data } = readAttachment(db, attachmentsDir, id);
      return { mime, dataBase64: data.toString('base64') };
    },
  };
}
