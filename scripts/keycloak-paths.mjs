// Where the Keycloak distribution for the OIDC interop test lives. Plain JS with no dependencies, like
// tool-paths.mjs: scripts/setup-keycloak.mjs runs before node_modules may exist, and tests import the same answer.
import path from 'node:path';
import { toolCacheDir } from './tool-paths.mjs';

/** Pinned: the version exercised in shared/notes/next-wave-stack.md (runs on Java 17). */
export const KEYCLOAK_VERSION = '26.7.3';

/** @param {NodeJS.ProcessEnv} [env] */
export function keycloakPaths(env = process.env) {
  const home = env.SOPFLOW_KEYCLOAK_HOME
    ? path.resolve(env.SOPFLOW_KEYCLOAK_HOME)
    : path.join(toolCacheDir(env), `keycloak-${KEYCLOAK_VERSION}`);
  return { home, kcSh: path.join(home, 'bin', 'kc.sh'), external: Boolean(env.SOPFLOW_KEYCLOAK_HOME) };
}
