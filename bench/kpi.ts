// `npm run bench:kpi`: the read model at a province's scale. Loads N synthetic projected cases in bulk
// (server-side INSERT … SELECT over generate_series, 100,000 cases a statement) into PostgreSQL, then times each
// KPI query of the PPF report and an inbox page for a district, and the projection's throughput (events/s and effects/s,
// through projectEffects, 4 workers at once). PGlite beside it at a smaller N (--pglite-cases). Prints figures;
// asserts nothing (benchmarks are not tests).
//   npm run bench:kpi -- [--cases 1000000] [--pglite-cases 100000] [--port 5439]   (or DATABASE_URL)
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { LIVE_BASES, kpiQueries, type KpiFilter } from '../projection/live-kpis';
import { inboxPage } from '../projection/inbox';
import { rebuildKpiRollup } from '../projection/kpi-rollup';
import { projectEffects } from '../projection/project-effects';
import { openReadModel, type ReadModelDb } from '../projection/read-model';
import { SYNTHETIC_SOP, syntheticBatches, syntheticIdentity } from '../projection/synthetic-effects';
import { ensurePostgres } from '../scripts/postgres.mjs';
import { integerFlag } from './integer-flag';

const flag = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
};
const CASES = integerFlag('bench:kpi', 'cases', flag('cases', '1000000'), 1000);
const PGLITE_CASES = integerFlag('bench:kpi', 'pglite-cases', flag('pglite-cases', '100000'), 0);
const THROUGHPUT_CASES = integerFlag('bench:kpi', 'throughput-cases', flag('throughput-cases', '2000'), 10);
const CHUNK = 100_000;
const TABLES = ['applied_effects', 'stage_stays', 'event_records', 'gate_results', 'escalation_steps', 'escalations', 'clock_runs', 'cases', 'kpi_rollup', 'kpi_quantiles'];

// A synthetic case i, drawn in SQL: h(i, salt) is a deterministic hash in [0, 2^31).
const H = (salt: number) => sql.raw(`abs(hashint4(i * 131 + ${salt}))`);
const BIN = (ms: string) => sql.raw(`(CASE WHEN (${ms}) < 864000000 THEN floor((${ms}) / 3600000.0) ELSE 240 + floor(ln((${ms}) / 3600000.0 / 240) / ln(1.02)) END)::int`);

