// Issue 16, point 4: nothing sopflow writes holds the parties of a case in clear. `npm start` (cli/start.ts: the
// Temporal dev server on a SQLite file, the worker, the API and its sign-in, all on one data directory) runs as a
// child process; a case is opened through the API with its complainant, accused and victim (names, CNICs, a phone),
// taken a few steps (an arrest, a breach that opens a task and sends a webhook, the SHO's acknowledgement) and sent
// bad requests carrying the parties. Then every byte it wrote is searched: its stdout and stderr, every file in
// the data directory (the Temporal database and its WAL, the audit log, the outbox, webhook deliveries and dead
// letters, the read model when one is there), the webhook bodies received, every API answer, and the web app's
// built files if there are any. None may hold a name, a phone or a CNIC. A control writes the same case to a
// Temporal database with the payload codec off, and the same scan finds them there: the scan can fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseWorkflow } from '../../client/open-case';
import { startDevServer } from '../../local-temporal/dev-server';
import { freePort } from '../../local-temporal/free-port';
import { loadBundleFile } from '../../sources/load-sources';
import { authorizationCodeToken, localProviderFlow } from '../api/oidc-tokens';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400_000;

const parties = {
  complainant: { name: 'Ghulam Rasool Chaudhry', cnic: '35202-7654321-9', phone: '0300-1234567' },
  accused: [
    { name: 'Tariq Mehmood Butt', cnic: '3520112345671', phone: '+92 321 7654321' },
    { name: 'Nadeem Akhtar Qureshi', cnic: '35201-9876543-3' },
  ],
  victims: [{ name: 'زینب بی بی', cnic: '35202-1112223-4', phone: '042-35761234', juvenile: true }],
};

/** Every name, phone and CNIC as written, each CNIC and phone as bare digits, and each name's longer words. */
function needles(): string[] {
  const people = [parties.complainant, ...parties.accused, ...parties.victims];
  const written = people.flatMap((p) => [p.name, p.cnic, ...('phone' in p && p.phone ? [p.phone] : [])]);
  const digits = people.flatMap((p) => [p.cnic.replaceAll('-', ''), ...('phone' in p && p.phone ? [p.phone.replace(/\D/g, '')] : [])]);
  const words = people.flatMap((p) => p.name.split(' ').filter((w) => w.length >= 5));
  return [...new Set([...written, ...digits, ...words])];
}

interface Finding {
  where: string;
  needle: string;
}

function scanBytes(where: string, bytes: Buffer, found: Finding[]): void {
  for (const needle of needles()) if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push({ where, needle });
}

