// The KPI rollup: what each case contributes to each KPI (counted from its fact rows), summed per grain (province;
// province+district; +police station; province+offence class; province+prosecutor office) and per period (FIR
// month and FIR year), so a report query reads a few thousand rows instead of a province's cases.
//
// Maintained in the projection's transaction, under the case's row lock: the case's contributions are read before
// its batch is written, read again after, and the difference is added in one sorted upsert. So the rollup stays
// exactly the sum over the fact rows: a replayed batch (no new effects) never reaches here, a back-dated
// re-computation moves a case's contribution rather than adding to it, and one statement locks its rows in one
// order (no deadlock between two workers). A rebuild sums the same contributions over every case.
import { sql, type RawBuilder } from 'kysely';
import { KPI_CLOCKS } from '../rules/kpi/kpi-catalogue';
import { TASK_LANDING_ACTIONS, type KpiDimension } from '../rules/kpi/kpi-observations';
import type { ReadModelDb } from './read-model';
import type { KpiQuantilesTable } from './schema';

/** A grain: the case dimensions a rollup row is keyed by (g1, g2, g3, in this order); province always first. */
export const ROLLUP_GRAINS = {
  p: ['province'],
  pd: ['province', 'district'],
  po: ['province', 'offenceClass'],
  ps: ['province', 'district', 'policeStation'],
  pp: ['province', 'prosecutorOffice'],
} as const satisfies Record<string, readonly KpiDimension[]>;

export type RollupGrain = keyof typeof ROLLUP_GRAINS;

/** Rollup metrics: each is counted from one fact table (see contributionsSql). */
export type RollupMetric = 'cases' | 'clock' | 'custody' | 'stage' | 'court' | 'judgment' | 'cure' | 'scrutiny' | 'challan_cases' | 'landing' | 'overdue';

/** One contribution row: a case group's dimensions, the metric and its keys, and the sums. */
interface Contribution {
  province: string;
  district: string;
  police_station: string;
  offence_class: string;
  prosecutor_office: string | null;
  fir_month: string;
  metric: string;
  k1: string;
  k2: string;
  k3: string;
  bin: number;
  hit: number;
  n: number;
}

const D = sql.raw('province, district, police_station, offence_class, prosecutor_office, fir_month');
const NONE = sql.raw(`'' AS k1, '' AS k2, '' AS k3`);

/**
 * Every case's contributions under `where` (a predicate on case_id), summed per group of equal dimensions and
 * keys. `bin` is -1 for metrics without a histogram. Counted exactly as the accumulator counts (rules/kpi):
 * clock verdicts, bins and landing months were classified when the facts were projected.
 */
function contributionsSql(where: RawBuilder<unknown>, dims: { select: RawBuilder<unknown>; group: RawBuilder<unknown> } = { select: D, group: D }): RawBuilder<Contribution> {
  const landings = sql.join([...TASK_LANDING_ACTIONS]);
  const S = dims.select;
  const G = dims.group;
  return sql<Contribution>`
    SELECT ${S}, 'cases' AS metric, ${NONE}, -1 AS bin, 0::bigint AS hit, count(*)::bigint AS n FROM cases WHERE ${where} GROUP BY ${G}
    UNION ALL SELECT ${S}, 'clock', clock_id, '', '', -1, count(*) FILTER (WHERE verdict = 'met'), count(*) FROM clock_runs
      WHERE verdict IS NOT NULL AND ${where} GROUP BY ${G}, clock_id
    UNION ALL SELECT ${S}, 'custody', ${NONE}, -1, count(*) FILTER (WHERE bail_breached), count(*) FROM cases WHERE bail_applied AND ${where} GROUP BY ${G}
    UNION ALL SELECT ${S}, 'stage', stage, '', '', duration_bin, 0, count(*) FROM stage_stays WHERE left_at IS NOT NULL AND ${where} GROUP BY ${G}, stage, duration_bin
    UNION ALL SELECT ${S}, 'court', ${NONE}, court_bin, 0, count(*) FROM cases WHERE court_bin IS NOT NULL AND ${where} GROUP BY ${G}, court_bin
    UNION ALL SELECT ${S}, 'judgment', ${NONE}, judgment_bin, 0, count(*) FROM cases WHERE judgment_bin IS NOT NULL AND ${where} GROUP BY ${G}, judgment_bin
    UNION ALL SELECT ${S}, 'cure', ${NONE}, met_bin, 0, count(*) FROM clock_runs
      WHERE clock_id = ${KPI_CLOCKS.defectCure} AND NOT withdrawn AND met_bin IS NOT NULL AND ${where} GROUP BY ${G}, met_bin
    UNION ALL SELECT ${S}, 'scrutiny', ${NONE}, -1, sum(returned_scrutinies)::bigint, sum(scrutinies)::bigint FROM cases WHERE scrutinies > 0 AND ${where} GROUP BY ${G}
    UNION ALL SELECT ${S}, 'challan_cases', ${NONE}, -1, count(*) FILTER (WHERE returned_scrutinies > 0), count(*) FROM cases WHERE scrutinies > 0 AND ${where} GROUP BY ${G}
    UNION ALL SELECT ${S}, 'landing', role, level::text, month, -1, 0, count(*) FROM escalation_steps
      WHERE change IN (${landings}) AND ${where} GROUP BY ${G}, role, level, month
    UNION ALL SELECT ${S}, 'overdue', overdue_role, overdue_level::text, month, -1, 0, count(*) FROM escalation_steps
      WHERE overdue_role IS NOT NULL AND ${where} GROUP BY ${G}, overdue_role, overdue_level, month`;
}

