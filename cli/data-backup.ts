// Backups of the embedded default (`npm start`'s data directory): the Temporal dev server's SQLite file, the
// payload key, the read model (PGlite's directory, or a pg_dump of DATABASE_URL's PostgreSQL) and the rest of
// what sopflow keeps there (outbox, event sink, webhook delivery records, audit log, the embedded provider's
// keys), with a manifest of SHA-256 hashes. The copy is stop-consistent: a backup or restore refuses while the
// data directory's dev server runs, so the SQLite file (with any -wal it left after a crash) and the stores next
// to it are copied at one point in time; SQLite opens such a copy as the server last committed it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_KEY_FILE } from '../security/payload-keys';
import { groupAlive } from '../local-temporal/server-process';
import { CliError } from './cli-error';

export const MANIFEST = 'sopflow-backup.json';
const FORMAT = 'sopflow-backup/1';
const PG_DUMP_FILE = 'read-model.pgdump';

/** Run-time files that mean nothing in another data directory (or would mislead: a pid of a dead server). */
const SKIPPED = new Set(['temporal-server.pid', 'logs', 'temporal-server.log', 'probe']);

export interface BackupFile {
  path: string;
  bytes: number;
  sha256: string;
  part: 'temporal' | 'payload-key' | 'read-model' | 'data';
}

export interface BackupManifest {
  format: typeof FORMAT;
  createdAt: string;
  /** How the read model was saved: its PGlite directory among the files, a pg_dump, or not at all (none yet). */
  readModel: 'pglite' | 'pg_dump' | 'none';
  /** Where the payload key was: the data directory's key file (in the backup) or the environment (not in it). */
  payloadKey: 'file' | 'environment';
  /** Every directory, empty ones included. */
  directories: string[];
  files: BackupFile[];
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function partOf(relative: string): BackupFile['part'] {
  if (relative.startsWith('temporal.sqlite')) return 'temporal';
  if (relative === LOCAL_KEY_FILE) return 'payload-key';
  if (relative === PG_DUMP_FILE || relative.split(path.sep)[0] === 'read-model') return 'read-model';
  return 'data';
}

/** Files, and directories (PostgreSQL's data directory needs its empty ones: pg_notify, pg_tblspc…). */
function walk(root: string, relative = '', dirs: string[] = []): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const rel = path.join(relative, entry.name);
    if (relative === '' && SKIPPED.has(entry.name)) continue;
    // A half-written record of the once-file stores: never linked into place, so never a record.
    if (entry.name.startsWith('.tmp-')) continue;
    if (entry.isDirectory()) {
      dirs.push(rel);
      files.push(...walk(root, rel, dirs).files);
    } else if (entry.isFile()) files.push(rel);
  }
  return { files: files.sort(), dirs: dirs.sort() };
}

/** Refuses while the data directory's dev server (npm start) is running: its SQLite file is being written. */
export function assertStopped(dataDir: string): void {
  const pidFile = path.join(dataDir, 'temporal-server.pid');
  let server: number | undefined;
  try {
    server = (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { server?: number }).server;
  } catch {
    return;
  }
  if (Number.isInteger(server) && server! > 1 && groupAlive(server!)) {
    throw new CliError('conflict', `the dev server of ${dataDir} is running (process group ${server}): stop npm start (and any worker or API on this data directory) first, so the copy is consistent`);
  }
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.error) throw new CliError('failed', `${what}: ${command} could not run (${(result.error as NodeJS.ErrnoException).code ?? result.error.message}); install the PostgreSQL client tools`);
  // The database URL may carry a password: say which step failed and its own first line, never the arguments.
  if (result.status !== 0) throw new CliError('failed', `${what} failed (exit ${result.status}): ${result.stderr.split('\n')[0]?.slice(0, 300) ?? ''}`);
}

export interface BackupOptions {
  dataDir: string;
  target: string;
  /** DATABASE_URL: the read model is dumped from there instead of copied from the data directory. */
  databaseUrl?: string;
  /** The payload key comes from the environment (SOPFLOW_PAYLOAD_KEY): it is the operator's to keep. */
  keyFromEnvironment?: boolean;
  now?: () => Date;
}

