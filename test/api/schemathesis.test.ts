// Contract fuzzing: schemathesis (PyPI, provisioned by scripts/setup-schemathesis.mjs) generates requests from the
// live /openapi.json of the real stack — startApiServer on the Temporal dev server with a sopflow worker, signed in
// at the embedded OpenID provider as Lahore Model Town's SHO — and checks every answer: no 5xx, the status code,
// content type, headers and body as documented, schema-invalid requests refused, and every 4xx a problem+json
// document (test/api/schemathesis/sopflow_checks.py). The example count is bounded so the run stays near a minute.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../api/serve-api';
import { loadEnvironment } from '../../config/environment';
import { freePort } from '../../local-temporal/free-port';
import { ensureSchemathesis } from '../../scripts/setup-schemathesis.mjs';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';
import { testPayloadKeyring } from '../support/test-payload-key';
import { authorizationCodeToken, localProviderFlow } from './oidc-tokens';

const CHECKS_DIR = fileURLToPath(new URL('./schemathesis/', import.meta.url));
/** Examples per operation: about twenty operations, so a few hundred requests. */
const MAX_EXAMPLES = Number(process.env.SOPFLOW_FUZZ_EXAMPLES ?? 15);

interface Run {
  code: number | null;
  output: string;
}

function schemathesis(bin: string, args: string[], ids: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: { ...process.env, PYTHONPATH: CHECKS_DIR, SCHEMATHESIS_HOOKS: 'sopflow_checks', NO_COLOR: '1', COLUMNS: '160', ...ids },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('schemathesis against the live OpenAPI document of the real stack', () => {
  const suite = workerForSuite('dev', 'schemathesis');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-fuzz-'));
  let server: ApiServer;
  let token = '';
  let caseId = '';

  beforeAll(async () => {
    const env = loadEnvironment({
      SOPFLOW_DATA_DIR: dataDir,
      SOPFLOW_TASK_QUEUE: suite.taskQueue,
      SOPFLOW_API_PORT: String(await freePort()),
      SOPFLOW_OIDC_PORT: String(await freePort()),
    });
    server = await startApiServer(env, { client: suite.env().client, keyring: testPayloadKeyring, dataDir, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
    token = await authorizationCodeToken(localProviderFlow(server.issuer, `${server.url}/docs/oauth2-redirect.html`), 'lahore-sho', 'local-only-demo');
    // A real case of the caller's station, its FIR 20 days old: the interim-report clock is breached on opening and
    // a task waits at the SHO. The fuzzer is handed both ids, so its requests reach the case and task logic too.
    const firAt = Date.now() - 20 * 86_400_000;
    const year = new Date(firAt + 5 * 3_600_000).getUTCFullYear();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: String(Math.floor(Math.random() * 1e6)), year }, offence: { class: 'theft' } };
    const opened = await fetch(`${server.url}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ facts, firAt: new Date(firAt).toISOString() }),
    });
    expect(opened.status).toBe(201);
    caseId = ((await opened.json()) as { caseId: string }).caseId;
  });
  afterAll(async () => {
    if (caseId) await terminateWhenIdle(suite.env(), caseId);
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds no server error, no answer outside the contract and no 4xx that is not problem+json', { timeout: 240_000 }, async () => {
    const { bin } = ensureSchemathesis();
    const report = path.join(dataDir, 'schemathesis');
    const run = await schemathesis(bin, [
      'run',
      `${server.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      'not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,client_errors_are_problem_json',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      '16',
      '--workers',
      '2',
      '--phases',
      'examples,coverage,fuzzing',
      // Hypothesis gives up on bodies with narrow patterns (a sha256 digest, an idempotency key) when it must
      // discard too many draws; that is the generator's limit, not the API's, so it is not a failure here.
      '--suppress-health-check',
      'filter_too_much',
      '--request-timeout',
      '20',
      '--report',
      'junit',
      '--report-dir',
      report,
    ], { SOPFLOW_FUZZ_CASE_ID: caseId, SOPFLOW_FUZZ_TASK_ID: `${caseId}/task/breach:interim-report#1` });
    if (run.code !== 0) console.log(run.output);
    // A summary line such as "12 passed in 48.2s": the run must have exercised operations, not stopped early.
    expect(run.output).toMatch(/\d+ passed/);
    expect(run.code, run.output.slice(-4000)).toBe(0);
    // The fuzzer reached the real case, not only ids that do not exist (the audit log records every case call).
    const audited = fs.readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { caseId?: string; status: number });
    const onCase = audited.filter((e) => e.caseId === caseId);
    console.log(`schemathesis: ${audited.length} audited calls, ${onCase.length} on the seeded case (${onCase.filter((e) => e.status < 300).length} answered 2xx)`);
    expect(onCase.filter((e) => e.status < 300).length).toBeGreaterThan(0);
  });
});
