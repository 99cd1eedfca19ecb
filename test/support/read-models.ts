// The read models the projection tests run against: PGlite in memory and a real PostgreSQL server that
// scripts/postgres.mjs ensures (installed and started if need be; port SOPFLOW_PG_PORT, default 5439). A server
// that cannot be had fails the tests with the reason; SOPFLOW_SKIP_POSTGRES=1 runs PGlite alone, and says so.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { sql } from 'kysely';
import { openReadModel, type ReadModelDb } from '../../projection/read-model';
import { ensurePostgres } from '../../scripts/postgres.mjs';

export interface ReadModelTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty read model, and how to drop it. */
  open(): Promise<{ db: ReadModelDb; close: () => Promise<void> }>;
}

const TABLES = ['applied_effects', 'stage_stays', 'event_records', 'gate_results', 'escalation_steps', 'escalations', 'clock_runs', 'cases', 'kpi_rollup'];

/** Every row of every table in a canonical order: two models are equal when their dumps are. */
export async function dumpReadModel(db: ReadModelDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)}`.execute(db);
    out[t] = rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'seq').map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]).sort(([a], [b]) => (a! < b! ? -1 : 1)))))
      .sort();
  }
  return out;
}

export function readModelTargets(): ReadModelTarget[] {
  const targets: ReadModelTarget[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openReadModel({ kind: 'pglite', dir: null });
        return { db, close: () => db.destroy() };
      },
    },
  ];
  if (process.env.SOPFLOW_SKIP_POSTGRES === '1') {
    console.warn('\n!!! SOPFLOW_SKIP_POSTGRES=1: the read-model tests run on PGlite ONLY, not on a real PostgreSQL server !!!\n');
    return targets;
  }
  targets.push({
    name: 'postgres',
    async open() {
      const name = `sopflow_test_${randomBytes(4).toString('hex')}`;
      const url = ensurePostgres({ db: name });
      const db = await openReadModel({ kind: 'postgres', url });
      return {
        db,
        async close() {
          await db.destroy();
          const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
          await admin.connect();
          await admin.query(`DROP DATABASE IF EXISTS ${name}`);
          await admin.end();
        },
      };
    },
  });
  return targets;
}

/** Opens the target's read model for the enclosing describe block and closes it after; the database, once open. */
export function readModelForSuite(target: ReadModelTarget): () => ReadModelDb {
  let db: ReadModelDb | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ db, close } = await target.open());
  }, 120_000);
  afterAll(async () => close?.());
  return () => {
    if (!db) throw new Error('the read model is not open yet (use it inside a test)');
    return db;
  };
}
