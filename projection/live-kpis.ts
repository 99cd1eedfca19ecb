// The KPI catalogue over the read model: the same ids, groups and observation rules as the simulator's
// accumulator (rules/kpi). Each observation was classified when projected (clock verdict, duration bin, landing
// month, overdue role, by rules/kpi/kpi-observations) and summed into the KPI rollup (kpi-rollup.ts); a query
// reads the rollup rows of one grain over the period's FIR years and months, and medians and p90s are ranked by
// the histogram code's rule (quantileRank) and read as the same bin midpoints.
import { sql, type RawBuilder } from 'kysely';
import { QUANTILE_KPIS, kpiValueSortKey } from '../rules/kpi/kpi-accumulator';
import { KPI, KPI_CLOCKS } from '../rules/kpi/kpi-catalogue';
import { binMidDays } from '../rules/kpi/duration-histogram';
import { KPI_BASES, type KpiDimension } from '../rules/kpi/kpi-observations';
import type { KpiValue } from '../rules/kpi/kpi-types';
import type { ReadModelDb } from './read-model';
import { QUANTILE_BINS, QUANTILE_GRAINS, ROLLUP_GRAINS, type HistogramMetric, type RollupGrain, type RollupMetric } from './kpi-rollup';

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
  /** Jurisdiction below the province (the API scopes a district or police station's officers to theirs). */
  district?: string;
  policeStation?: string;
}

/** A grouping the rollup cannot serve within the filter's scope (e.g. offence class within one district). */
export class KpiGroupingError extends Error {}

type Row = Record<string, unknown>;

interface Plan {
  grain: RollupGrain;
  /** The rollup column holding each dimension of the grain. */
  column: Partial<Record<KpiDimension, string>>;
  monthly: boolean;
}

const GRAIN_ORDER: RollupGrain[] = ['p', 'pd', 'po', 'pp', 'ps'];

