import { INCIDENT_STATUSES, type IncidentStatus } from '../../../../db/domain/codes';

/** The classes points are coloured by; overdue wins over the status. */
export type PointClass = 'pending' | 'working' | 'checking' | 'done' | 'overdue';

export const POINT_CLASSES: readonly { id: PointClass; label: string; color: string }[] = [
  { id: 'overdue', label: '超期未结', color: '#d7261e' },
  { id: 'pending', label: '待立案/待派遣/退回', color: '#e08a00' },
  { id: 'working', label: '已派遣/处置中', color: '#1f6fd1' },
  { id: 'checking', label: '待核查', color: '#7b4fc9' },
  { id: 'done', label: '已结案及其他', color: '#7d8a99' },
];

export const CLASS_INDEX: Readonly<Record<PointClass, number>> = { overdue: 0, pending: 1, working: 2, checking: 3, done: 4 };

const BY_STATUS: Readonly<Record<IncidentStatus, PointClass>> = {
  reported: 'pending',
  registered: 'pending',
  returned: 'pending',
  dispatched: 'working',
  handling: 'working',
  handled: 'checking',
  closed: 'done',
  rejected: 'done',
  hung: 'done',
  voided: 'done',
  received: 'pending',
  returned_to_platform: 'done',
};

/** Class index for a status code (index into INCIDENT_STATUSES) and overdue flag. */
export const CLASS_OF_CODE: readonly number[] = INCIDENT_STATUSES.map((s) => CLASS_INDEX[BY_STATUS[s]]);

export function classOf(statusCode: number, isOverdue: boolean): number {
  return isOverdue ? 0 : (CLASS_OF_CODE[statusCode] ?? 4);
}
