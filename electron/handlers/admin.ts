import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { updateCategory } from '../../db/queries/categories';
import { getCalendar, setCalendarDay, setWorkingPeriods } from '../../db/queries/calendar';
import { addDuty, createPerson, endDuty, personWorkload, reassignOpenCases, setPersonActive } from '../../db/queries/persons';
import { addIncidentPhoto, listIncidentPhotos, readAttachment } from '../../db/queries/attachments';
import { AppError } from '../../db/errors';
import { requireOperator } from '../../db/queries/operators';
import type { Handlers } from '../contract';
import type { HandlerDeps } from './deps';

type AdminHandlers = Pick<
  Handlers,
  | 'persons:workload'
  | 'persons:create'
  | 'persons:set-active'
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

/** Reference data (persons, duties, calendar, categories) is edited by supervisors and administrators. */
function requireEditor(db: HandlerDeps['db'], operatorId: number): void {
  const operator = requireOperator(db, operatorId);
  if (operator.role !== 'supervisor' && operator.role !== 'admin') {
    throw new AppError('forbidden', `操作员「${operator.name}」的角色不能修改人员、日历或类别：需监督员或管理员`);
  }
}

export function adminHandlers({ db, now, attachmentsDir }: HandlerDeps & { attachmentsDir: string }): AdminHandlers {
  return {
    'persons:workload': () => personWorkload(db, now()),
    'persons:create': ({ operatorId, ...input }) => {
      requireEditor(db, operatorId);
      return { id: createPerson(db, input, now()) };
    },
    'persons:set-active': ({ operatorId, personId, isActive }) => {
      requireEditor(db, operatorId);
      setPersonActive(db, personId, isActive, now());
      return null;
    },
    'persons:add-duty': ({ operatorId, ...input }) => {
      requireEditor(db, operatorId);
      return { id: addDuty(db, input, now()) };
    },
    'persons:end-duty': ({ operatorId, dutyId, validTo }) => {
      requireEditor(db, operatorId);
      endDuty(db, dutyId, validTo);
      return null;
    },
    'persons:reassign': (input) => ({ moved: reassignOpenCases(db, input, now()) }),
    'categories:update': ({ operatorId, ...input }) => {
      requireEditor(db, operatorId);
      return updateCategory(db, input);
    },
    'calendar:get': ({ year }) => getCalendar(db, year),
    'calendar:set-day': ({ operatorId, ...input }) => {
      requireEditor(db, operatorId);
      setCalendarDay(db, input);
      return null;
    },
    'calendar:set-periods': ({ operatorId, periods }) => {
      requireEditor(db, operatorId);
      setWorkingPeriods(db, periods, now());
      return null;
    },
    'attachments:add': ({ dataBase64, ...input }) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64)) throw new AppError('invalid-input', '照片数据不是有效的 Base64 编码');
      fs.mkdirSync(attachmentsDir, { recursive: true });
      return addIncidentPhoto(db, attachmentsDir, { ...input, data: Buffer.from(dataBase64, 'base64') }, now());
    },
    'attachments:list': ({ incidentId }) => listIncidentPhotos(db, incidentId),
    'attachments:get': ({ id }) => {
      const { mime, data } = readAttachment(db, attachmentsDir, id);
      return { mime, dataBase64: data.toString('base64') };
    },
  };
}
