// The KPI catalogue over the read model: the same ids, groups and observation rules as the simulator's
// accumulator (rules/kpi), counted in SQL. Each observation was classified when projected (clock verdict,
// duration bin, landing month, by rules/kpi/kpi-observations); SQL only counts, and medians and p90s come from
// the same histogram code.
import { sql, type RawBuilder } from 'kysely';
import { QUANTILE_KPIS, kpiValueSortKey } from '../rules/kpi/kpi-accumulator';
import { KPI } from '../rules/kpi/kpi-catalogue';
import { histogramCount, quantileDays, type DurationHistogram } from '../rules/kpi/duration-histogram';
import { KPI_BASES, TASK_LANDING_ACTIONS, type KpiDimension } from '../rules/kpi/kpi-observations';
import type { KpiValue } from '../rules/kpi/kpi-types';
import type { ReadModelDb } from './read-model';

const COLUMN: Record<KpiDimension, string> = {
  province: 'province',
  district: 'district',
  policeStation: 'police_station',
  offenceClass: 'offence_class',
  prosecutorOffice: 'prosecutor_office',
  firMonth: 'fir_month',
};

/** The live report's groups: the simulator's, then police station, prosecutor office and FIR month. */
export const LIVE_BASES: readonly (readonly KpiDimension[])[] = [
  ...KPI_BASES,
  ['province', 'district', 'policeStation'],
  ['province', 'prosecutorOffice'],
  ['province', 'firMonth'],
];

export interface KpiFilter {
  /** FIR months, inclusive, "YYYY-MM". */
  fromMonth?: string;
  toMonth?: string;
  province?: string;
}

type Row = Record<string, unknown>;

function where(filter: KpiFilter, base: readonly KpiDimension[]): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.fromMonth) parts.push(sql`fir_month >= ${filter.fromMonth}`);
  if (filter.toMonth) parts.push(sql`fir_month <= ${filter.toMonth}`);
  if (filter.province) parts.push(sql`province = ${filter.province}`);
  for (const d of base) parts.push(sql`${sql.ref(COLUMN[d])} IS NOT NULL`);
  return sql.join(parts, sql` AND `);
}

function groupOf(row: Row, base: readonly KpiDimension[], extra: Record<string, string> = {}): Record<string, string> {
  const group: Record<string, string> = { ...extra };
  for (const d of base) group[d] = String(row[d]);
  return group;
}

/** `col AS "dim", …` and `col, …` for a base (identifiers from the fixed map above, never from input). */
function dimsSql(base: readonly KpiDimension[]): { select: RawBuilder<unknown>; group: RawBuilder<unknown> } {
  if (base.length === 0) return { select: sql``, group: sql`` };
  return {
    select: sql.join(base.map((d) => sql`${sql.ref(COLUMN[d])} AS ${sql.ref(d)}`), sql`, `),
    group: sql.join(base.map((d) => sql.ref(COLUMN[d])), sql`, `),
  };
}

const withComma = (s: RawBuilder<unknown>, base: readonly KpiDimension[]): RawBuilder<unknown> => (base.length ? sql`${s}, ` : sql``);

async function rows(db: ReadModelDb, query: RawBuilder<unknown>): Promise<Row[]> {
  return (await query.execute(db)).rows as Row[];
}

