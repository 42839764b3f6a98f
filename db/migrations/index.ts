import { migration0010 } from './0010-create-grids-and-people';
import { migration0020 } from './0020-create-categories-and-calendar';
import { migration0030 } from './0030-create-incidents';
import { migration0040 } from './0040-create-incident-search';
import { migration0050 } from './0050-create-import-support';
import { migration0060 } from './0060-create-statistics-support';
import { migration0070 } from './0070-index-status-reported';
import { migration0080 } from './0080-create-daily-statistics';
import { migration0090 } from './0090-create-trust';
import { migration0100 } from './0100-stage-clocks';
import { migration0110 } from './0110-hotline-orders';
import { migration0120 } from './0120-supervision-ladder';
import { migration0130 } from './0130-statistics-rollups';
import { migration0140 } from './0140-responsible-units';
import { migration0150 } from './0150-assessment';
import { migration0160 } from './0160-patrol-coverage';
import { migration0170 } from './0170-index-request-steps';
import { migration0180 } from './0180-index-assessment-reads';
import { migration0190 } from './0190-index-inspector-reports';
import { migration0200 } from './0200-index-hang-moments';
import { migration0210 } from './0210-index-map-points';
import { migration0220 } from './0220-index-assessment-month';
import type { Migration } from './types';

/** Every migration, in order. Append only. */
export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070, migration0080, migration0090, migration0100, migration0110, migration0120, migration0130, migration0140, migration0150, migration0160, migration0170, migration0180, migration0190, migration0200, migration0210, migration0220];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
