/**
 * Every call the renderer can make, declared once, split by domain (./app, ./incidents, ./people,
 * ./settings, ./stats, ./reports, ./map, ./imports, ./exports, …): name, input schema, output type, one-line doc, and the topics
 * it reads or writes. The handler map's type, the preload bridge, the renderer client and its cache, and
 * the HTTP routes all derive from this list, so a new call is one entry in a slice plus one handler, and
 * drift fails to compile.
 *
 * Pure module: no Node, no Electron, no DOM. Imported by the renderer, the preload and the host. Runtime
 * values it passes on come only from db/domain (the pure domain home); everything else is type-only.
 */
import type { z } from 'zod';
import type { ErrorKind } from '../../db/domain/errors';
import { appCalls } from './app';
import { incidentCalls } from './incidents';
import { peopleCalls } from './people';
import { settingsCalls } from './settings';
import { statsCalls } from './stats';
import { mapCalls } from './map';
import { importCalls, JOB_WRITES } from './imports';
import { sessionCalls } from './session';
import { backupCalls } from './backup';
import { hotlineCalls } from './hotline';
import { supervisionCalls } from './supervision';
import { reportCalls } from './reports';
import { exportCalls } from './exports';
import { hostCalls } from './host';
import { assessCalls } from './assess';
import { unitCalls } from './units';
import { patrolCalls } from './patrol';
import type { CallContext, Topic } from './define';

export type * from '../../db/types';
export type { PersonWorkload } from '../../db/queries/persons';
export type { MapPointsPayload } from '../../db/queries/map';
export type { BasemapView, BasemapSettings } from '../tiles/tileService';
export type { MbtilesStatus, MbtilesInfo } from '../../db/tiles/mbtiles';
export type { CalendarView, CalendarDayEntry } from '../../db/queries/calendar';
export type { Attachment } from '../../db/queries/attachments';
export type { StatsReport, NamedFigures, CategoryFigures, PersonFigures, OverdueItem, NamedStages, PersonStages } from '../../db/stats/summary';
export type { StagesBlock, StageFigures } from '../../db/stats/stages';
export { CLOCK_STAGES, CASE_STAGES, CLOCK_STAGE_LABELS, type ClockStage, type CaseStage, type StageClock } from '../../db/domain/stages';
export type { Figures } from '../../db/stats/indicators';
export type { CountingRule } from '../../db/stats/rules';
export type { TrendPoint } from '../../db/stats/trend';
export type { Campaign, CampaignTally } from '../../db/stats/campaigns';
export type * from '../../db/import/types';
export type { SessionStatus, LoginResult, SecuritySettings, LoginLogEntry } from './session';
export type { BackupStatus, BackupListItem } from './backup';
export type { BackupReport, BackupSettings, RestoreResult } from '../../db/backup/index';
export type { Account } from '../../db/trust/accounts';
export type { SettingsLogEntry } from '../../db/trust/settingsLog';
export * from '../../db/domain/codes';
export { TRANSITIONS, WORKFLOW_ACTIONS, HOTLINE_ACTIONS, STATUS_LABELS, eventLabel, nextStatus, legalActions, type WorkflowAction } from '../../db/domain/workflow';
export { IMPORT_FIELDS, FIELD_LABELS as IMPORT_FIELD_LABELS } from '../../db/domain/importFields';
export { ERROR_KINDS, type ErrorKind } from '../../db/domain/errors';
export { TOPICS, ADMIN_ONLY, type Topic, type CallSpec, type SliceHandlers, type Access, type Actor, type Caller, type CallContext } from './define';
export { backupCalls, sessionCalls, appCalls, incidentCalls, peopleCalls, settingsCalls, statsCalls, mapCalls, importCalls, hotlineCalls, supervisionCalls, reportCalls, exportCalls };
export type { ReportPdf } from './reports';
export { EXPORT_FORMATS } from './exports';
export type { ExportFormat } from '../../db/export/cases';
export { hostCalls };
export type { HostModeStatus, HostSettings, RunningHostInfo, DeskConnection } from './host';
export type { ExportJobStatus, ExportJobState, ExportChunk } from '../../db/export/jobs';
export type { LadderSettings, LadderRunResult, LadderRecipient } from '../../db/supervision/ladder';
export type { SupervisionFigures, SupervisionCounts } from '../../db/stats/supervision';
export type { MyQueue, QueueItem } from '../../db/queries/queue';
export { NOTICE_KINDS, NOTICE_TITLES, type NoticeKind } from '../../db/domain/notices';
export { assessCalls };
export { unitCalls };
export type { UnitSummary } from '../../db/queries/units';
export { UNIT_KINDS, UNIT_KIND_LABELS, UNIT_CODE_MAX, UNIT_CODE_PATTERN, UNIT_NAME_MAX, type UnitKind } from '../../db/domain/units';
export { patrolCalls };
export type { CoverageReport, TracksAnswer, TrackView, UnwalkedGrid, UnwalkedAnswer, GridCoverageRow, PersonCoverageRow, FlaggedPatrol, FlagView } from './patrol';
export type * from '../../db/assess/types';
export * from '../../db/domain/assess';
export { QUEUE_KINDS, QUEUE_KIND_LABELS, QUEUE_KINDS_BY_ROLE, type QueueKind, type QueueLevel } from '../../db/domain/queue';
export {
  LADDER_LEVELS,
  LADDER_LEVEL_LABELS,
  LADDER_TARGETS,
  LADDER_TARGET_LABELS,
  DEFAULT_LADDER,
  ladderProblem,
  describeRung,
  type Ladder,
  type Rung,
  type RungAt,
  type LadderLevel,
  type LadderTarget,
} from '../../db/domain/ladder';
export type { HotlineSettings } from './hotline';
export type { HotlineFigures } from '../../db/stats/hotline';
export {
  DEMAND_TYPES,
  DEMAND_TYPE_LABELS,
  CALLBACK_RESULTS,
  CALLBACK_RESULT_LABELS,
  MAX_CALLBACK_ATTEMPTS,
  UNREACHABLE_LABEL,
  maskPhone,
  type DemandType,
  type CallbackResult,
} from '../../db/domain/hotline';

