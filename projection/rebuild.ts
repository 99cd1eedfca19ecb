// Rebuilds the read model from scratch: every table emptied, then every case's effect batches projected again in
// order. The source is any stream of batches: a JSON-lines file today, the cases' Temporal histories once
// client/ exposes them (the lead connects `sopflow kpi rebuild` to it).
import { sql } from 'kysely';
import type { ReadModelDb } from './read-model';
import type { ProjectionBatch } from './projection-activities';
import { projectEffects } from './project-effects';

const TABLES = ['applied_effects', 'stage_stays', 'event_records', 'gate_results', 'escalation_steps', 'escalations', 'clock_runs', 'cases', 'kpi_rollup'];

export async function rebuildReadModel(db: ReadModelDb, batches: AsyncIterable<ProjectionBatch> | Iterable<ProjectionBatch>): Promise<{ batches: number; effects: number }> {
  await sql`TRUNCATE ${sql.join(TABLES.map((t) => sql.table(t)))}`.execute(db);
  let n = 0;
  let effects = 0;
  for await (const b of batches) {
    effects += await projectEffects(db, b.identity, b.sop, b.effects);
    n++;
  }
  return { batches: n, effects };
}
