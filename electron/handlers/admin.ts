import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { updateCategory } from '../../db/queries/categories';
import { getCalendar, setCalendarDay, setWorkingPeriods } from '../../db/queries/calendar';
import { addDuty, createPerson, endDuty, personWorkload, reassignOpenCases, setPersonActive } from '../../db/queries/persons';
import { addIncidentPhoto, listIncidentPhotos, readAttachment } from '../../db/queries/attachments';
import { AppError } from '../../db/errors';
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

export function adminHandlers({ db, now, attachmentsDir }: HandlerDeps & { attachmentsDir: string }): AdminHandlers {
  return {
    'persons:workload': () => personWorkload(db, now()),
    'persons:create': (input) => ({ id: createPerson(db, input, now()) }),
    'persons:set-active': ({ personId, isActive }) => {
      setPersonActive(db, personId, isActive, now());
      return null;
    },
    'persons:add-duty': (input) => ({ id: addDuty(db, input, now()) }),
    'persons:end-duty': ({ dutyId, validTo }) => {
      endDuty(db, dutyId, validTo);
      return null;
    },
    'persons:reassign': (input) => ({ moved: reassignOpenCases(db, input, now()) }),
    'categories:update': (input) => updateCategory(db, input),
    'calendar:get': ({ year }) => getCalendar(db, year),
    'calendar:set-day': (input) => {
      setCalendarDay(db, input);
      return null;
    },
    'calendar:set-periods': ({ periods }) => {
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
