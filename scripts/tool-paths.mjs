// Where the Temporal servers live. Plain JS with no dependencies: scripts/setup.mjs runs it before
// `npm ci`, and TypeScript code (tests, `npm start`) imports the same answers.
import os from 'node:os';
import path from 'node:path';

/** Pinned versions: newest CLI tag `go install` accepts (temporal-facts §3) and the Java test server. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

/**
 * The tool cache is outside the clone so every clone (and every CI run on this machine) reuses one build.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function toolCacheDir(env = process.env) {
  if (env.SOPFLOW_TOOLS_DIR) return path.resolve(env.SOPFLOW_TOOLS_DIR);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'sopflow', 'tools');
}

/**
 * Absolute paths the SDK and our process helpers are given (`existing-path` needs absolute paths).
 * SOPFLOW_TEMPORAL_BIN may point at an existing `temporal` CLI instead of the cached build.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function toolPaths(env = process.env) {
  const dir = toolCacheDir(env);
  const cliDir = path.join(dir, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const testServerDir = path.join(dir, `temporal-test-server-${TEST_SERVER_VERSION}`);
  return {
    cacheDir: dir,
    cliDir,
    temporalCli: env.SOPFLOW_TEMPORAL_BIN ? path.resolve(env.SOPFLOW_TEMPORAL_BIN) : path.join(cliDir, 'temporal'),
    temporalCliIsExternal: Boolean(env.SOPFLOW_TEMPORAL_BIN),
    testServerDir,
    testServerClasspath: path.join(testServerDir, 'classpath.txt'),
    testServerLauncher: path.join(testServerDir, 'temporal-test-server'),
  };
}
