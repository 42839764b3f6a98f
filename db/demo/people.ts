import type { DutyRole, OperatorRole } from '../types';
import type { UnitKind } from '../domain/units';
import { addDays } from '../domain/time';
import type { DemoGrid } from './district';
import { DEMO_STREETS, GIVEN_NAME_CHARS, ORGANIZATIONS, SURNAMES } from './names';
import type { DemoStreet } from './names';
import { createRng } from './random';
import type { Rng } from './random';
import { PHONE_PREFIXES } from './texts';

/**
 * The people of the demo district (定人定点定责定岗): per community a 网格长 leading all its
 * grids, 网格员 covering one or two grids each, 保洁员 covering up to three; per street 城管队员
 * for 街面秩序 (category big class 04) over about six grids each and two inspectors; plus the
 * operators who sit at the desk. A few grid workers were replaced during the period, so duties
 * have real from/to dates.
 *
 * Every person belongs to a 责任单位: the command centre, each street's 办事处, the enforcement brigade's
 * squadron of the street, the street's 环卫所 under the district's sanitation office, and the district's
 * gardens, water, municipal facilities, power, gas and telecom units (a few staff each, added last).
 */

export interface DemoPerson {
  name: string;
  phone: string;
  /** The unit's name, as the free-text column held it before units existed. */
  organization: string;
  /** Index into the staff's units. */
  unit: number;
  isActive: boolean;
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Index into the staff's units (always an earlier one), or null. */
  parent: number | null;
  /** The street (index into DEMO_STREETS) the unit serves, or null for district-wide. */
  streetIndex: number | null;
  phone: string;
}

export interface DemoDuty {
  person: number; // index into persons
  gridCode: string;
  role: DutyRole;
  categoryBigCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface DemoOperator {
  name: string;
  role: OperatorRole;
  person: number;
}

export interface DemoStaff {
  units: DemoUnit[];
  persons: DemoPerson[];
  duties: DemoDuty[];
  operators: DemoOperator[];
  /** Operator index by person index, for logging events with an operator id. */
  operatorOfPerson: Map<number, number>;
  /** Operator indexes of the supervisors (监督员/指挥员) at the centre. */
  supervisors: number[];
  manager: number;
  /** Street inspectors (person indexes) per street index. */
  inspectors: number[][];
}

function personName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const surname = rng.pick(SURNAMES);
    const given = rng.chance(0.3) ? rng.pick(GIVEN_NAME_CHARS) : rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS);
    const name = surname + given;
    if (given.length === 2 && given[0] === given[1]) continue;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function phone(rng: Rng): string {
  let digits = '';
  for (let i = 0; i < 8; i++) digits += String(rng.int(0, 9));
  return rng.pick(PHONE_PREFIXES) + digits;
}

function chunks<T>(items: readonly T[], count: number): T[][] {
  const out: T[][] = [];
  const size = items.length / count;
  for (let i = 0; i < count; i++) out.push(items.slice(Math.round(i * size), Math.round((i + 1) * size)));
  return out.filter((c) => c.length > 0);
}

/** The district's departments that are not per street, after the street units (code, name, kind). */
const DISTRICT_UNITS: readonly (readonly [string, string, UnitKind])[] = [
  ['YL00', '芙蓉区园林绿化所', 'greening'],
  ['SW00', '芙蓉区水务工程管理所', 'water'],
  ['SZ00', '芙蓉区市政设施管理所', 'municipal'],
  ['GD00', '国网长沙供电公司芙蓉供电分局', 'utility'],
  ['RQ00', '长沙新奥燃气芙蓉营业所', 'utility'],
  ['TX00', '中国电信长沙芙蓉分公司', 'utility'],
];

/**
 * The demo district's units, built without the random stream (so the people drawn after them stay the
 * same): centre, brigade, sanitation office, then per street its office, squadron and 环卫所, then the
 * district's other departments. Parents always come before their sub-units.
 */
export function buildUnits(streets: readonly DemoStreet[]): { units: DemoUnit[]; centre: number; office: number[]; squadron: number[]; sanitation: number[]; district: number[] } {
  const units: DemoUnit[] = [];
  const add = (code: string, name: string, kind: UnitKind, parent: number | null, streetIndex: number | null): number => {
    // Office numbers in 0731-8xxxxxxx, from the code: stable and distinct.
    const n = units.length;
    units.push({ code, name, kind, parent, streetIndex, phone: `0731-84${String(1000 + n * 37).padStart(4, '0')}${String(n % 100).padStart(2, '0')}` });
    return n;
  };
  const centre = add('ZX00', ORGANIZATIONS.centre, 'command', null, null);
  const brigade = add('CG00', '芙蓉区城管执法大队', 'enforcement', null, null);
  const sanitationOffice = add('HW00', '芙蓉区环境卫生管理所', 'sanitation', null, null);
  const office: number[] = [];
  const squadron: number[] = [];
  const sanitation: number[] = [];
  streets.forEach((street, s) => {
    office.push(add(`JD${street.number}`, ORGANIZATIONS.office(street.name), 'street_office', null, s));
    squadron.push(add(`CG${street.number}`, ORGANIZATIONS.enforcement(street.name), 'enforcement', brigade, s));
    sanitation.push(add(`HW${street.number}`, ORGANIZATIONS.sanitation(street.name), 'sanitation', sanitationOffice, s));
  });
  // The district-wide departments: the brigade's and the sanitation office's own staff, and the others.
  const district = [brigade, sanitationOffice, ...DISTRICT_UNITS.map(([code, name, kind]) => add(code, name, kind, null, null))];
  return { units, centre, office, squadron, sanitation, district };
}

