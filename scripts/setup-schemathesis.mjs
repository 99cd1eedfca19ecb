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

/**
 * The newest Python 3.9+ on the PATH with its venv module. Newest first: CPython 3.11.7's parser can fail
 * hypothesis's lambda introspection ("AST constructor recursion depth mismatch"), which schemathesis reports as a
 * runtime error of the run.
 * @returns {{ command: string, version: string } | undefined}
 */
function pickPython() {
  // pyenv's shims answer only for the selected version: its installed interpreters are named by path.
  const pyenvVersions = path.join(process.env.PYENV_ROOT ?? path.join(process.env.HOME ?? '/root', '.pyenv'), 'versions');
  const installed = fs.existsSync(pyenvVersions)
    ? fs
        .readdirSync(pyenvVersions)
        .filter((v) => /^3\.\d+\.\d+$/.test(v))
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
        .map((v) => path.join(pyenvVersions, v, 'bin', 'python3'))
    : [];
  for (const command of ['python3.13', 'python3.12', ...installed, 'python3']) {
    const r = spawnSync(command, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    const version = r.status === 0 ? r.stdout.trim() : '';
    const [major, minor] = version.split('.').map(Number);
    if (major === 3 && minor >= 9) return { command, version };
  }
  return undefined;
}

let picked;
const python = () => (picked ??= pickPython());

/** @param {NodeJS.ProcessEnv} [env] */
export function schemathesisPaths(env = process.env) {
  const py = python();
  const home = path.join(toolCacheDir(env), `schemathesis-${SCHEMATHESIS_VERSION}${py ? `-py${py.version}` : ''}`);
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
  const py = python();
  if (!py) throw new SetupError('no Python 3.9+ with its venv module on the PATH. Install one (Debian: apt-get install python3-venv).');
  run(py.command, ['-m', 'venv', paths.home], `creating a Python ${py.version} venv (${py.command} -m venv)`, 'Install Python 3.9+ with its venv module (Debian: apt-get install python3-venv).');
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