export const api = {
  ...sessionCalls,
  ...appCalls,
  ...incidentCalls,
  ...peopleCalls,
  ...settingsCalls,
  ...statsCalls,
  ...mapCalls,
  ...importCalls,
  ...backupCalls,
  ...hotlineCalls,
  ...supervisionCalls,
  ...reportCalls,
  ...exportCalls,
  ...hostCalls,
  ...assessCalls,
  ...unitCalls,
  ...patrolCalls,
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
export type CallInput<K extends CallName> = z.input<Api[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Api[K]['input']>;
export type CallOutput<K extends CallName> = Exclude<Api[K]['output'], undefined>;

export const callNames = Object.keys(api) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Whether a call changes stored data (the others only read). */
export function isWrite(name: CallName): boolean {
  return api[name].writes.length > 0;
}

/** The topics a finished call has changed: its own writes, or, for a job, what the job wrote. */
export function topicsWritten(name: CallName): readonly Topic[] {
  if (Object.prototype.hasOwnProperty.call(JOB_WRITES, name)) return JOB_WRITES[name as keyof typeof JOB_WRITES];
  return api[name].writes;
}

/** The reads a set of written topics makes stale. */
export function staleReads(written: readonly Topic[]): CallName[] {
  return callNames.filter((n) => api[n].reads.some((t) => written.includes(t)));
}

/** What every transport carries back. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string } };

/**
 * The handler map the host implements; derived, so a missing or mistyped handler fails to compile.
 * Transports always pass the context the gate resolved from the session; in-process code (the command
 * line, tests) may leave it out and acts as the PC's own administrator.
 */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>, ctx?: CallContext) => CallOutput<K> | Promise<CallOutput<K>>;
};

/** The client the renderer uses, whatever the transport. */
export type ApiClient = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>>;
};

/** IPC channel for a call (Electron). */
export const channelFor = (name: CallName): string => `griddesk:${name}`;
