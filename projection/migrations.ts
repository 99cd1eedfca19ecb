// The read model's one migration set, run on start by openReadModel. SQL kept to PostgreSQL 15 (Debian's server)
// so PGlite (PostgreSQL 18) and a real server run the same statements.
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { rebuildKpiQuantiles, sumKpiRollup } from './kpi-rollup';
import type { ReadModelDb } from './read-model';

const DIMENSIONS = sql.raw(`
  province text NOT NULL,
  district text NOT NULL,
  police_station text NOT NULL,
  offence_class text NOT NULL,
  prosecutor_office text,
  fir_month text NOT NULL`);

const migrations: Record<string, Migration> = {
  '001_read_model': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`CREATE TABLE cases (
        case_id text PRIMARY KEY,
        ${DIMENSIONS},
        sop_hash text NOT NULL,
        sop_version text NOT NULL,
        opened_at bigint,
        stage text,
        closed boolean NOT NULL DEFAULT false,
        court_at bigint,
        court_bin integer,
        judgment_at bigint,
        judgment_bin integer,
        updated_at bigint NOT NULL
      )`.execute(db);
      await sql`CREATE TABLE clock_runs (
        case_id text NOT NULL REFERENCES cases (case_id),
        clock_key text NOT NULL,
        clock_id text NOT NULL,
        ${DIMENSIONS},
        status text NOT NULL,
        statutory_bail boolean NOT NULL,
        started_at bigint NOT NULL,
        due_at bigint,
        warned_at bigint,
        breached_at bigint,
        ended_at bigint,
        late boolean NOT NULL DEFAULT false,
        paused_since bigint,
        tolled_ms bigint NOT NULL DEFAULT 0,
        extensions integer NOT NULL DEFAULT 0,
        verdict text,
        withdrawn boolean NOT NULL DEFAULT false,
        PRIMARY KEY (case_id, clock_key)
      )`.execute(db);
      await sql`CREATE TABLE escalations (
        case_id text NOT NULL REFERENCES cases (case_id),
        escalation_id text NOT NULL,
        ${DIMENSIONS},
        status text NOT NULL,
        role text NOT NULL,
        level integer NOT NULL,
        sla_due_at bigint,
        cause_kind text NOT NULL,
        cause_ref text NOT NULL,
        opened_at bigint NOT NULL,
        level_since bigint NOT NULL,
        closed_at bigint,
        sla_missed_at_top boolean NOT NULL DEFAULT false,
        PRIMARY KEY (case_id, escalation_id)
      )`.execute(db);
      await sql`CREATE TABLE escalation_steps (
        case_id text NOT NULL REFERENCES cases (case_id),
        effect_id text NOT NULL,
        escalation_id text NOT NULL,
        ${DIMENSIONS},
        change text NOT NULL,
        role text NOT NULL,
        level integer NOT NULL,
        at bigint NOT NULL,
        month text NOT NULL,
        PRIMARY KEY (case_id, effect_id)
      )`.execute(db);
      await sql`CREATE TABLE gate_results (
        case_id text NOT NULL REFERENCES cases (case_id),
        gate_id text NOT NULL,
        event_id text NOT NULL,
        ${DIMENSIONS},
        at bigint NOT NULL,
        passed boolean NOT NULL,
        objections integer NOT NULL,
        PRIMARY KEY (case_id, gate_id, event_id)
      )`.execute(db);
      await sql`CREATE TABLE event_records (
        seq bigserial,
        case_id text NOT NULL REFERENCES cases (case_id),
        event_id text NOT NULL,
        ${DIMENSIONS},
        event_type text NOT NULL,
        at bigint NOT NULL,
        stage_after text NOT NULL,
        back_dated boolean NOT NULL,
        PRIMARY KEY (case_id, event_id)
      )`.execute(db);
      await sql`CREATE TABLE stage_stays (
        case_id text NOT NULL REFERENCES cases (case_id),
        stage text NOT NULL,
        entered_at bigint NOT NULL,
        ${DIMENSIONS},
        left_at bigint,
        duration_bin integer,
        PRIMARY KEY (case_id, entered_at, stage)
      )`.execute(db);
      await sql`CREATE TABLE applied_effects (
        case_id text NOT NULL,
        effect_id text NOT NULL,
        PRIMARY KEY (case_id, effect_id)
      )`.execute(db);
      // KPI scans filter by period and province and group by the dimensions; the inbox reads open tasks of a
      // jurisdiction in SLA order (keyset: sla_due_at, case_id, escalation_id).
      await sql`CREATE INDEX cases_period ON cases (fir_month, province, district)`.execute(db);
      await sql`CREATE INDEX clock_runs_period ON clock_runs (fir_month, province) INCLUDE (district, offence_class, clock_id, verdict, statutory_bail, breached_at)`.execute(db);
      await sql`CREATE INDEX escalation_steps_period ON escalation_steps (fir_month, province) INCLUDE (district, offence_class, role, level, month, change)`.execute(db);
      await sql`CREATE INDEX inbox_open ON escalations (province, district, sla_due_at, case_id, escalation_id) WHERE status IN ('open', 'acknowledged')`.execute(db);
      await sql`CREATE INDEX event_records_milestones ON event_records (event_type, case_id)`.execute(db);
    },
  },
  // Per-case tallies for the challan and custody KPIs (one row per case instead of a scan of its events).
  '002_case_tallies': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE cases
        ADD COLUMN scrutinies integer NOT NULL DEFAULT 0,
        ADD COLUMN returned_scrutinies integer NOT NULL DEFAULT 0,
        ADD COLUMN bail_applied boolean NOT NULL DEFAULT false,
        ADD COLUMN bail_breached boolean NOT NULL DEFAULT false`.execute(db);
      // Cases projected before: their tallies from their rows.
      await sql`UPDATE cases c SET
        scrutinies = (SELECT count(*) FROM event_records e WHERE e.case_id = c.case_id AND e.event_type = 'SCRUTINY_COMPLETED'),
        returned_scrutinies = (SELECT count(*) FROM event_records e WHERE e.case_id = c.case_id AND e.event_type = 'SCRUTINY_COMPLETED'
          AND EXISTS (SELECT 1 FROM gate_results g WHERE g.case_id = e.case_id AND g.event_id = e.event_id AND NOT g.passed)),
        bail_applied = EXISTS (SELECT 1 FROM clock_runs r WHERE r.case_id = c.case_id AND r.statutory_bail AND NOT r.withdrawn),
        bail_breached = EXISTS (SELECT 1 FROM clock_runs r WHERE r.case_id = c.case_id AND r.statutory_bail AND NOT r.withdrawn AND r.breached_at IS NOT NULL)`.execute(db);
    },
  },
  // The KPI rollup (see kpi-rollup.ts): per-grain, per-period sums the report reads instead of the fact tables, and
  // the fact columns the new KPIs need (who a task was overdue with; the length of a completed clock run).
  '004_kpi_rollup': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE escalation_steps ADD COLUMN overdue_role text, ADD COLUMN overdue_level integer`.execute(db);
      await sql`ALTER TABLE clock_runs ADD COLUMN met_bin integer`.execute(db);
      // Byte-order collation: the keys are ids, and comparing them by locale rules made index upkeep several times slower.
      await sql`CREATE TABLE kpi_rollup (
        grain text COLLATE "C" NOT NULL,
        metric text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        g1 text COLLATE "C" NOT NULL,
        g2 text COLLATE "C" NOT NULL,
        g3 text COLLATE "C" NOT NULL,
        k1 text COLLATE "C" NOT NULL,
        k2 text COLLATE "C" NOT NULL,
        k3 text COLLATE "C" NOT NULL,
        bin integer NOT NULL,
        hit bigint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (grain, metric, period, g1, g2, g3, k1, k2, k3, bin)
      )`.execute(db);
      // The rollup's sums only, as when this migration was written (the quantile table is 006's).
      await sumKpiRollup(db as unknown as ReadModelDb);
    },
  },
  // Saved inbox views, shareable within an office (same province, district and station as the owner's token).
  '005_saved_views': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`CREATE TABLE saved_views (
        view_id text PRIMARY KEY,
        owner text NOT NULL,
        province text NOT NULL,
        district text NOT NULL,
        police_station text NOT NULL,
        page text NOT NULL,
        name text NOT NULL,
        filters text NOT NULL,
        shared boolean NOT NULL,
        created_at bigint NOT NULL
      )`.execute(db);
      await sql`CREATE INDEX saved_views_office ON saved_views (province, district, police_station, page)`.execute(db);
    },
  },
  // Each police station's duration histograms, with their median and p90 bins (see kpi-rollup.ts): a one-period
  // report reads them instead of ranking every rollup bin of every station per query.
  '006_kpi_quantiles': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`CREATE TABLE kpi_quantiles (
        grain text COLLATE "C" NOT NULL,
        metric text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        g1 text COLLATE "C" NOT NULL,
        g2 text COLLATE "C" NOT NULL,
        g3 text COLLATE "C" NOT NULL,
        k1 text COLLATE "C" NOT NULL,
        n bigint NOT NULL,
        median_bin integer NOT NULL,
        p90_bin integer NOT NULL,
        PRIMARY KEY (grain, metric, period, g1, g2, g3, k1)
      )`.execute(db);
      await rebuildKpiQuantiles(db as unknown as ReadModelDb);
    },
  },
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** Brings the read model to the latest schema; a failure names the migration and stops the start. */
export async function migrateReadModel(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`read model migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
}