/** Each KPI query of one base, by name (the benchmark times them one by one). */
export function kpiQueries(db: ReadModelDb, base: readonly KpiDimension[], filter: KpiFilter): Record<string, () => Promise<KpiValue[]>> {
  const { select, group } = dimsSql(base);
  const sel = withComma(select, base);
  const grp = withComma(group, base);
  const w = where(filter, base);
  const histogram = (name: string, extraOf: (r: Row) => Record<string, string>, found: Row[]): KpiValue[] => {
    const cells = new Map<string, { group: Record<string, string>; h: DurationHistogram }>();
    for (const r of found) {
      const g = groupOf(r, base, extraOf(r));
      const key = JSON.stringify(Object.entries(g).sort());
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { group: g, h: {} }));
      cell.h[Number(r.bin)] = (cell.h[Number(r.bin)] ?? 0) + Number(r.n);
    }
    const [median, p90] = QUANTILE_KPIS[name]!;
    return [...cells.values()].flatMap(({ group: g, h }) => {
      const n = histogramCount(h);
      return [
        { kpi: median, group: g, value: quantileDays(h, 0.5)!, n },
        { kpi: p90, group: g, value: quantileDays(h, 0.9)!, n },
      ];
    });
  };
  const share = (kpi: string, g: Record<string, string>, hit: number, n: number): KpiValue => ({ kpi, group: g, value: n === 0 ? 0 : hit / n, n });
  const landings = [...TASK_LANDING_ACTIONS];

  return {
    [KPI.casesCount]: async () =>
      (await rows(db, sql`SELECT ${sel} count(*)::int AS n FROM cases WHERE ${w} ${base.length ? sql`GROUP BY ${group}` : sql``}`)).map((r) => ({
        kpi: KPI.casesCount,
        group: groupOf(r, base),
        value: Number(r.n),
        n: Number(r.n),
      })),
    'clock.shares': async () =>
      (
        await rows(
          db,
          sql`SELECT ${sel} clock_id, count(*) FILTER (WHERE verdict = 'met')::int AS met, count(*)::int AS n
              FROM clock_runs WHERE verdict IS NOT NULL AND ${w} GROUP BY ${grp} clock_id`,
        )
      ).flatMap((r) => {
        const g = groupOf(r, base, { clock: String(r.clock_id) });
        const n = Number(r.n);
        const met = Number(r.met);
        return [share(KPI.clockMetShare, g, met, n), share(KPI.clockBreachedShare, g, n - met, n)];
      }),
    'custody.s497': async () =>
      (await rows(db, sql`SELECT ${sel} count(*)::int AS n, count(*) FILTER (WHERE bail_breached)::int AS hit FROM cases WHERE bail_applied AND ${w} ${base.length ? sql`GROUP BY ${group}` : sql``}`)).flatMap(
        (r) => {
          const g = groupOf(r, base);
          const hit = Number(r.hit);
          const out = [share(KPI.custodyBeyondS497Share, g, hit, Number(r.n))];
          if (hit > 0) out.push({ kpi: KPI.custodyBeyondS497Count, group: g, value: hit, n: hit });
          return out;
        },
      ),
    'stage.duration': async () =>
      histogram(
        'stage.duration',
        (r) => ({ stage: String(r.stage) }),
        await rows(db, sql`SELECT ${sel} stage, duration_bin AS bin, count(*)::int AS n FROM stage_stays WHERE left_at IS NOT NULL AND ${w} GROUP BY ${grp} stage, duration_bin`),
      ),
    'time.fir_to_court': async () =>
      histogram('time.fir_to_court', () => ({}), await rows(db, sql`SELECT ${sel} court_bin AS bin, count(*)::int AS n FROM cases WHERE court_bin IS NOT NULL AND ${w} GROUP BY ${grp} court_bin`)),
    'time.fir_to_judgment': async () =>
      histogram(
        'time.fir_to_judgment',
        () => ({}),
        await rows(db, sql`SELECT ${sel} judgment_bin AS bin, count(*)::int AS n FROM cases WHERE judgment_bin IS NOT NULL AND ${w} GROUP BY ${grp} judgment_bin`),
      ),
    'challan.returns': async () => {
      // Per scrutiny and per case, from each case's tallies (see project-effects.ts).
      const found = await rows(
        db,
        sql`SELECT ${sel} sum(scrutinies)::int AS n, sum(returned_scrutinies)::int AS hit, count(*)::int AS cases, count(*) FILTER (WHERE returned_scrutinies > 0)::int AS returned
            FROM cases WHERE scrutinies > 0 AND ${w} ${base.length ? sql`GROUP BY ${group}` : sql``}`,
      );
      return found.flatMap((r) => [
        share(KPI.challanReturnRate, groupOf(r, base), Number(r.hit), Number(r.n)),
        share(KPI.challanCasesReturnedShare, groupOf(r, base), Number(r.returned), Number(r.cases)),
      ]);
    },
    [KPI.escalationsPerRoleMonth]: async () =>
      (
        await rows(
          db,
          sql`SELECT ${sel} role, level, month, count(*)::int AS n FROM escalation_steps
              WHERE change IN (${sql.join(landings)}) AND ${w} GROUP BY ${grp} role, level, month`,
        )
      ).map((r) => ({
        kpi: KPI.escalationsPerRoleMonth,
        group: groupOf(r, base, { level: String(r.level), month: String(r.month), role: String(r.role) }),
        value: Number(r.n),
        n: Number(r.n),
      })),
  };
}

/** Every KPI of the catalogue over the given groups, sorted as the accumulator sorts its values. */
export async function liveKpis(db: ReadModelDb, filter: KpiFilter = {}, bases: readonly (readonly KpiDimension[])[] = KPI_BASES): Promise<KpiValue[]> {
  const out: KpiValue[] = [];
  for (const base of bases) for (const run of Object.values(kpiQueries(db, base, filter))) out.push(...(await run()));
  const keyed = out.map((v) => ({ key: kpiValueSortKey(v), v: { ...v, group: Object.fromEntries(Object.entries(v.group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.v);
}
