#!/usr/bin/env node
// Ensures a local PostgreSQL server for the read model's tests and benchmarks: installs Debian's `postgresql`
// when missing (as root), initdb's a cluster outside the clone (as the postgres user: initdb refuses root),
// starts it on a loopback port and creates a database. Idempotent: a running server is reused. Loud when it
// cannot: every failure says what to do. Prints DATABASE_URL=… as its last line.
//
//   node scripts/postgres.mjs [--port 5439] [--db sopflow]      (or SOPFLOW_PG_PORT, SOPFLOW_PG_DIR)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function fail(message) {
  throw new Error(`PostgreSQL: ${message}`);
}

/** The newest Debian cluster binaries, e.g. /usr/lib/postgresql/15/bin. */
function binDir() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function install() {
  if (!isRoot) fail('not installed (no /usr/lib/postgresql/*/bin/initdb) and not root: run `sudo apt-get install -y postgresql`, or set DATABASE_URL to a server');
  process.stderr.write('PostgreSQL: installing Debian\'s postgresql package (apt-get)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  }
  if (r.status !== 0) fail('apt-get install postgresql failed (see above)');
}

/** Runs a server binary as the postgres user when we are root (initdb and postgres refuse root). */
function runAs(bin, args, opts = {}) {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
}

function defaultDir(port, env) {
  if (env.SOPFLOW_PG_DIR) return path.resolve(env.SOPFLOW_PG_DIR);
  // As root the cluster must be readable by the postgres user: not under /root.
  return isRoot ? `/var/lib/postgresql/sopflow-${port}` : path.join(os.homedir(), '.cache', 'sopflow', `postgres-${port}`);
}

function ready(bin, port) {
  return spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { encoding: 'utf8' }).status === 0;
}

function psql(bin, port, db, query) {
  return execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-tAc', query], { encoding: 'utf8' }).trim();
}

/**
 * Ensures a server on `port` with database `db`; returns its DATABASE_URL.
 * @param {{ port?: number, db?: string, env?: NodeJS.ProcessEnv }} [options]
 */
export function ensurePostgres(options = {}) {
  const env = options.env ?? process.env;
  const port = options.port ?? Number(env.SOPFLOW_PG_PORT ?? 5439);
  const db = options.db ?? 'sopflow';
  if (!/^[a-z_][a-z0-9_]*$/.test(db)) fail(`database name ${JSON.stringify(db)} must be lower-case letters, digits and _`);
  let bin = binDir();
  if (!bin) {
    install();
    bin = binDir();
    if (!bin) fail('installed, but no /usr/lib/postgresql/*/bin/initdb was found');
  }
  if (!ready(bin, port)) {
    const dir = defaultDir(port, env);
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      fs.mkdirSync(dir, { recursive: true });
      if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
      const r = runAs(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
      if (r.status !== 0) fail(`initdb into ${dir} failed:\n${r.stderr || r.stdout}`);
    }
    const log = path.join(dir, 'server.log');
    // Loopback only, socket in the cluster directory (no /var/run/postgresql needed).
    const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    const r = runAs(path.join(bin, 'pg_ctl'), ['-D', dir, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
    if (r.status !== 0 || !ready(bin, port)) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      fail(`could not start on port ${port} (cluster ${dir}):\n${r.stderr || r.stdout}\n${tail}`);
    }
  }
  if (psql(bin, port, 'postgres', `SELECT 1 FROM pg_database WHERE datname = '${db}'`) !== '1') psql(bin, port, 'postgres', `CREATE DATABASE ${db}`);
  return `postgres://postgres@127.0.0.1:${port}/${db}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  try {
    const port = arg('--port');
    const url = ensurePostgres({ ...(port ? { port: Number(port) } : {}), ...(arg('--db') ? { db: arg('--db') } : {}) });
    process.stdout.write(`DATABASE_URL=${url}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
