// Issue 12, point 8: the real `npm start` serves the HTTP API beside the worker. On fresh ports and a fresh data
// directory it prints the API's URL, its docs and the local-only demo logins; the printed issuer gives a demo
// source system a token; a case opened through POST /cases is read back; SIGTERM stops everything, ports free.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SYSTEMS, DEMO_USERS } from '../../api/oidc/demo-directory';
import { assertPortFree, freePort } from '../../local-temporal/free-port';
import { clientCredentialsToken } from '../api/oidc-tokens';

const root = path.resolve(import.meta.dirname, '../..');
const READY = 'press Ctrl-C to stop.';

describe('npm start serves the HTTP API', () => {
  const dataDir = fs.mkdtempSync(path.join(inject('testRunDir'), 'start-api-'));
  let child: ChildProcess | undefined;

  afterAll(() => {
    try {
      if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });

  it('prints the API, its docs and the demo logins, takes a case through POST /cases, and stops on SIGTERM', { timeout: 240_000 }, async () => {
    const ports = { dev: await freePort(), ui: await freePort(), api: await freePort(), oidc: await freePort() };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SOPFLOW_DATA_DIR: dataDir,
      SOPFLOW_DEV_PORT: String(ports.dev),
      SOPFLOW_UI_PORT: String(ports.ui),
      SOPFLOW_API_PORT: String(ports.api),
      SOPFLOW_OIDC_PORT: String(ports.oidc),
    };
    for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SOPFLOW_OIDC_ISSUER', 'SOPFLOW_PAYLOAD_KEY', 'SOPFLOW_PAYLOAD_KEY_ID', 'SOPFLOW_PAYLOAD_OLD_KEYS']) delete env[name];
    const started = spawn('npm', ['start', '--ignore-scripts'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let text = '';
    started.stdout.on('data', (d: Buffer) => (text += d.toString()));
    started.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const exited = new Promise<void>((resolve) => started.once('close', () => resolve()));
    const deadline = Date.now() + 150_000;
    while (!text.includes(READY)) {
      if (started.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${text}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // What it prints: the URLs read from its output, the demo directory marked local-only.
    const printed = (label: string): string => {
      const match = new RegExp(`^${label}: (http://\\S+)`, 'm').exec(text);
      if (!match) throw new Error(`npm start printed no "${label}" line:\n${text}`);
      return match[1]!;
    };
    const apiUrl = printed('HTTP API');
    const issuer = printed('OpenID issuer');
    expect(apiUrl).toBe(`http://127.0.0.1:${ports.api}`);
    expect(printed('API docs \\(Swagger UI\\)')).toBe(`${apiUrl}/docs`);
    expect(printed('OpenAPI document')).toBe(`${apiUrl}/openapi.json`);
    expect(issuer).toBe(`http://127.0.0.1:${ports.oidc}`);
    expect(text).toMatch(/LOCAL ONLY/);
    expect(text).toContain(DEMO_PASSWORD);
    for (const u of DEMO_USERS) expect(text).toMatch(new RegExp(`^ +${u.id} +${u.roles.join(',')} +${u.jurisdiction.province}`, 'm'));
    expect(text).toMatch(new RegExp(`curl -H "Authorization: Bearer \\$TOKEN" ${apiUrl}/cases`));

    const openapi = await fetch(`${apiUrl}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect((await fetch(`${apiUrl}/docs/`)).status).toBe(200);
    expect((await fetch(`${apiUrl}/cases`)).status).toBe(401);

    const cfms = DEMO_SYSTEMS.find((s) => s.clientId === 'punjab-cfms')!;
    const token = await clientCredentialsToken(`${issuer}/token`, cfms.clientId, cfms.clientSecret, { scope: 'api' });
    const auth = { authorization: `Bearer ${token}` };
    const year = new Date().getUTCFullYear();
    const fir = String(Math.floor(Math.random() * 1e6));
    const opened = await fetch(`${apiUrl}/cases`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ facts: { province: 'punjab', district: 'lahore', policeStation: 'Model Town', fir: { number: fir, year }, offence: { class: 'theft' } }, firAt: new Date().toISOString() }),
    });
    const caseId = `case/punjab/lahore/model-town/${fir}-${year}`;
    expect([opened.status, await opened.json()]).toMatchObject([201, { caseId, status: 'opened' }]);
    const read = await fetch(`${apiUrl}/cases/${encodeURIComponent(caseId)}`, { headers: auth });
    expect([read.status, await read.json()]).toMatchObject([200, { caseId, stage: { id: 'investigation' }, sop: { province: 'punjab' } }]);
    // The worker projected the case into the embedded read model, which the API's listing reads.
    expect(text).toContain(`read model: PGlite in ${path.join(dataDir, 'read-model')}`);
    let listed: string[] = [];
    for (let i = 0; i < 100 && !listed.includes(caseId); i++) {
      const res = await fetch(`${apiUrl}/cases?overdue=false`, { headers: auth });
      listed = ((await res.json()) as { cases?: { caseId: string }[] }).cases?.map((c) => c.caseId) ?? [];
      if (!listed.includes(caseId)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toContain(caseId);
    // Sindh's CMMS, from the same provider, is told the Punjab case is not there.
    const sindh = DEMO_SYSTEMS.find((s) => s.clientId === 'sindh-cmms')!;
    const sindhToken = await clientCredentialsToken(`${issuer}/token`, sindh.clientId, sindh.clientSecret, { scope: 'api' });
    expect((await fetch(`${apiUrl}/cases/${encodeURIComponent(caseId)}`, { headers: { authorization: `Bearer ${sindhToken}` } })).status).toBe(404);

    process.kill(started.pid!, 'SIGTERM');
    await exited;
    expect(text).toMatch(/stopping the HTTP API/);
    expect(text).toMatch(/sopflow: stopped\./);
    // The audit file under the data directory recorded the calls.
    expect(fs.readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8')).toContain(caseId);
    for (const [name, port] of Object.entries(ports)) await assertPortFree(port, `the ${name} port outlived npm start`);
  });
});
