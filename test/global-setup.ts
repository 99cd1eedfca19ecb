// Starts the real Temporal servers once per test run and bundles the workflows once; test files connect
// to them (test/support/temporal.ts). Server logs go to a temp directory named in any failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../local-temporal/dev-server';
import { freePort } from '../local-temporal/free-port';
import { startTimeSkippingServer } from '../local-temporal/time-skipping-server';
import { workflowsPath } from '../worker/create-worker';

declare module 'vitest' {
  export interface ProvidedContext {
    timeSkippingAddress: string;
    devServerAddress: string;
    workflowBundlePath: string;
    testRunDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-test-'));
  const [timeSkipping, devServer, bundle] = await Promise.all([
    freePort().then((port) => startTimeSkippingServer({ port, logFile: path.join(runDir, 'time-skipping-server.log') })),
    freePort().then((port) => startDevServer({ port, logFile: path.join(runDir, 'dev-server.log') })),
    bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } }),
  ]);
  const bundlePath = path.join(runDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);

  project.provide('timeSkippingAddress', timeSkipping.address);
  project.provide('devServerAddress', devServer.address);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('testRunDir', runDir);

  return async () => {
    await Promise.all([timeSkipping.stop(), devServer.stop()]);
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}
