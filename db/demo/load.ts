import { AppError } from '../errors';
import { withDailyStatsPaused } from '../stats/daily';
import { suspendIndexes } from '../import/bulkMode';
import { eventAppender } from '../queries/events';

const BULK_INDEX_THRESHOLD = 50_000;
import { LADDER_SINCE_KEY, seedDefaults } from '../defaults/seed';
import type { Db } from '../open';
import type { CategoryKind, DemoLoadResult, LimitUnit } from '../types';
import { loadCalendar } from '../workingTime';
import {
  DEFAULT_DEMO_INCIDENTS,
  DEFAULT_DEMO_SEED,
  demoPeriod,
  generateDemoDistrict,
  validateDemoOptions,
} from './generate';
import type { DemoCategory, DemoEventData } from './incidents';
import { generateDemoTracks, loadDemoTracks } from './tracks';

export interface LoadDemoOptions {
  seed?: number;
  /** Asia/Shanghai date 'YYYY-MM-DD' (normally today, from the caller); data runs up to its 00:00. */
  until: string;
  /** The generation instant, on `until` (the desk passes the moment of loading); default 00:00 on `until`. */
  asOf?: number | undefined;
  incidents?: number;
  /** Called every 10,000 incidents and at the end. */
  onProgress?: (done: number, total: number) => void;
}

/** The setting that marks a database holding the demo district. */
export const DEMO_SETTING_KEY = 'demo';

/**
 * Event data with the generator's person and incident indexes turned into database ids; a dispatch also
 * records the responsible unit (the assignee's), as the desk writes it.
 */
function eventData(
  data: DemoEventData,
  personIds: readonly number[],
  incidentIds: readonly number[],
  unitOfPerson?: (person: number) => { id: number; name: string },
): DemoEventData {
  if (!('assigneeId' in data) && !('originalId' in data) && !('recipient' in data)) return data;
  const out: Record<string, DemoEventData[string]> = { ...data };
  if (typeof data['assigneeId'] === 'number') {
    out['assigneeId'] = personIds[data['assigneeId']]!;
    if (unitOfPerson) {
      const unit = unitOfPerson(data['assigneeId']);
      out['unitId'] = unit.id;
      out['unitName'] = unit.name;
    }
  }
  if (typeof data['originalId'] === 'number') out['originalId'] = incidentIds[data['originalId']]!;
  const recipient = data['recipient'];
  if (recipient && typeof recipient === 'object') {
    // A rung's recipient: -1 and '' stand for nobody on duty (the desk writes null).
    const p = recipient['personId'] as number;
    out['recipient'] = { ...recipient, personId: p < 0 ? null : personIds[p]!, personName: p < 0 ? null : recipient['personName']! } as unknown as DemoEventData[string];
  }
  return out;
}

interface CategoryRow {
  id: number;
  kind: CategoryKind;
  code: string;
  name: string;
  handling_limit: number;
  handling_unit: LimitUnit;
  dispatch_limit: number | null;
  dispatch_unit: LimitUnit | null;
  verify_limit: number | null;
  verify_unit: LimitUnit | null;
  is_urgent: number;
}

/**
 * Loads the generated demo district into an empty database: the default categories, calendar and
 * settings if missing, 214 grids, people and duties, operators, and the incidents with their full
 * case logs, all in one transaction with prepared statements. Incidents are streamed from the
 * generator, so a million of them do not have to fit in memory. Refuses a database that already
 * has grids or incidents. Deadlines use the database's own calendar and category limits.
 */
