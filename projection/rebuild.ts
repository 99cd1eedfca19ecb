// Rebuilds the read model from scratch: every table emptied, then every case's effect batches projected again in
// order. The source is any stream of batches: the cases' Temporal histories (rebuildFromCases, what `sopflow kpi
// rebuild` does), or a JSON-lines file. Rebuild into a fresh read model, or with the workers stopped: a live
// batch landing between the emptying and its case's earlier batches would be projected out of order.
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import { caseProjectionBatches } from '../client/case-projections';
import type { ReadModelDb } from './read-model';
import type { ProjectionBatch } from './projection-activities';
import { projectEffects } from './project-effects';

const TABLES = ['applied_effects', 'stage_stays', 'event_records', 'gate_results', 'escalation_steps', 'escalations', 'clock_runs', 'cases', 'kpi_rollup', 'kpi_quantiles'];

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

/** Rebuilds the read model from every case's history on Temporal (or only `caseIds`'), through client/. */
export function rebuildFromCases(db: ReadModelDb, client: Client, options: { caseIds?: string[] } = {}): Promise<{ batches: number; effects: number }> {
  return rebuildReadModel(db, caseProjectionBatches(client, options));
}