// Each contribution lands in every grain, once per FIR month and once per FIR year.
const EXPAND = sql.raw(`(VALUES
  ('p', c.fir_month, c.province, '', ''), ('p', left(c.fir_month, 4), c.province, '', ''),
  ('pd', c.fir_month, c.province, c.district, ''), ('pd', left(c.fir_month, 4), c.province, c.district, ''),
  ('po', c.fir_month, c.province, c.offence_class, ''), ('po', left(c.fir_month, 4), c.province, c.offence_class, ''),
  ('ps', c.fir_month, c.province, c.district, c.police_station), ('ps', left(c.fir_month, 4), c.province, c.district, c.police_station),
  ('pp', c.fir_month, c.province, coalesce(c.prosecutor_office, ''), ''), ('pp', left(c.fir_month, 4), c.province, coalesce(c.prosecutor_office, ''), '')
) AS x (grain, period, g1, g2, g3)`);

const KEY = sql.raw('grain, metric, period, g1, g2, g3, k1, k2, k3, bin');

/** Adds (contributions under `where`) − (`minus`) to the rollup, in one sorted upsert; then re-ranks the histograms it changed. */
async function addToRollup(db: ReadModelDb, where: RawBuilder<unknown>, minus: readonly Contribution[]): Promise<void> {
  const before = JSON.stringify(minus);
  const { rows: touched } = await sql<QuantileGroup>`
    WITH up AS (
      INSERT INTO kpi_rollup (${KEY}, hit, n)
      SELECT x.grain, c.metric, x.period, x.g1, x.g2, x.g3, c.k1, c.k2, c.k3, c.bin, sum(c.hit * c.sign), sum(c.n * c.sign)
      FROM (
        SELECT a.*, 1 AS sign FROM (${contributionsSql(where)}) a
        UNION ALL
        SELECT b.*, -1 AS sign FROM jsonb_to_recordset(${before}::jsonb) AS b (province text, district text, police_station text, offence_class text,
          prosecutor_office text, fir_month text, metric text, k1 text, k2 text, k3 text, bin integer, hit bigint, n bigint)
      ) c CROSS JOIN LATERAL ${EXPAND}
      WHERE x.grain <> 'pp' OR c.prosecutor_office IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      HAVING sum(c.hit * c.sign) <> 0 OR sum(c.n * c.sign) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      ON CONFLICT (${KEY}) DO UPDATE SET hit = kpi_rollup.hit + excluded.hit, n = kpi_rollup.n + excluded.n
      RETURNING grain, metric, period, g1, g2, g3, k1),
    touched AS (SELECT DISTINCT ${QKEY}, hashtext(concat_ws('|', grain, metric, period, g1, g2, g3, k1)) AS h FROM up
      WHERE grain IN (${sql.join([...QUANTILE_GRAINS])}) AND metric IN (${sql.join([...HISTOGRAM_METRICS])}))
    SELECT ${QKEY}, pg_advisory_xact_lock(h)::text AS locked FROM (SELECT * FROM touched ORDER BY h) t`.execute(db);
  if (touched.length > 0) await rerankQuantiles(db, touched);
}