async function bulkLoad(db: ReadModelDb, n: number): Promise<void> {
  await sql`TRUNCATE ${sql.join(TABLES.map((t) => sql.table(t)))}`.execute(db);
  for (let from = 0; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK) - 1;
    const t0 = performance.now();
    // One row per case with its draws, then every table from it.
    await sql`CREATE TEMP TABLE IF NOT EXISTS draw (i int, p text, d text, ps text, o text, fir bigint, m text, breached boolean, custody boolean, returned boolean, court bigint, judgment bigint, challan bigint, role text, sla bigint)`.execute(db);
    await sql`TRUNCATE draw`.execute(db);
    await sql`INSERT INTO draw
      SELECT i, p, d, d || '-ps' || (${H(3)} % 8), (ARRAY['theft','robbery','murder','narcotics','fraud','hurt'])[1 + ${H(4)} % 6], fir,
             to_char(to_timestamp(fir / 1000.0) AT TIME ZONE 'Asia/Karachi', 'YYYY-MM'), breached, ${H(8)} % 10 < 4, ${H(12)} % 4 = 0,
             CASE WHEN ${H(13)} % 10 < 6 THEN fir + (20 + ${H(14)} % 60) * 86400000::bigint END,
             CASE WHEN ${H(16)} % 10 < 3 THEN fir + (120 + ${H(17)} % 500) * 86400000::bigint END,
             fir + (CASE WHEN breached THEN 15 + ${H(9)} % 60 ELSE 3 + ${H(9)} % 10 END) * 86400000::bigint,
             (ARRAY['sho','ddpp','dpp','prosecutor-general'])[1 + ${H(10)} % 4], fir + (15 + ${H(11)} % 30) * 86400000::bigint
      FROM (SELECT i, p, p || '-d' || (${H(2)} % 36) AS d, 1735671600000 + (${H(5)} % 540) * 86400000::bigint + ${H(6)} % 86400000 AS fir, ${H(7)} % 10 < 3 AS breached
            FROM (SELECT i, (ARRAY['punjab','sindh','khyber-pakhtunkhwa','balochistan'])[1 + ${H(1)} % 4] AS p FROM generate_series(${from}::int, ${to}::int) AS i) a) b`.execute(db);
    const dims = sql.raw(`p, d, ps, o, d || '-dpp', m`);
    const cols = sql.raw(`province, district, police_station, offence_class, prosecutor_office, fir_month`);
    await sql`INSERT INTO cases (case_id, ${cols}, sop_hash, sop_version, opened_at, stage, closed, court_at, court_bin, judgment_at, judgment_bin, scrutinies, returned_scrutinies, bail_applied, bail_breached, updated_at)
      SELECT 'c' || i, ${dims}, 'synthetic', 'synthetic-1', fir, CASE WHEN judgment IS NOT NULL THEN 'judgment' ELSE 'trial' END, judgment IS NOT NULL,
             court, CASE WHEN court IS NOT NULL THEN ${BIN('court - fir')} END, judgment, CASE WHEN judgment IS NOT NULL THEN ${BIN('judgment - fir')} END,
             1, CASE WHEN returned THEN 1 ELSE 0 END, custody, false, fir FROM draw`.execute(db);
    await sql`INSERT INTO clock_runs (case_id, clock_key, clock_id, ${cols}, status, statutory_bail, started_at, due_at, breached_at, ended_at, late, verdict, met_bin)
      SELECT 'c' || i, 'investigation#0', 'investigation', ${dims}, 'met', false, fir, fir + 14 * 86400000::bigint,
             CASE WHEN breached THEN fir + 14 * 86400000::bigint END, challan, breached, CASE WHEN breached THEN 'breached' ELSE 'met' END, ${BIN('challan - fir')} FROM draw
      UNION ALL
      SELECT 'c' || i, 'bail#0', 'statutory-bail-1y', ${dims}, CASE WHEN court IS NULL THEN 'running' ELSE 'cancelled' END, true, fir, fir + 365 * 86400000::bigint,
             NULL, court, false, NULL, NULL FROM draw WHERE custody
      UNION ALL
      SELECT 'c' || i, 'scrutiny-return#0', 'scrutiny-return', ${dims}, 'met', false, challan, challan + 3 * 86400000::bigint,
             NULL, challan + 86400000, false, 'met', ${BIN('86400000')} FROM draw
      UNION ALL
      SELECT 'c' || i, 'defect-cure#0', 'defect-cure', ${dims}, 'met', false, challan + 86400000, challan + 8 * 86400000::bigint,
             NULL, challan + (2 + ${H(19)} % 12) * 86400000::bigint, ${H(19)} % 12 > 6, CASE WHEN ${H(19)} % 12 > 6 THEN 'breached' ELSE 'met' END,
             ${BIN('(1 + abs(hashint4(i * 131 + 19)) % 12) * 86400000::bigint')} FROM draw WHERE returned`.execute(db);
    await sql`INSERT INTO escalations (case_id, escalation_id, ${cols}, status, role, level, sla_due_at, cause_kind, cause_ref, opened_at, level_since)
      SELECT 'c' || i, 'e1', ${dims}, CASE WHEN court IS NULL THEN 'open' ELSE 'resolved' END, role, 1, sla, 'clock-breach', 'investigation', fir + 14 * 86400000::bigint, fir + 14 * 86400000::bigint
      FROM draw WHERE breached`.execute(db);
    await sql`INSERT INTO escalation_steps (case_id, effect_id, escalation_id, ${cols}, change, role, level, at, month, overdue_role, overdue_level)
      SELECT 'c' || i, 'escalation:e1:opened', 'e1', ${dims}, 'opened', role, 1, fir + 14 * 86400000::bigint,
             to_char(to_timestamp((fir + 14 * 86400000::bigint) / 1000.0) AT TIME ZONE 'Asia/Karachi', 'YYYY-MM'), NULL, NULL FROM draw WHERE breached
      UNION ALL
      SELECT 'c' || i, 'escalation:e1:climbed', 'e1', ${dims}, 'climbed', 'dpp', 2, sla,
             to_char(to_timestamp(sla / 1000.0) AT TIME ZONE 'Asia/Karachi', 'YYYY-MM'), role, 1 FROM draw WHERE breached AND court IS NULL AND ${H(18)} % 2 = 0`.execute(db);
    await sql`INSERT INTO event_records (case_id, event_id, ${cols}, event_type, at, stage_after, back_dated)
      SELECT 'c' || i, 'fir', ${dims}, 'FIR_REGISTERED', fir, 'investigation', false FROM draw
      UNION ALL SELECT 'c' || i, 'scr1', ${dims}, 'SCRUTINY_COMPLETED', challan + 86400000, 'trial', false FROM draw
      UNION ALL SELECT 'c' || i, 'court', ${dims}, 'CHALLAN_FILED_IN_COURT', court, 'trial', false FROM draw WHERE court IS NOT NULL`.execute(db);
    await sql`INSERT INTO gate_results (case_id, gate_id, event_id, ${cols}, at, passed, objections)
      SELECT 'c' || i, 'challan-complete', 'scr1', ${dims}, challan + 86400000, NOT returned, CASE WHEN returned THEN 1 ELSE 0 END FROM draw`.execute(db);
    await sql`INSERT INTO stage_stays (case_id, stage, entered_at, ${cols}, left_at, duration_bin)
      SELECT 'c' || i, 'investigation', fir, ${dims}, challan, ${BIN('challan - fir')} FROM draw
      UNION ALL SELECT 'c' || i, 'scrutiny', challan, ${dims}, challan + 86400000, ${BIN('86400000')} FROM draw
      UNION ALL SELECT 'c' || i, 'trial', challan + 86400000, ${dims}, NULL, NULL FROM draw`.execute(db);
    console.log(`  loaded cases ${from}..${to} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // The rollup as the projection would have kept it, summed from the loaded facts.
  const r0 = performance.now();
  await rebuildKpiRollup(db);
  console.log(`  KPI rollup rebuilt in ${((performance.now() - r0) / 1000).toFixed(1)} s`);
  const t0 = performance.now();
  for (const t of TABLES) await sql`VACUUM ANALYZE ${sql.table(t)}`.execute(db);
  console.log(`  vacuum analyze ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function time<T>(run: () => Promise<T>, repeat = 3): Promise<{ ms: number; result: T }> {
  let best = Infinity;
  let result: T | undefined;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result: result! };
}

interface QueryFigures {
  /** "name by [base]" → best-of-3 ms and how many values it returned. */
  queries: Map<string, { ms: number; values: number }>;
  inbox: string;
}

async function benchQueries(db: ReadModelDb, label: string): Promise<QueryFigures> {
  // The PPF report's period: a year of FIRs, every province.
  const filter: KpiFilter = { fromMonth: '2025-01', toMonth: '2025-12' };
  const queries = new Map<string, { ms: number; values: number }>();
  console.log(`${label}: timing the KPI queries of the PPF report (best of 3), FIRs 2025-01..2025-12, all provinces`);
  for (const base of LIVE_BASES) {
    for (const [name, run] of Object.entries(kpiQueries(db, base, filter))) {
      const { ms, result } = await time(run);
      queries.set(`${name} by [${base.join(', ')}]`, { ms, values: result.length });
    }
  }
  const district = (await sql<{ district: string; province: string }>`SELECT province, district FROM escalations WHERE status = 'open' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`.execute(db)).rows[0];
  if (!district) return { queries, inbox: 'no open tasks' };
  const scope = { province: district.province, district: district.district };
  // A district's drill-down to its police stations (what a district officer's dashboard asks for).
  for (const [name, run] of Object.entries(kpiQueries(db, ['province', 'district', 'policeStation'], { ...filter, ...scope }))) {
    const { ms, result } = await time(run);
    queries.set(`${name} by [policeStation] within one district`, { ms, values: result.length });
  }
  const first = await time(() => inboxPage(db, scope, {}, { limit: 50 }));
  const second = await time(() => inboxPage(db, scope, {}, { limit: 50, after: first.result.next! }));
  const filtered = await time(() => inboxPage(db, scope, { role: 'sho', breachedClock: 'investigation', climbingBefore: Date.parse('2026-01-01') }, { limit: 50 }));
  return { queries, inbox: `inbox page of 50 for district ${scope.district}: first ${first.ms.toFixed(1)} ms, second (keyset) ${second.ms.toFixed(1)} ms, filtered ${filtered.ms.toFixed(1)} ms` };
}

/** The two servers' figures side by side, and the slowest query of each. */
function printFigures(pg: QueryFigures, pgCases: number, lite: QueryFigures | null, liteCases: number): void {
  const head = `${'KPI query'.padEnd(72)}${`PostgreSQL ${pgCases}`.padStart(20)}${lite ? `PGlite ${liteCases}`.padStart(20) : ''}`;
  console.log(`\n${head}\n${'-'.repeat(head.length)}`);
  for (const [name, f] of pg.queries) {
    const l = lite?.queries.get(name);
    console.log(`${name.padEnd(72)}${`${f.ms.toFixed(1)} ms`.padStart(20)}${lite ? (l ? `${l.ms.toFixed(1)} ms` : '—').padStart(20) : ''}   (${f.values} values)`);
  }
  const worst = (f: QueryFigures): string => {
    const [name, w] = [...f.queries].reduce((a, b) => (b[1].ms > a[1].ms ? b : a));
    return `${w.ms.toFixed(1)} ms (${name})`;
  };
  console.log(`slowest KPI query: PostgreSQL ${worst(pg)}${lite ? `; PGlite ${worst(lite)}` : ''}`);
  console.log(`PostgreSQL ${pg.inbox}`);
  if (lite) console.log(`PGlite ${lite.inbox}`);
}

async function benchProjection(db: ReadModelDb, label: string, offset: number, workers: number): Promise<void> {
  const cases = Array.from({ length: THROUGHPUT_CASES }, (_, k) => {
    const identity = { ...syntheticIdentity(offset + k), caseId: `p${offset + k}` };
    return { identity, batches: syntheticBatches(offset + k) };
  });
  const effects = cases.reduce((n, c) => n + c.batches.flat().length, 0);
  const events = cases.reduce((n, c) => n + c.batches.flat().filter((e) => e.type === 'event-applied').length, 0);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let k = next++; k < cases.length; k = next++) for (const b of cases[k]!.batches) await projectEffects(db, cases[k]!.identity, SYNTHETIC_SOP, b);
    }),
  );
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${label}: projection of ${cases.length} cases (${events} events, ${effects} effects, facts and rollup) in ${s.toFixed(1)} s = ${Math.round(events / s)} events/s, ${Math.round(effects / s)} effects/s (${workers} worker${workers > 1 ? 's' : ''})`,
  );
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? ensurePostgres({ db: 'sopflow_bench', ...(process.argv.includes('--port') ? { port: Number(flag('port', '5439')) } : {}) });
  const pgDb = await openReadModel({ kind: 'postgres', url });
  let pgFigures: QueryFigures;
  try {
    console.log(`PostgreSQL (${(await sql<{ v: string }>`SELECT version() AS v`.execute(pgDb)).rows[0]!.v.split(' on ')[0]}): bulk load of ${CASES} cases`);
    const t0 = performance.now();
    await bulkLoad(pgDb, CASES);
    console.log(`  ${CASES} cases loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    pgFigures = await benchQueries(pgDb, `PostgreSQL, ${CASES} cases`);
    await benchProjection(pgDb, 'PostgreSQL', 0, 4);
  } finally {
    await pgDb.destroy();
  }
  let liteFigures: QueryFigures | null = null;
  if (PGLITE_CASES > 0) {
    const lite = await openReadModel({ kind: 'pglite', dir: null });
    try {
      console.log(`PGlite (in memory): bulk load of ${PGLITE_CASES} cases`);
      const t0 = performance.now();
      await bulkLoad(lite, PGLITE_CASES);
      console.log(`  ${PGLITE_CASES} cases loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      liteFigures = await benchQueries(lite, `PGlite, ${PGLITE_CASES} cases`);
      await benchProjection(lite, 'PGlite', 0, 1);
    } finally {
      await lite.destroy();
    }
  }
  printFigures(pgFigures, CASES, liteFigures, PGLITE_CASES);
}

await main();
