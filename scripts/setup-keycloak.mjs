#!/usr/bin/env node
// Provisions Keycloak for the OIDC interop test (test/keycloak/): the keycloak-quarkus-dist tarball from Maven
// Central, unpacked into the tool cache outside the clone (scripts/keycloak-paths.mjs). Idempotent and silent
// when the distribution is already there. Dependency-free: scripts/setup.mjs may call it before `npm install`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYCLOAK_VERSION, keycloakPaths } from './keycloak-paths.mjs';

const say = (msg) => process.stderr.write(`sopflow setup: ${msg}\n`);

class SetupError extends Error {}

function run(cmd, args, what, hint) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new SetupError(`${what} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}\n${out}\n${hint}`);
  }
}

/** @param {NodeJS.ProcessEnv} [env] */
export function ensureKeycloak(env = process.env) {
  const paths = keycloakPaths(env);
  if (fs.existsSync(paths.kcSh)) return paths;
  if (paths.external) throw new SetupError(`SOPFLOW_KEYCLOAK_HOME=${paths.home} has no bin/kc.sh.`);
  for (const [cmd, args, need] of [
    ['java', ['-version'], 'Java 17 runs Keycloak'],
    ['mvn', ['-v'], 'Maven fetches Keycloak from Maven Central'],
  ]) {
    const r = spawnSync(cmd, args);
    if (r.error || r.status !== 0) throw new SetupError(`\`${cmd}\` was not found on PATH: ${need}.`);
  }
  const parent = path.dirname(paths.home);
  fs.mkdirSync(parent, { recursive: true });
  // Unpack into a private directory and rename, so an interrupted run never leaves a half-unpacked Keycloak.
  const staging = fs.mkdtempSync(path.join(parent, '.keycloak-'));
  say(`fetching Keycloak ${KEYCLOAK_VERSION} (176 MB) from Maven Central for the OIDC interop test…`);
  try {
    run(
      'mvn',
      [
        '-q',
        '-B',
        'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy',
        `-Dartifact=org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz`,
        `-DoutputDirectory=${staging}`,
      ],
      `fetching org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}`,
      'Check that Maven Central is reachable (mvn uses ~/.m2/settings.xml for mirrors/proxies).',
    );
    const tarball = path.join(staging, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz`);
    // --no-same-owner: the tarball's files belong to uid 1001; kept as root inside a user namespace, Quarkus
    // fails with AccessDenied on transformed-bytecode.jar (next-wave-stack.md).
    run('tar', ['-xzf', tarball, '--no-same-owner', '-C', staging], 'unpacking Keycloak', `Is ${tarball} complete?`);
    fs.rmSync(tarball);
    const unpacked = path.join(staging, `keycloak-${KEYCLOAK_VERSION}`);
    if (!fs.existsSync(path.join(unpacked, 'bin', 'kc.sh'))) throw new SetupError(`the tarball has no keycloak-${KEYCLOAK_VERSION}/bin/kc.sh`);
    fs.rmSync(paths.home, { recursive: true, force: true });
    fs.renameSync(unpacked, paths.home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  say(`  Keycloak ${KEYCLOAK_VERSION} is in ${paths.home}`);
  return paths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureKeycloak();
  } catch (err) {
    say(err instanceof SetupError ? `error: ${err.message}` : `unexpected error: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  }
}