/** The coarsest grain holding the base's dimensions and the filter's (FIR month is the period, not a grain). */
export function planFor(base: readonly KpiDimension[], filter: KpiFilter): Plan {
  const needed = new Set<KpiDimension>(base.filter((d) => d !== 'firMonth'));
  if (filter.province) needed.add('province');
  if (filter.district) needed.add('district');
  if (filter.policeStation) needed.add('policeStation');
  for (const grain of GRAIN_ORDER) {
    const dims: readonly KpiDimension[] = ROLLUP_GRAINS[grain];
    if ([...needed].every((d) => dims.includes(d))) {
      return { grain, column: Object.fromEntries(dims.map((d, i) => [d, `g${i + 1}`])), monthly: base.includes('firMonth') };
    }
  }
  throw new KpiGroupingError(`KPIs grouped by [${base.join(', ')}] are not kept within a ${filter.policeStation ? 'police station' : 'district'} scope`);
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The rollup periods that cover [from, to] once: whole FIR years as year rows, the rest as month rows. */
export function periodsOf(from: string, to: string, monthly: boolean): string[] {
  const months = monthsBetween(from, to);
  if (monthly) return months;
  const byYear = new Map<string, string[]>();
  for (const m of months) byYear.set(m.slice(0, 4), [...(byYear.get(m.slice(0, 4)) ?? []), m]);
  return [...byYear].flatMap(([year, ms]) => (ms.length === 12 ? [year] : ms));
}

/** The FIR months the read model holds, for a filter without bounds. */
async function boundsOf(db: ReadModelDb, filter: KpiFilter): Promise<{ from: string; to: string } | null> {
  if (filter.fromMonth && filter.toMonth) return { from: filter.fromMonth, to: filter.toMonth };
  const r = (await sql<{ lo: string | null; hi: string | null }>`SELECT min(fir_month) AS lo, max(fir_month) AS hi FROM cases`.execute(db)).rows[0];
  if (!r?.lo || !r.hi) return null;
  return { from: filter.fromMonth ?? r.lo, to: filter.toMonth ?? r.hi };
}

/** Each KPI query of one base, by name (the benchmark times them one by one). */
export function kpiQueries(db: ReadModelDb, base: readonly KpiDimension[], filter: KpiFilter): Record<string, () => Promise<KpiValue[]>> {
  const plan = planFor(base, filter);
  const groupDims = base.filter((d) => d !== 'firMonth');
  // `g1 AS "province", …` (identifiers from the fixed grain map, never from input), then FIR month.
  const dimCols: RawBuilder<unknown>[] = [
    ...groupDims.map((d) => sql`${sql.ref(plan.column[d]!)} AS ${sql.ref(d)}`),
    ...(plan.monthly ? [sql`period AS "firMonth"`] : []),
  ];
  const dimGroup: RawBuilder<unknown>[] = [...groupDims.map((d) => sql.ref(plan.column[d]!)), ...(plan.monthly ? [sql.ref('period')] : [])];
  const groupOf = (row: Row, extra: Record<string, string> = {}): Record<string, string> => {
    const group: Record<string, string> = { ...extra };
    for (const d of base) group[d] = String(row[d]);
    return group;
  };

  // A rollup row is already one group's sum when each period is its own group (by FIR month) or the report reads one
  // period row, and every dimension of the grain is grouped by or fixed by the filter (metrics leave their unused
  // keys empty and their bin -1): such reads skip the GROUP BY, and quantiles come from the quantile table.
  const fixed = (d: KpiDimension): boolean => (d === 'province' && !!filter.province) || (d === 'district' && !!filter.district) || (d === 'policeStation' && !!filter.policeStation);
  const wholeRows = (ROLLUP_GRAINS[plan.grain] as readonly KpiDimension[]).every((d) => (groupDims as readonly KpiDimension[]).includes(d) || fixed(d));
  const oneRowPerGroup = (ps: readonly string[]): boolean => wholeRows && (plan.monthly || ps.length === 1);

  /** The query's periods, or null when the read model holds none in the filter's range. */
  const periods = async (): Promise<string[] | null> => {
    const bounds = await boundsOf(db, filter);
    if (!bounds || bounds.from > bounds.to) return null;
    return periodsOf(bounds.from, bounds.to, plan.monthly);
  };
  const scopeOf = (metrics: readonly RollupMetric[], ps: readonly string[]): RawBuilder<unknown> => {
    const parts: RawBuilder<unknown>[] = [
      sql`grain = ${plan.grain}`,
      metrics.length === 1 ? sql`metric = ${metrics[0]}` : sql`metric IN (${sql.join([...metrics])})`,
      ps.length === 1 ? sql`period = ${ps[0]}` : sql`period IN (${sql.join([...ps])})`,
    ];
    if (filter.province) parts.push(sql`${sql.ref(plan.column.province!)} = ${filter.province}`);
    if (filter.district) parts.push(sql`${sql.ref(plan.column.district!)} = ${filter.district}`);
    if (filter.policeStation) parts.push(sql`${sql.ref(plan.column.policeStation!)} = ${filter.policeStation}`);
    parts.push(sql`n > 0`);
    return sql.join(parts, sql` AND `);
  };
  const run = async (q: RawBuilder<unknown>): Promise<Row[]> => (await q.execute(db)).rows as Row[];

  /** Sums of hit and n per group and keys (cells with no observations left out). */
  const sums = async (metrics: RollupMetric[], keys: { col: string; as: string }[], withHit = true): Promise<Row[]> => {
    const ps = await periods();
    if (!ps) return [];
    const cols = [...dimCols, ...keys.map((k) => sql`${sql.ref(k.col)} AS ${sql.ref(k.as)}`)];
    const where = scopeOf(metrics, ps);
    // Counts per role come back as ~70k rows by police station: a column fewer is a fifth less to parse.
    if (oneRowPerGroup(ps)) return run(sql`SELECT ${sql.join([...cols, ...(withHit ? [sql`hit`] : []), sql`n`])} FROM kpi_rollup WHERE ${where}`);
    const group = [...dimGroup, ...keys.map((k) => sql.ref(k.col))];
    return run(
      sql`SELECT ${sql.join([...cols, sql`sum(hit)::bigint AS hit`, sql`sum(n)::bigint AS n`])} FROM kpi_rollup WHERE ${where}
          ${group.length ? sql`GROUP BY ${sql.join(group)}` : sql``} HAVING sum(n) > 0`,
    );
  };

  /** Median and p90 per group: bins ranked in SQL (only a group's two bins leave the server). */
  const quantiles = async (name: string, metric: HistogramMetric, keys: { col: 'k1'; as: string }[]): Promise<KpiValue[]> => {
    const ps = await periods();
    if (!ps) return [];
    const keyCols = keys.map((k) => sql`${sql.ref(k.col)} AS ${sql.ref(k.as)}`);
    const inner = [...dimCols, ...keyCols];
    let found: Row[];
    if (oneRowPerGroup(ps) && (QUANTILE_GRAINS as readonly RollupGrain[]).includes(plan.grain)) {
      // Each quantile row is one group's histogram, already ranked.
      found = await run(sql`SELECT ${sql.join([...inner, sql`n`, sql`median_bin`, sql`p90_bin`])} FROM kpi_quantiles WHERE ${scopeOf([metric], ps)}`);
    } else {
      const innerGroup = [...dimGroup, ...keys.map((k) => sql.ref(k.col))];
      const outer = [...groupDims.map((d) => sql.ref(d)), ...(plan.monthly ? [sql.ref('firMonth')] : []), ...keys.map((k) => sql.ref(k.as))];
      const partition = outer.length ? sql`PARTITION BY ${sql.join(outer)}` : sql``;
      found = await run(sql`
        WITH h AS (SELECT ${sql.join([...inner, sql`bin`, sql`sum(n)::bigint AS n`])} FROM kpi_rollup WHERE ${scopeOf([metric], ps)}
                   GROUP BY ${sql.join([...innerGroup, sql`bin`])}),
             c AS (SELECT h.*, sum(n) OVER (${partition} ORDER BY bin) AS cum, sum(n) OVER (${partition}) AS tot FROM h)
        SELECT ${sql.join([...outer, sql`tot AS n`])}, ${QUANTILE_BINS}
        FROM c GROUP BY ${sql.join([...outer, sql`tot`])}`);
    }
    const [median, p90] = QUANTILE_KPIS[name]!;
    return found.flatMap((r) => {
      const g = groupOf(r, Object.fromEntries(keys.map((k) => [k.as, String(r[k.as])])));
      const n = Number(r.n);
      return [
        { kpi: median, group: g, value: binMidDays(Number(r.median_bin)), n },
        { kpi: p90, group: g, value: binMidDays(Number(r.p90_bin)), n },
      ];
    });
  };

  const share = (kpi: string, g: Record<string, string>, hit: number, n: number): KpiValue => ({ kpi, group: g, value: n === 0 ? 0 : hit / n, n });
  const perRole = async (kpi: string, metric: RollupMetric): Promise<KpiValue[]> =>
    (await sums([metric], [{ col: 'k1', as: 'role' }, { col: 'k2', as: 'level' }, { col: 'k3', as: 'month' }], false)).map((r) => ({
      kpi,
      group: groupOf(r, { level: String(r.level), month: String(r.month), role: String(r.role) }),
      value: Number(r.n),
      n: Number(r.n),
    }));

  return {
    [KPI.casesCount]: async () => (await sums(['cases'], [])).map((r) => ({ kpi: KPI.casesCount, group: groupOf(r), value: Number(r.n), n: Number(r.n) })),
    'clock.shares': async () =>
      (await sums(['clock'], [{ col: 'k1', as: 'clock' }])).flatMap((r) => {
        const clock = String(r.clock);
        const g = groupOf(r, { clock });
        const n = Number(r.n);
        const met = Number(r.hit);
        const out = [share(KPI.clockMetShare, g, met, n), share(KPI.clockBreachedShare, g, n - met, n)];
        if (clock === KPI_CLOCKS.challanS173) out.push(share(KPI.challanWithinS173Share, groupOf(r), met, n));
        else if (clock === KPI_CLOCKS.scrutinyReturn) out.push(share(KPI.scrutinyReturnedInTimeShare, groupOf(r), met, n));
        return out;
      }),
    'custody.s497': async () =>
      (await sums(['custody'], [])).flatMap((r) => {
        const g = groupOf(r);
        const hit = Number(r.hit);
        const out = [share(KPI.custodyBeyondS497Share, g, hit, Number(r.n))];
        if (hit > 0) out.push({ kpi: KPI.custodyBeyondS497Count, group: g, value: hit, n: hit });
        return out;
      }),
    'stage.duration': () => quantiles('stage.duration', 'stage', [{ col: 'k1', as: 'stage' }]),
    'time.fir_to_court': () => quantiles('time.fir_to_court', 'court', []),
    'time.fir_to_judgment': () => quantiles('time.fir_to_judgment', 'judgment', []),
    'challan.cure_time': () => quantiles('challan.cure_time', 'cure', []),
    'challan.returns': async () =>
      (await sums(['scrutiny', 'challan_cases'], [{ col: 'metric', as: 'metric' }])).map((r) =>
        share(r.metric === 'scrutiny' ? KPI.challanReturnRate : KPI.challanCasesReturnedShare, groupOf(r), Number(r.hit), Number(r.n)),
      ),
    [KPI.escalationsPerRoleMonth]: () => perRole(KPI.escalationsPerRoleMonth, 'landing'),
    [KPI.tasksOverduePerRoleMonth]: () => perRole(KPI.tasksOverduePerRoleMonth, 'overdue'),
  };
}

/** Every KPI of the catalogue over the given groups, sorted as the accumulator sorts its values. */
export async function liveKpis(db: ReadModelDb, filter: KpiFilter = {}, bases: readonly (readonly KpiDimension[])[] = KPI_BASES): Promise<KpiValue[]> {
  const out: KpiValue[] = [];
  for (const base of bases) for (const run of Object.values(kpiQueries(db, base, filter))) out.push(...(await run()));
  const keyed = out.map((v) => ({ key: kpiValueSortKey(v), v: { ...v, group: Object.fromEntries(Object.entries(v.group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.v);
}