export function backupDataDir(options: BackupOptions): BackupManifest {
  const dataDir = path.resolve(options.dataDir);
  const target = path.resolve(options.target);
  if (!fs.existsSync(path.join(dataDir, 'temporal.sqlite'))) throw new CliError('not-found', `${dataDir} holds no temporal.sqlite: not the data directory of npm start (set SOPFLOW_DATA_DIR)`);
  if (!isEmptyDir(target)) throw new CliError('conflict', `${target} is not empty: back up into a new directory`);
  if (target === dataDir || target.startsWith(dataDir + path.sep)) throw new CliError('usage', `${target} is inside the data directory: back up somewhere else`);
  assertStopped(dataDir);
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });

  const files: BackupFile[] = [];
  // With DATABASE_URL the read model is PostgreSQL's; a stale PGlite directory would restore as if it were.
  const wanted = (rel: string): boolean => !(options.databaseUrl && rel.split(path.sep)[0] === 'read-model');
  const tree = walk(dataDir);
  const directories = tree.dirs.filter(wanted);
  for (const dir of directories) fs.mkdirSync(path.join(target, dir), { recursive: true, mode: 0o700 });
  for (const rel of tree.files) {
    if (!wanted(rel)) continue;
    const from = path.join(dataDir, rel);
    const to = path.join(target, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    fs.copyFileSync(from, to);
    // The key file and the stores are private to the data directory's owner; so is their copy.
    fs.chmodSync(to, fs.statSync(from).mode & 0o777);
    files.push({ path: rel, bytes: fs.statSync(to).size, sha256: sha256(to), part: partOf(rel) });
  }
  if (options.databaseUrl) {
    const dump = path.join(target, PG_DUMP_FILE);
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, `--dbname=${options.databaseUrl}`], 'pg_dump of the read model');
    fs.chmodSync(dump, 0o600);
    files.push({ path: PG_DUMP_FILE, bytes: fs.statSync(dump).size, sha256: sha256(dump), part: 'read-model' });
  }
  const manifest: BackupManifest = {
    format: FORMAT,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    readModel: options.databaseUrl ? 'pg_dump' : files.some((f) => f.part === 'read-model') ? 'pglite' : 'none',
    payloadKey: options.keyFromEnvironment ? 'environment' : 'file',
    directories,
    files,
  };
  if (manifest.payloadKey === 'file' && !files.some((f) => f.part === 'payload-key')) {
    throw new CliError('not-found', `${dataDir} has no ${LOCAL_KEY_FILE} and SOPFLOW_PAYLOAD_KEY is not set: without the key the backup could not be read`);
  }
  fs.writeFileSync(path.join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/** The manifest, checked: every file present with its size and hash. A mismatch names the file. */
export function checkBackup(source: string): BackupManifest {
  const file = path.join(source, MANIFEST);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new CliError('not-found', `${file}: no readable backup manifest here`);
  }
  if (manifest?.format !== FORMAT || !Array.isArray(manifest.files) || !Array.isArray(manifest.directories)) throw new CliError('usage', `${file}: not a ${FORMAT} manifest`);
  // A manifest names paths inside the backup only (and so, on restore, inside the data directory).
  const inside = (p: unknown, field: string): void => {
    if (typeof p !== 'string' || !path.resolve(source, p).startsWith(path.resolve(source) + path.sep)) throw new CliError('usage', `${file}: ${field} ${JSON.stringify(p)} leaves the backup`);
  };
  for (const d of manifest.directories) inside(d, 'directories[]');
  for (const f of manifest.files) {
    inside(f.path, 'files[].path');
    const at = path.resolve(source, f.path);
    if (!fs.existsSync(at)) throw new CliError('not-found', `${f.path}: missing from the backup`);
    if (fs.statSync(at).size !== f.bytes || sha256(at) !== f.sha256) throw new CliError('conflict', `${f.path}: does not match its hash in the manifest (the backup is damaged)`);
  }
  return manifest;
}

export interface RestoreOptions {
  source: string;
  dataDir: string;
  databaseUrl?: string;
}

export function restoreDataDir(options: RestoreOptions): BackupManifest {
  const source = path.resolve(options.source);
  const dataDir = path.resolve(options.dataDir);
  const manifest = checkBackup(source);
  if (!isEmptyDir(dataDir)) throw new CliError('conflict', `${dataDir} is not empty: restore into a new data directory (nothing there is overwritten)`);
  if (manifest.readModel === 'pg_dump' && !options.databaseUrl) throw new CliError('configuration', 'the backup holds a pg_dump of the read model: set DATABASE_URL to the PostgreSQL to restore it into');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const d of manifest.directories) fs.mkdirSync(path.join(dataDir, d), { recursive: true, mode: 0o700 });
  for (const f of manifest.files) {
    if (f.path === PG_DUMP_FILE) continue;
    const to = path.join(dataDir, f.path);
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    fs.copyFileSync(path.join(source, f.path), to);
    fs.chmodSync(to, fs.statSync(path.join(source, f.path)).mode & 0o777);
  }
  if (manifest.readModel === 'pg_dump') {
    run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${options.databaseUrl!}`, path.join(source, PG_DUMP_FILE)], 'pg_restore of the read model');
  }
  return manifest;
}

export function describeBackup(manifest: BackupManifest, where: string, verb: 'backed up' | 'restored'): string {
  const count = (part: BackupFile['part']): number => manifest.files.filter((f) => f.part === part).length;
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  return [
    `${verb} ${manifest.files.length} files (${bytes} bytes) ${verb === 'backed up' ? 'into' : 'into the data directory'} ${where}:`,
    `  Temporal dev server database: ${count('temporal')} file(s)`,
    `  payload key: ${manifest.payloadKey === 'file' ? 'the data directory\u2019s key file' : 'from SOPFLOW_PAYLOAD_KEY (not in the backup: keep it with the backup)'}`,
    `  read model: ${manifest.readModel === 'pglite' ? `PGlite directory (${count('read-model')} files)` : manifest.readModel === 'pg_dump' ? 'pg_dump of DATABASE_URL' : 'none yet'}`,
    `  outbox, event sink, webhook records, audit log, sign-in keys: ${count('data')} file(s)`,
    `manifest: ${MANIFEST} (SHA-256 of every file)`,
  ].join('\n');
}