/** One case's contributions as they stand (read before a batch changes its facts). */
export async function caseContributions(db: ReadModelDb, caseId: string): Promise<Contribution[]> {
  const { rows } = await contributionsSql(sql`case_id = ${caseId}`).execute(db);
  return rows.map((r) => ({ ...r, bin: Number(r.bin), hit: Number(r.hit), n: Number(r.n) }));
}

/** After a batch: the case's new contributions replace `before` in the rollup. */
export async function updateCaseRollup(db: ReadModelDb, caseId: string, before: readonly Contribution[]): Promise<void> {
  await addToRollup(db, sql`case_id = ${caseId}`, before);
}

/**
 * The rollup from scratch: emptied, then each grain's month rows counted from the facts grouped at that grain
 * (one pass per grain, not one row per case), then the year rows summed from the month rows; then the quantiles.
 */
export async function rebuildKpiRollup(db: ReadModelDb): Promise<void> {
  await sumKpiRollup(db);
  await rebuildKpiQuantiles(db);
}

/** The rollup's rows from the facts (what migration 004 fills; the quantile table came after it). */
export async function sumKpiRollup(db: ReadModelDb): Promise<void> {
  await sql`TRUNCATE kpi_rollup`.execute(db);
  const COLUMN: Record<KpiDimension, string> = {
    province: 'province',
    district: 'district',
    policeStation: 'police_station',
    offenceClass: 'offence_class',
    prosecutorOffice: 'prosecutor_office',
    firMonth: 'fir_month',
  };
  for (const [grain, dims] of Object.entries(ROLLUP_GRAINS) as [RollupGrain, readonly KpiDimension[]][]) {
    const cols = dims.map((d) => COLUMN[d]);
    const g = [0, 1, 2].map((i) => (cols[i] ? sql`${sql.ref(cols[i])} AS ${sql.ref(`g${i + 1}`)}` : sql.raw(`''::text AS g${i + 1}`)));
    const select = sql.join([...g, sql`fir_month AS period`]);
    const group = sql.join([...cols.map((c) => sql.ref(c)), sql.ref('fir_month')]);
    const where = dims.includes('prosecutorOffice') ? sql`prosecutor_office IS NOT NULL` : sql`true`;
    await sql`INSERT INTO kpi_rollup (${KEY}, hit, n)
      SELECT ${grain}, metric, period, g1, g2, g3, k1, k2, k3, bin, hit, n FROM (${contributionsSql(where, { select, group })}) c`.execute(db);
  }
  await sql`INSERT INTO kpi_rollup (${KEY}, hit, n)
    SELECT grain, metric, left(period, 4), g1, g2, g3, k1, k2, k3, bin, sum(hit), sum(n) FROM kpi_rollup WHERE length(period) = 7
    GROUP BY grain, metric, left(period, 4), g1, g2, g3, k1, k2, k3, bin`.execute(db);
}

// The quantile table (migration 006): for each police-station histogram of the rollup — one period, station and
// key (stage) of a duration metric — its count and the bins its median and p90 fall in, ranked as the histogram
// code ranks (quantileRank: the first bin whose running count reaches max(1, ceil(q·n))). A report over one period
// (a year row, or months grouped by month) reads these instead of ranking ~75k rollup bins per query. Kept exact
// in the projection transaction: the histograms a batch changed are re-ranked from their rollup rows. Only the
// station grain: the coarser grains rank a few thousand bins per query in a few ms, while re-ranking their
// histograms (hundreds of bins each) in every batch halved the projection's throughput.

/** The duration metrics kept as histograms (bin ≥ 0; k2 and k3 are always empty for them). */
export const HISTOGRAM_METRICS = ['stage', 'court', 'judgment', 'cure'] as const satisfies readonly RollupMetric[];
export type HistogramMetric = (typeof HISTOGRAM_METRICS)[number];

/** The grains the quantile table keeps. */
export const QUANTILE_GRAINS = ['ps'] as const satisfies readonly RollupGrain[];