function scanTree(dir: string, found: Finding[], label = dir): number {
  let files = 0;
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files += scanTree(full, found, label);
    else if (entry.isFile()) {
      scanBytes(path.relative(label, full) || entry.name, fs.readFileSync(full), found);
      files++;
    }
  }
  return files;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('personal data: nothing sopflow writes holds a party\u2019s name, phone or CNIC', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-pii-'));
  const hooks: Buffer[] = [];
  const answers: { what: string; body: Buffer }[] = [];
  let output = '';
  let child: ChildProcess | undefined;
  let receiver: http.Server;
  let api = '';
  let issuer = '';
  let caseId = '';

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push(Buffer.concat(chunks));
        res.writeHead(204).end();
      });
    });
    const hookPort = await freePort();
    await new Promise<void>((resolve) => receiver.listen(hookPort, '127.0.0.1', resolve));
    fs.mkdirSync(path.join(dataDir, 'webhooks'), { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, 'webhooks', 'receivers.json'),
      JSON.stringify({ receivers: [{ id: 'punjab-cfms', province: 'punjab', url: `http://127.0.0.1:${hookPort}/hooks`, secret: 'pii-scan-receiver-secret-0123456789abcdef' }] }),
    );
    const ports = { SOPFLOW_DEV_PORT: await freePort(), SOPFLOW_UI_PORT: await freePort(), SOPFLOW_API_PORT: await freePort(), SOPFLOW_OIDC_PORT: await freePort() };
    api = `http://127.0.0.1:${ports.SOPFLOW_API_PORT}`;
    issuer = `http://127.0.0.1:${ports.SOPFLOW_OIDC_PORT}`;
    // The embedded default: no cluster address, so npm start runs its own dev server on the data directory.
    const { TEMPORAL_ADDRESS: _cluster, ...inherited } = process.env;
    child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/start.ts'], {
      cwd: ROOT,
      env: { ...inherited, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), SOPFLOW_DATA_DIR: dataDir, SOPFLOW_TASK_QUEUE: `pii-${randomUUID()}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until('the API of npm start', async () => ((await fetch(`${api}/health`)).ok ? true : undefined), 150_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; npm start said:\n${output.slice(-3000)}`);
    });
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await new Promise((r) => receiver?.close(r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a case opened with its parties and run a few steps leaves no trace of them, anywhere', { timeout: 180_000 }, async () => {
    const token = await authorizationCodeToken(localProviderFlow(issuer, `${api}/docs/oauth2-redirect.html`), 'lahore-sho', 'local-only-demo');
    const call = async (what: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> => {
      const res = await fetch(`${api}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      answers.push({ what: `${what} (${res.status})`, body: Buffer.concat([Buffer.from(JSON.stringify([...res.headers])), bytes]) });
      return { status: res.status, json: bytes.length ? (JSON.parse(bytes.toString()) as Record<string, unknown>) : {} };
    };

    // An FIR 20 days old with no interim report: the 17-day clock is breached on opening, a task opens at the SHO.
    const firAt = Date.now() - 20 * DAY;
    const year = new Date(firAt + 5 * 3_600_000).getUTCFullYear();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: String(Math.floor(Math.random() * 1e6)), year }, offence: { class: 'theft' } };
    const opened = await call('open', 'POST', '/cases', { facts, firAt: new Date(firAt).toISOString(), parties });
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    caseId = opened.json.caseId as string;

    // Bad requests carrying the parties: their answers must not echo them.
    const badCnic = await call('bad CNIC', 'POST', '/cases', { facts, firAt: new Date(firAt).toISOString(), parties: { ...parties, complainant: { ...parties.complainant, cnic: `${parties.complainant.cnic}0` } } });
    // The parties are read and checked (not dropped on the way): the field is named, its value is not echoed.
    expect(badCnic.json.fields).toContainEqual(expect.objectContaining({ path: 'body.parties.complainant.cnic' }));
    await call('unknown party field', 'POST', '/cases', { facts, firAt: new Date(firAt).toISOString(), parties: { ...parties, witnesses: [parties.complainant] } });
    await call('party in the facts', 'POST', '/cases', { facts: { ...facts, complainant: parties.complainant }, firAt: new Date(firAt).toISOString() });
    await call('bad JSON', 'POST', '/cases', undefined, { 'content-type': 'application/json' });
    await call('party as an event type', 'POST', `/cases/${encodeURIComponent(caseId)}/events`, { id: 'e-x', type: parties.accused[0]!.name });
    await call('party in event facts', 'POST', `/cases/${encodeURIComponent(caseId)}/events`, { id: `e-${randomUUID()}`, type: 'ACCUSED_ARRESTED', facts: { accused: { name: parties.accused[0]!.name } } });

    const arrest = await call('arrest', 'POST', `/cases/${encodeURIComponent(caseId)}/events`, { id: `arrest-${randomUUID()}`, type: 'ACCUSED_ARRESTED', at: new Date(firAt + DAY).toISOString(), facts: { accused: { inCustody: true } } });
    expect(arrest.json).toMatchObject({ status: 'applied' });
    const taskId = `${caseId}/task/breach:interim-report#1`;
    await until('the interim-report task in the SHO\u2019s inbox', async () => ((await call('inbox', 'GET', '/tasks')).json.tasks as { taskId: string }[]).some((t) => t.taskId === taskId) || undefined);
    expect((await call('acknowledge', 'POST', `/tasks/${encodeURIComponent(taskId)}/acknowledge`, {}, { 'idempotency-key': `ack-${randomUUID()}` })).status).toBe(200);
    await call('case view', 'GET', `/cases/${encodeURIComponent(caseId)}`);
    await call('case list', 'GET', '/cases');
    await until('the webhook for the opened task', () => Promise.resolve(hooks.length > 0 ? true : undefined));

    // Stop npm start, so every file is flushed and closed, then read everything it wrote.
    child!.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    const found: Finding[] = [];
    const files = scanTree(dataDir, found);
    scanBytes('npm start output (worker, API, dev server notes)', Buffer.from(output), found);
    hooks.forEach((body, i) => scanBytes(`webhook body ${i + 1}`, body, found));
    for (const a of answers) scanBytes(`API answer: ${a.what}`, a.body, found);
    const webDist = path.join(ROOT, 'web', 'dist');
    const webFiles = scanTree(webDist, found, webDist);

    console.log(`personal-data scan: ${files} files in the data directory (${fs.existsSync(path.join(dataDir, 'temporal.sqlite')) ? 'Temporal SQLite included' : 'no Temporal SQLite!'}), ${output.length} bytes of output, ${hooks.length} webhook bodies, ${answers.length} API answers, ${webFiles} web app files: ${found.length} findings`);
    expect(fs.statSync(path.join(dataDir, 'temporal.sqlite')).size).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8')).toContain(caseId);
    expect(hooks.length).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('control: the same case written with the payload codec off is found by the same scan in the Temporal database', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-pii-control-'));
    const dbFile = path.join(dir, 'temporal.sqlite');
    const server = await startDevServer({ port: await freePort(), dbFile, logFile: path.join(dir, 'server.log') });
    try {
      const connection = await Connection.connect({ address: server.address });
      // No data converter: Temporal's default, JSON in clear.
      const client = new Client({ connection, namespace: 'default' });
      const firAt = Date.now() - 2 * DAY;
      const year = new Date(firAt + 5 * 3_600_000).getUTCFullYear();
      await openCaseWorkflow(client, {
        bundle: loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml'),
        facts: { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '4242', year }, offence: { class: 'theft' } } as never,
        firAt,
        parties,
        taskQueue: `nobody-polls-${randomUUID()}`,
      });
      await connection.close();
    } finally {
      await server.stop();
    }
    const found: Finding[] = [];
    scanTree(dir, found);
    const inDb = found.filter((f) => f.where.startsWith('temporal.sqlite'));
    console.log(`personal-data control: ${inDb.length} findings in the unencrypted Temporal database`);
    // Every CNIC and the complainant's name, at least: the scan sees clear text when it is there.
    for (const needle of [parties.complainant.name, parties.complainant.cnic, parties.accused[0]!.cnic, parties.complainant.phone]) {
      expect(inDb.map((f) => f.needle)).toContain(needle);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
