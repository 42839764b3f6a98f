/**
 * npm run bench:desk [-- --incidents 1000000] — the incident desk's queries at scale, each compared
 * with the same bare SQL run in the same process on the same database.
 * Targets (issue: incident desk): list page ≤ 50 ms median, full-text search ≤ 100 ms, open a case
 * with its timeline ≤ 20 ms, a transition ≤ 10 ms.
 */
import { directCaller } from '../../electron/auth/gate';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../electron/host';
import type { Handlers } from '../../electron/contract';
import { BENCH_NOW, ensureDemoDatabase, ms, table, time, type Timing } from './util';
import { GENESIS, eventHash } from '../../db/trust/chain';

const { values } = parseArgs({ options: { incidents: { type: 'string', default: '1000000' }, db: { type: 'string' } } });
const count = Number(values.incidents);
const file = await ensureDemoDatabase(count, values.db);
const NOW = BENCH_NOW;

const store = openStore(file, { transport: 'direct', now: () => NOW });
const { db } = store;
const h = store.handlers as Handlers;
const total = (db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
const street = db.prepare(`SELECT code, id FROM grids WHERE level = 2 ORDER BY code LIMIT 1 OFFSET 4`).get() as { code: string; id: number };
const grid = db.prepare(`SELECT code, id FROM grids WHERE level = 3 ORDER BY code LIMIT 1 OFFSET 77`).get() as { code: string; id: number };
const operator = db.prepare(`SELECT id, name FROM operators WHERE role = 'supervisor' LIMIT 1`).get() as { id: number; name: string };
// The handlers run as the supervisor, as the gate would admit them from a session.
const asOperator = { actor: { operatorId: operator.id, name: operator.name, role: 'supervisor' as const, personId: null }, caller: directCaller() };

const rows: (string | number)[][] = [];
async function compare(name: string, target: number, griddesk: () => unknown, bare: () => unknown, runs = 30): Promise<void> {
  const g: Timing = await time(griddesk, runs);
  const b: Timing = await time(bare, runs);
  rows.push([name, ms(g.median), ms(g.p95), ms(b.median), (g.median / b.median).toFixed(2), `≤ ${target}`, g.median <= target ? '是' : '否']);
}

const OPEN = `('reported','registered','dispatched','handling','handled','returned')`;

// 1. Filtered list pages.
await compare(
  '列表首页：全部，按上报时间',
  50,
  () => h['incidents:list']({ filter: {}, sort: 'reported_desc', limit: 100 }),
  () => db.prepare(`SELECT * FROM incidents WHERE duplicate_of IS NULL ORDER BY reported_at DESC, id DESC LIMIT 101`).all(),
);
await compare(
  '列表：未结案件 + 街道',
  50,
  () => h['incidents:list']({ filter: { statuses: ['dispatched', 'handling', 'handled'], streetCode: street.code }, sort: 'reported_desc', limit: 100 }),
  () =>
    db
      .prepare(
        `SELECT * FROM incidents WHERE duplicate_of IS NULL AND status IN ('dispatched','handling','handled')
         AND grid_id IN (SELECT id FROM grids WHERE parent_id = ?) ORDER BY reported_at DESC, id DESC LIMIT 101`,
      )
      .all(street.id),
);
await compare(
  '列表：超期未结，按期限',
  50,
  () => h['incidents:list']({ filter: { overdue: true }, sort: 'due_asc', limit: 100 }),
  () =>
    db
      .prepare(`SELECT * FROM incidents WHERE duplicate_of IS NULL AND status IN ${OPEN} AND due_at < ? ORDER BY due_at IS NULL, due_at, id LIMIT 101`)
      .all(NOW),
);
await compare(
  '列表：一个网格',
  50,
  () => h['incidents:list']({ filter: { gridCode: grid.code }, sort: 'reported_desc', limit: 100 }),
  () => db.prepare(`SELECT * FROM incidents WHERE duplicate_of IS NULL AND grid_id = ? ORDER BY reported_at DESC, id DESC LIMIT 101`).all(grid.id),
);
const page1 = await h['incidents:list']({ filter: { statuses: ['closed'] }, sort: 'reported_desc', limit: 100 });
await compare(
  '列表：第 2 页（游标翻页）',
  50,
  () => h['incidents:list']({ filter: { statuses: ['closed'] }, sort: 'reported_desc', limit: 100, after: page1.nextCursor! }),
  () => {
    const last = page1.items.at(-1)!;
    return db
      .prepare(
        `SELECT * FROM incidents WHERE duplicate_of IS NULL AND status = 'closed' AND (reported_at < ? OR (reported_at = ? AND id < ?))
         ORDER BY reported_at DESC, id DESC LIMIT 101`,
      )
      .all(last.reportedAt, last.reportedAt, last.id);
  },
);

// 2. Full-text search.
await compare(
  '全文检索：“流动摊贩”',
  100,
  () => h['incidents:list']({ filter: { text: '流动摊贩' }, sort: 'reported_desc', limit: 100 }),
  () =>
    db
      .prepare(
        `SELECT * FROM incidents WHERE id IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH '"流动摊贩"')
         ORDER BY reported_at DESC, id DESC LIMIT 101`,
      )
      .all(),
);
const someAddress = (db.prepare(`SELECT address FROM incidents WHERE address IS NOT NULL LIMIT 1 OFFSET 5000`).get() as { address: string }).address;
const street3 = [...someAddress].slice(0, 4).join('');
await compare(
  `全文检索：地址“${street3}”`,
  100,
  () => h['incidents:list']({ filter: { text: street3 }, sort: 'reported_desc', limit: 100 }),
  () =>
    db
      .prepare(`SELECT * FROM incidents WHERE id IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?) ORDER BY reported_at DESC, id DESC LIMIT 101`)
      .all(`"${street3}"`),
);
await compare(
  '检索两个字：“垃圾”',
  100,
  () => h['incidents:list']({ filter: { text: '垃圾' }, sort: 'reported_desc', limit: 100 }),
  () => db.prepare(`SELECT * FROM incidents WHERE instr(description, '垃圾') > 0 ORDER BY reported_at DESC, id DESC LIMIT 101`).all(),
);

// 3. Open a case with its timeline.
const ids = (db.prepare(`SELECT id FROM incidents ORDER BY random() LIMIT 200`).all() as { id: number }[]).map((r) => r.id);
let k = 0;
let kb = 0;
await compare(
  '打开案件（含全部记录）',
  20,
  () => h['incidents:get']({ id: ids[k++ % ids.length]! }),
  () => {
    const id = ids[kb++ % ids.length]!;
    return [db.prepare(`SELECT * FROM incidents WHERE id = ?`).get(id), db.prepare(`SELECT * FROM incident_events WHERE incident_id = ? ORDER BY at, id`).all(id)];
  },
  100,
);

// 4. A transition (register a reported case), against the bare UPDATE + INSERT in one transaction.
const reported = (db.prepare(`SELECT id, version FROM incidents WHERE status = 'reported' AND duplicate_of IS NULL LIMIT 400`).all() as { id: number; version: number }[]);
let t = 0;
let tb = 200;
const bareUpdate = db.prepare(`UPDATE incidents SET status = 'registered', registered_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`);
// The event is chained as every stored event must be (the schema refuses one without its hash): the bare
// peer reads the chain's head and hashes the same fields, as the database work of a step requires.
const bareEvent = db.prepare(
  `INSERT INTO incident_events (incident_id, at, operator_id, actor_name, action, from_status, to_status, hash) VALUES (?, ?, ?, 'bench', 'register', 'reported', 'registered', ?)`,
);
const bareHead = db.prepare(`SELECT hash FROM incident_events ORDER BY id DESC LIMIT 1`).pluck();
if (reported.length >= 260) {
  await compare(
    '流转一步（立案）',
    10,
    () => {
      const c = reported[t++]!;
      return h['incidents:transition']({ incidentId: c.id, action: 'register', expectedVersion: c.version }, asOperator);
    },
    () => {
      const c = reported[tb++]!;
      db.transaction(() => {
        bareUpdate.run(NOW, NOW, c.id, c.version);
        const previous = (bareHead.get() as string | null | undefined) ?? GENESIS;
        const hash = eventHash(previous, {
          incident_id: c.id,
          at: NOW,
          operator_id: operator.id,
          actor_name: 'bench',
          action: 'register',
          from_status: 'reported',
          to_status: 'registered',
          note: null,
          data: null,
        });
        bareEvent.run(c.id, NOW, operator.id, hash);
      })();
    },
    50,
  );
}

// 5. Counting (shown beside the list, fetched separately).
await compare(
  '计数：未结案件',
  100,
  () => h['incidents:count']({ filter: { statuses: ['dispatched', 'handling', 'handled'] } }),
  () => db.prepare(`SELECT count(*) FROM incidents WHERE duplicate_of IS NULL AND status IN ('dispatched','handling','handled')`).get(),
  10,
);

console.log(`\nGridDesk 案件台基准：${total.toLocaleString()} 件案件，${path.basename(file)}（对照：同一进程内同一数据库上的裸 SQL）\n`);
console.log(table(['操作', 'GridDesk 中位 ms', 'p95 ms', '裸 SQL 中位 ms', '倍数', '目标 ms', '达标'], rows));
store.db.close();
