import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPORAL_CLI_VERSION, TEST_SERVER_VERSION, toolCacheDir, toolPaths } from '../../scripts/tool-paths.mjs';

describe('tool cache location', () => {
  it('lives outside the clone, keyed by version, and can be moved by SOPFLOW_TOOLS_DIR', () => {
    const paths = toolPaths({ SOPFLOW_TOOLS_DIR: '/srv/cache/sopflow' });
    expect(paths.temporalCli).toBe(`/srv/cache/sopflow/temporal-cli-${TEMPORAL_CLI_VERSION}/temporal`);
    expect(paths.testServerLauncher).toBe(`/srv/cache/sopflow/temporal-test-server-${TEST_SERVER_VERSION}/temporal-test-server`);
  });

  it('follows XDG_CACHE_HOME when set', () => {
    expect(toolCacheDir({ XDG_CACHE_HOME: '/home/ci/.cache' })).toBe(path.join('/home/ci/.cache', 'sopflow', 'tools'));
  });

  it('uses an existing temporal binary when SOPFLOW_TEMPORAL_BIN points at one', () => {
    const paths = toolPaths({ SOPFLOW_TEMPORAL_BIN: '/usr/local/bin/temporal' });
    expect(paths.temporalCli).toBe('/usr/local/bin/temporal');
    expect(paths.temporalCliIsExternal).toBe(true);
  });
});
