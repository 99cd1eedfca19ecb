// The campaign's read-model check: the model the worker projected live, row for row against a rebuild from the
// cases' histories (projection/rebuild.ts through client/). It runs once the worker projects (the case workflow
// hands its effects to a projection activity); until then it says so and compares nothing.
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import { createActivities, localActivityDependencies } from '../activities/index';
import { openReadModel, type ReadModelDb } from '../projection/read-model';

type RebuildFromCases = (db: ReadModelDb, client: Client, options?: { caseIds?: string[] }) => Promise<unknown>;

/** Whether this worker projects into the read model (an activity of the projection is registered). */
export function workerProjects(dataDir: string): boolean {
  return Object.keys(createActivities(localActivityDependencies(path.join(dataDir, 'probe')))).some((a) => /project/i.test(a));
}

async function dumpTables(db: ReadModelDb): Promise<Map<string, string[]>> {
  const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(db);
  const out = new Map<string, string[]>();
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table_name)}`.execute(db);
    // `seq` numbers rows in arrival order, which interleaves cases live and not in a rebuild (case by case): the
    // order of one case's records is in their times, so the counter is left out of the comparison.
    const keys = (r: Record<string, unknown>): string[] => Object.keys(r).filter((k) => k !== 'seq').sort();
    out.set(table_name, rows.rows.map((r) => JSON.stringify(r, keys(r))).sort());
  }
  return out;
}

/** Live model (the PGlite directory the stopped worker wrote) against a rebuild into a fresh in-memory one. */
export async function compareWithRebuild(dataDir: string, client: Client): Promise<{ equal: boolean; detail: string }> {
  const rebuild = (await import('../projection/rebuild')) as unknown as { rebuildFromCases?: RebuildFromCases };
  if (typeof rebuild.rebuildFromCases !== 'function') return { equal: false, detail: 'the worker projects but projection/rebuild.ts has no rebuildFromCases to compare with' };
  const live = await openReadModel({ kind: 'pglite', dir: path.join(dataDir, 'read-model') });
  const fresh = await openReadModel({ kind: 'pglite', dir: null });
  try {
    await rebuild.rebuildFromCases(fresh, client);
    const [a, b] = [await dumpTables(live), await dumpTables(fresh)];
    const differing = [...new Set([...a.keys(), ...b.keys()])].filter((t) => JSON.stringify(a.get(t) ?? []) !== JSON.stringify(b.get(t) ?? []));
    const rows = [...a.values()].reduce((n, r) => n + r.length, 0);
    return differing.length === 0
      ? { equal: true, detail: `${a.size} tables, ${rows} rows equal` }
      : { equal: false, detail: `tables that differ: ${differing.map((t) => `${t} (live ${a.get(t)?.length ?? 0} rows, rebuilt ${b.get(t)?.length ?? 0})`).join(', ')}` };
  } finally {
    await live.destroy();
    await fresh.destroy();
  }
}
