// Opens the read model: PostgreSQL when DATABASE_URL is given, otherwise PGlite in a directory under the data
// directory (npm start needs nothing else). Migrations run before the handle is returned.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { migrateReadModel } from './migrations';
import type { ReadModel } from './schema';

export type ReadModelDb = Kysely<ReadModel>;

export type ReadModelLocation = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string | null };

/** Where the read model lives: DATABASE_URL if set, else `<dataDir>/read-model` (PGlite). */
export function readModelLocation(dataDir: string, env: NodeJS.ProcessEnv = process.env): ReadModelLocation {
  const url = env.DATABASE_URL;
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dir: path.join(dataDir, 'read-model') };
}

/** Opens (and migrates) the read model. `dir: null` is an in-memory PGlite, for tests. */
export async function openReadModel(location: ReadModelLocation): Promise<ReadModelDb> {
  let db: ReadModelDb;
  if (location.kind === 'postgres') {
    // JIT compilation costs more than it saves on the read model's short aggregates.
    db = new Kysely<ReadModel>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url, max: 4, options: '-c jit=off' }) }) });
  } else {
    if (location.dir) mkdirSync(location.dir, { recursive: true });
    const pglite = location.dir ? new PGlite(location.dir) : new PGlite();
    db = new Kysely<ReadModel>({ dialect: new PGliteDialect({ pglite }) });
  }
  try {
    await migrateReadModel(db as unknown as Kysely<unknown>);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}