/** One histogram of the rollup: the quantile table's key. */
type QuantileGroup = Pick<KpiQuantilesTable, 'grain' | 'metric' | 'period' | 'g1' | 'g2' | 'g3' | 'k1'>;

const QKEY = sql.raw('grain, metric, period, g1, g2, g3, k1');

/**
 * The median and p90 bins of histograms whose rows carry `bin`, their running count `cum` and their total `tot`:
 * the first bin whose running count reaches max(1, ceil(q·n)), as the histogram code ranks (quantileRank).
 */
export const QUANTILE_BINS = sql.raw(`min(bin) FILTER (WHERE cum >= greatest(1, ceil(0.5::float8 * tot::float8))) AS median_bin,
  min(bin) FILTER (WHERE cum >= greatest(1, ceil(0.9::float8 * tot::float8))) AS p90_bin`);

/** Each histogram's n, median bin and p90 bin, from `bins` (rows of grain, metric, period, g1, g2, g3, k1, bin, n with n > 0). */
function rankedSql(bins: RawBuilder<unknown>): RawBuilder<unknown> {
  const part = sql.raw('PARTITION BY grain, metric, period, g1, g2, g3, k1');
  return sql`
    SELECT ${QKEY}, tot AS n, ${QUANTILE_BINS}
    FROM (SELECT ${QKEY}, bin, sum(n) OVER (${part} ORDER BY bin) AS cum, sum(n) OVER (${part}) AS tot FROM (${bins}) b) c
    GROUP BY ${QKEY}, tot`;
}

/**
 * Re-ranks the histograms a batch changed. Two workers may change bins of one histogram at once (different rollup
 * rows, so neither waits for the other there): the rollup upsert takes a transaction lock per histogram after its
 * rows (in one order: hash, so no deadlock), and this later statement ranks. Under READ COMMITTED it sees every
 * change committed before it; a worker whose changes were not yet committed is still waiting for the lock, and
 * ranks again after. A histogram a re-computation emptied keeps a row with n = 0 (as the rollup keeps zero rows).
 */
async function rerankQuantiles(db: ReadModelDb, groups: readonly QuantileGroup[]): Promise<void> {
  const keys = JSON.stringify(groups.map((g) => ({ grain: g.grain, metric: g.metric, period: g.period, g1: g.g1, g2: g.g2, g3: g.g3, k1: g.k1 })));
  // Each histogram's bins by its primary-key prefix (an index range), not a scan of the rollup. Zero bins are kept:
  // they move neither count nor rank, and an emptied histogram still comes out (n = 0).
  const bins = sql`SELECT t.grain, t.metric, t.period, t.g1, t.g2, t.g3, t.k1, r.bin, r.n
    FROM jsonb_to_recordset(${keys}::jsonb) AS t (grain text, metric text, period text, g1 text, g2 text, g3 text, k1 text)
    CROSS JOIN LATERAL (SELECT bin, n FROM kpi_rollup r WHERE r.grain = t.grain AND r.metric = t.metric AND r.period = t.period
      AND r.g1 = t.g1 AND r.g2 = t.g2 AND r.g3 = t.g3 AND r.k1 = t.k1) r`;
  await sql`INSERT INTO kpi_quantiles (${QKEY}, n, median_bin, p90_bin)
    SELECT ${QKEY}, n, coalesce(median_bin, -1), coalesce(p90_bin, -1) FROM (${rankedSql(bins)}) q ORDER BY ${QKEY}
    ON CONFLICT (${QKEY}) DO UPDATE SET n = excluded.n, median_bin = excluded.median_bin, p90_bin = excluded.p90_bin`.execute(db);
}

/** The quantile table from the rollup as it stands. */
export async function rebuildKpiQuantiles(db: ReadModelDb): Promise<void> {
  await sql`TRUNCATE kpi_quantiles`.execute(db);
  await sql`INSERT INTO kpi_quantiles (${QKEY}, n, median_bin, p90_bin) ${rankedSql(
    sql`SELECT ${QKEY}, bin, n FROM kpi_rollup WHERE grain IN (${sql.join([...QUANTILE_GRAINS])}) AND metric IN (${sql.join([...HISTOGRAM_METRICS])}) AND n > 0`,
  )}`.execute(db);
}