/** People, duties and operators of the demo district; duties start before `periodStart`. */
export function buildStaff(seed: number, grids: readonly DemoGrid[], periodStart: string): DemoStaff {
  const rng = createRng(seed, 'people');
  const taken = new Set<string>();
  const persons: DemoPerson[] = [];
  const duties: DemoDuty[] = [];
  const unitPlan = buildUnits(DEMO_STREETS);
  const { units } = unitPlan;
  const addPerson = (unit: number): number => {
    persons.push({ name: personName(rng, taken), phone: phone(rng), organization: units[unit]!.name, unit, isActive: true });
    return persons.length - 1;
  };
  const since = (): string => addDays(periodStart, -rng.int(30, 720));
  const assign = (
    person: number,
    cells: readonly DemoGrid[],
    role: DutyRole,
    validFrom: string,
    validTo: string | null = null,
    categoryBigCode: string | null = null,
  ): void => {
    for (const g of cells) duties.push({ person, gridCode: g.code, role, categoryBigCode, validFrom, validTo });
  };

  const inspectors: number[][] = [];
  DEMO_STREETS.forEach((street, s) => {
    const streetGrid = grids.find((g) => g.level === 2 && g.streetIndex === s)!;
    const own = grids.filter((g) => g.level === 3 && g.streetIndex === s);
    const office = unitPlan.office[s]!;

    const streetInspectors = [addPerson(unitPlan.centre), addPerson(unitPlan.centre)];
    for (const p of streetInspectors) assign(p, [streetGrid], 'inspector', since());
    inspectors.push(streetInspectors);

    for (const chunk of chunks(own, Math.ceil(own.length / 6))) {
      assign(addPerson(unitPlan.squadron[s]!), chunk, 'enforcement_officer', since(), null, '04');
    }

    const communities = new Map<string, DemoGrid[]>();
    for (const g of own) {
      const list = communities.get(g.communityNumber!) ?? [];
      list.push(g);
      communities.set(g.communityNumber!, list);
    }
    for (const members of communities.values()) {
      assign(addPerson(office), members, 'grid_leader', since());
      for (const chunk of chunks(members, Math.ceil(members.length / 2))) {
        let worker = addPerson(office);
        let from = since();
        if (rng.chance(0.06)) {
          // Replaced during the period: the first worker's duties end the day before the successor's start.
          const change = addDays(periodStart, rng.int(14, 70));
          assign(worker, chunk, 'grid_worker', from, addDays(change, -1));
          persons[worker]!.isActive = false;
          worker = addPerson(office);
          from = change;
        }
        assign(worker, chunk, 'grid_worker', from);
      }
      for (const chunk of chunks(members, Math.ceil(members.length / 3))) {
        assign(addPerson(unitPlan.sanitation[s]!), chunk, 'cleaner', since());
      }
    }
  });

  const operators: DemoOperator[] = [];
  const operatorOfPerson = new Map<number, number>();
  const addOperator = (person: number, role: OperatorRole): number => {
    operators.push({ name: persons[person]!.name, role, person });
    operatorOfPerson.set(person, operators.length - 1);
    return operators.length - 1;
  };
  const supervisors = [0, 1, 2].map(() => addOperator(addPerson(unitPlan.centre), 'supervisor'));
  const manager = addOperator(addPerson(unitPlan.centre), 'manager');
  addOperator(inspectors[0]![0]!, 'inspector');
  addOperator(inspectors[5]![0]!, 'inspector');
  // Handlers: the desk clerks of two enforcement squads, who log their squads' work.
  const officers = duties.filter((d) => d.role === 'enforcement_officer').map((d) => d.person);
  addOperator(officers[0]!, 'handler');
  addOperator(officers[officers.length - 1]!, 'handler');

  // Those a 督办 reaches (added last, so everyone above keeps their place): each street's leader, and the
  // district's leaders who take turns on duty.
  DEMO_STREETS.forEach((street, s) => {
    const streetGrid = grids.find((g) => g.level === 2 && g.streetIndex === s)!;
    assign(addPerson(unitPlan.office[s]!), [streetGrid], 'grid_leader', since());
  });
  const district = grids.find((g) => g.level === 1)!;
  for (let k = 0; k < 3; k++) assign(addPerson(unitPlan.centre), [district], 'grid_leader', since());
  // The district departments' own staff (added last, so everyone above keeps their name and phone).
  for (const unit of unitPlan.district) for (let k = 0; k < 2; k++) addPerson(unit);

  return { units, persons, duties, operators, operatorOfPerson, supervisors, manager, inspectors };
}
