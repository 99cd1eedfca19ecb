#!/usr/bin/env node
// Provisions schemathesis (PyPI) for the contract fuzzing test (test/api/schemathesis.test.ts): a Python venv in
// the tool cache outside the clone, with the pinned version installed by pip. Idempotent and silent when the venv
// is complete (a stamp file is written last, so an interrupted install is redone). Dependency-free: setup.mjs
// runs it before node_modules may exist. A venv cannot be moved (its scripts name their own path), so it is built
// in place and only the stamp says it is usable.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toolCacheDir } from './tool-paths.mjs';

/** Pinned: the newest release when the fuzzing test was written. */
export const SCHEMATHESIS_VERSION = '4.32.5';

const say = (msg) => process.stderr.write(`sopflow setup: ${msg}\n`);

class SetupError extends Error {}

/** @param {NodeJS.ProcessEnv} [env] */
export function schemathesisPaths(env = process.env) {
  const home = path.join(toolCacheDir(env), `schemathesis-${SCHEMATHESIS_VERSION}`);
  return { home, bin: path.join(home, 'bin', 'st'), stamp: path.join(home, '.sopflow-complete') };
}

function run(cmd, args, what, hint) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new SetupError(`${what} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}\n${out}\n${hint}`);
  }
}

/** @param {NodeJS.ProcessEnv} [env] */
export function ensureSchemathesis(env = process.env) {
  const paths = schemathesisPaths(env);
  if (fs.existsSync(paths.stamp) && fs.existsSync(paths.bin)) return paths;
  fs.rmSync(paths.home, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(paths.home), { recursive: true });
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${paths.home} for the contract fuzzing test…`);
  run('python3', ['-m', 'venv', paths.home], 'creating a Python venv (python3 -m venv)', 'Install Python 3.9+ with its venv module (Debian: apt-get install python3-venv).');
  run(
    path.join(paths.home, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
    `pip install schemathesis==${SCHEMATHESIS_VERSION}`,
    'Check that PyPI (https://pypi.org) is reachable.',
  );
  fs.writeFileSync(paths.stamp, `${SCHEMATHESIS_VERSION}\n`);
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureSchemathesis();
  } catch (err) {
    say(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