export function loadDemo(db: Db, options: LoadDemoOptions): DemoLoadResult {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const incidents = options.incidents ?? DEFAULT_DEMO_INCIDENTS;
  const until = options.until;
  const asOf = options.asOf;
  validateDemoOptions({ seed, until, incidents, asOf });

  // The daily statistics are summed once at the end rather than case by case.
  return withDailyStatsPaused(db, (): DemoLoadResult => {
    const existing = db
      .prepare(`SELECT (SELECT count(*) FROM grids) AS grids, (SELECT count(*) FROM incidents) AS incidents`)
      .get() as { grids: number; incidents: number };
    if (existing.grids > 0 || existing.incidents > 0) {
      const what = existing.grids > 0 ? `${existing.grids} 个网格` : `${existing.incidents} 件案件`;
      throw new AppError('conflict', `数据库中已有${what}，不能载入演示数据：请新建一个空数据库后再载入`);
    }

    seedDefaults(db, demoPeriod(until, asOf).asOfMs);
    const calendar = loadCalendar(db);
    const categoryRows = db
      .prepare(
        `SELECT id, kind, code, name, handling_limit, handling_unit, dispatch_limit, dispatch_unit, verify_limit, verify_unit, is_urgent FROM categories
         WHERE level = 2 AND is_active = 1 AND handling_limit IS NOT NULL AND handling_unit IS NOT NULL
         ORDER BY kind DESC, code`,
      )
      .all() as CategoryRow[];
    const categories: DemoCategory[] = categoryRows.map((r) => ({
      kind: r.kind,
      code: r.code,
      name: r.name,
      handlingLimit: r.handling_limit,
      handlingUnit: r.handling_unit,
      dispatchLimit: r.dispatch_limit,
      dispatchUnit: r.dispatch_unit,
      verifyLimit: r.verify_limit,
      verifyUnit: r.verify_unit,
      isUrgent: r.is_urgent === 1,
    }));
    const demo = generateDemoDistrict({ seed, until, asOf, incidents, calendar, categories });
    const setupAt = demo.setupAt;

    const insertGrid = db.prepare(
      `INSERT INTO grids (code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, area_m2, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const gridIds: number[] = [];
    const gridIdByCode = new Map<string, number>();
    for (const g of demo.grids) {
      const parentId = g.parentCode === null ? null : gridIdByCode.get(g.parentCode)!;
      const id = Number(
        insertGrid.run(g.code, parentId, g.level, g.name, JSON.stringify(g.geometry), ...g.bbox, g.areaM2, setupAt, setupAt)
          .lastInsertRowid,
      );
      gridIds.push(id);
      gridIdByCode.set(g.code, id);
    }

    // 责任单位, parents first (the list is built so); a street's units serve its street grid.
    const insertUnit = db.prepare(
      `INSERT INTO units (code, name, kind, parent_id, street_grid_id, phone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    const streetGridIds = new Map(demo.grids.filter((g) => g.level === 2).map((g) => [g.streetIndex, gridIdByCode.get(g.code)!]));
    const unitIds: number[] = [];
    for (const u of demo.staff.units) {
      const parentId = u.parent === null ? null : unitIds[u.parent]!;
      const streetId = u.streetIndex === null ? null : streetGridIds.get(u.streetIndex)!;
      unitIds.push(Number(insertUnit.run(u.code, u.name, u.kind, parentId, streetId, u.phone, setupAt, setupAt).lastInsertRowid));
    }
    const unitOfPerson = (person: number) => {
      const unit = demo.staff.persons[person]!.unit;
      return { id: unitIds[unit]!, name: demo.staff.units[unit]!.name };
    };
    const insertPerson = db.prepare(
      `INSERT INTO persons (name, phone, organization, unit_id, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const personIds = demo.staff.persons.map((p) =>
      Number(insertPerson.run(p.name, p.phone, p.organization, unitIds[p.unit]!, p.isActive ? 1 : 0, setupAt, setupAt).lastInsertRowid),
    );
    const insertDuty = db.prepare(
      `INSERT INTO duties (person_id, grid_id, role, category_big_code, valid_from, valid_to, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const d of demo.staff.duties) {
      const gridId = gridIdByCode.get(d.gridCode)!;
      insertDuty.run(personIds[d.person]!, gridId, d.role, d.categoryBigCode, d.validFrom, d.validTo, setupAt);
    }
    const insertOperator = db.prepare(
      `INSERT INTO operators (name, role, person_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
    );
    const operatorIdByName = db.prepare(`SELECT id FROM operators WHERE name = ?`).pluck();
    // The load holds the write lock throughout: the event chain's head is carried in memory.
    const appendEvent = eventAppender(db);
    const operatorIds = demo.staff.operators.map((o) => {
      insertOperator.run(o.name, o.role, personIds[o.person]!, setupAt);
      return operatorIdByName.get(o.name) as number;
    });

    const batchId = Number(
      db
        .prepare(
          `INSERT INTO import_batches (file_name, format, source_crs, started_at, status, report)
           VALUES (?, 'demo', 'wgs84', ?, 'running', ?)`,
        )
        .run(
          `演示数据（种子 ${seed}，截至 ${until}）`,
          demo.asOfMs,
          JSON.stringify({ seed, until, periodStart: demo.periodStart, generatedAt: demo.generatedAt }),
        ).lastInsertRowid,
    );

    const insertIncident = db.prepare(
      `INSERT INTO incidents (case_no, category_id, description, address, lon, lat, source_crs, source_lon, source_lat,
         grid_id, source, reporter, status, priority, assignee_id, reported_at, registered_at, dispatched_at,
         handled_at, closed_at, due_at, dispatch_due_at, verify_due_at, stage_started_at, duplicate_of, is_fixed_on_spot,
         rework_count, extension_count, import_batch_id, version, created_at, updated_at, ladder_key, ladder_rung, supervised_at, unit_id)
       VALUES (?, ?, ?, ?, ?, ?, 'wgs84', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertOrder = db.prepare(
      `INSERT INTO hotline_orders (incident_id, order_no, called_at, caller_name, caller_phone, demand_type, platform_due_at, arrived_at,
         ack_due_at, acknowledged_at, reply, replied_at, callback_due_at, callback_attempts, callback_result, callback_at, reopen_count,
         returned_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const incidentIds: number[] = [];
    let incidentCount = 0;
    let eventCount = 0;
    let duplicates = 0;
    // A large district loads faster with the secondary indexes and the search trigger rebuilt once at
    // the end (from sorted data) instead of maintained row by row.
    const suspended = incidents >= BULK_INDEX_THRESHOLD ? suspendIndexes(db, ['incidents', 'incident_events'], 'incidents') : null;
    for (const inc of demo.incidents()) {
      const id = Number(
        insertIncident.run(
          inc.caseNo,
          categoryRows[inc.category]!.id,
          inc.description,
          inc.address,
          inc.lon,
          inc.lat,
          inc.lon,
          inc.lat,
          gridIds[inc.grid]!,
          inc.source,
          inc.reporter,
          inc.status,
          inc.priority,
          inc.assignee === null ? null : personIds[inc.assignee]!,
          inc.reportedAt,
          inc.registeredAt,
          inc.dispatchedAt,
          inc.handledAt,
          inc.closedAt,
          inc.dueAt,
          inc.dispatchDueAt,
          inc.verifyDueAt,
          inc.stageStartedAt,
          inc.duplicateOf === null ? null : incidentIds[inc.duplicateOf]!,
          inc.isFixedOnSpot ? 1 : 0,
          inc.reworkCount,
          inc.extensionCount,
          batchId,
          inc.version,
          inc.reportedAt,
          inc.updatedAt,
          inc.ladderKey,
          inc.ladderRung,
          inc.supervisedAt,
          // The responsible unit: the dispatched person's.
          inc.assignee === null ? null : unitOfPerson(inc.assignee).id,
        ).lastInsertRowid,
      );
      incidentIds.push(id);
      if (inc.duplicateOf !== null) duplicates++;
      const o = inc.order;
      if (o) {
        insertOrder.run(
          id,
          o.orderNo,
          o.calledAt,
          o.callerName,
          o.callerPhone,
          o.demandType,
          o.platformDueAt,
          o.arrivedAt,
          o.ackDueAt,
          o.acknowledgedAt,
          o.reply,
          o.repliedAt,
          o.callbackDueAt,
          o.callbackAttempts,
          o.callbackResult,
          o.callbackAt,
          o.reopenCount,
          o.returnedAt,
          inc.reportedAt,
          inc.updatedAt,
        );
      }
      for (const e of inc.events) {
        appendEvent({
          incidentId: id,
          at: e.at,
          operatorId: e.operator === null ? null : operatorIds[e.operator]!,
          actorName: e.actorName,
          action: e.action,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          note: e.note,
          data: e.data === null ? null : eventData(e.data, personIds, incidentIds, e.action === 'dispatch' ? unitOfPerson : undefined),
        });
      }
      eventCount += inc.events.length;
      incidentCount++;
      if (options.onProgress && incidentCount % 10_000 === 0) options.onProgress(incidentCount, incidents);
    }

    suspended?.restore(1);
    // The inspectors' GPS tracks over the same weeks, stored as the demo batch's patrols.
    const tracks = generateDemoTracks({ seed, grids: demo.grids, staff: demo.staff, periodStart: demo.periodStart, asOfMs: demo.asOfMs, calendar });
    const { patrols } = loadDemoTracks(db, tracks, { batchId, personNames: demo.staff.persons.map((p) => p.name), now: demo.asOfMs });
    // The batch holds its cases and its patrols, and counts both, as a field log and a GPX import count theirs.
    db.prepare(
      `UPDATE import_batches SET finished_at = ?, total = ?, accepted = ?, duplicates = ?, status = 'committed' WHERE id = ?`,
    ).run(demo.asOfMs, incidentCount + patrols, incidentCount + patrols, duplicates, batchId);
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(DEMO_SETTING_KEY, JSON.stringify({ seed, until, generatedAt: demo.generatedAt }), demo.asOfMs);
    // The demo's escalation clock ran from its first day (its rungs are in the logs up to the generation
    // instant); what comes due after that is the desk's clock's to write.
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(LADDER_SINCE_KEY, JSON.stringify(demo.setupAt), demo.asOfMs);
    // A day cut short by the generation instant keeps only the cases reported before it.
    options.onProgress?.(incidentCount, incidentCount);

    return {
      grids: demo.grids.length,
      persons: demo.staff.persons.length,
      duties: demo.staff.duties.length,
      incidents: incidentCount,
      events: eventCount,
      seed,
      until,
    };
  });
}
