// The SOP studio's server side: a province's author checks a draft pack (problems at their line, calendar warnings)
// and runs the province's scenarios against a version; others are refused and nothing is stored.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, PEOPLE, type Claims, type Harness } from './api-harness';

const packFile = fileURLToPath(new URL('../../sop-definitions/punjab/punjab-2026.1.yaml', import.meta.url));
const punjab = fs.readFileSync(packFile, 'utf8');

let h: Harness;
beforeAll(async () => {
  h = await apiHarness({ rateLimit: { max: 1000, timeWindowMs: 60_000 } });
});
afterAll(() => h.close());

const post = async (url: string, claims: Claims, payload?: unknown) => {
  const res = await h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${await h.token(claims)}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json<Record<string, unknown>>() };
};

interface Located {
  file: string;
  line?: number;
  col?: number;
  path?: string;
  message: string;
}

describe('checking a draft pack', () => {
  it('accepts the shipped pack as a draft and reports its calendar warnings apart from problems', async () => {
    const res = await post('/sop-packs/punjab/check', PEOPLE.punjabAuthor, { file: 'punjab-2027.1-proposal.yaml', text: punjab });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.problems).toEqual([]);
    for (const w of res.body.warnings as Located[]) {
      expect(w.file).toBe('punjab-2027.1-proposal.yaml');
      expect(w.message).toMatch(/^warning:/);
    }
  });

  it('names the line, column and field of a broken clock, under the draft\u2019s own name and no server path', async () => {
    const lines = punjab.split('\n');
    const at = lines.findIndex((l) => /^\s+duration: \{ amount: \d+/.test(l));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at]!.replace(/amount: \d+/, 'amount: -3');
    const res = await post('/sop-packs/punjab/check', PEOPLE.punjabAuthor, { file: 'draft.yaml', text: lines.join('\n') });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    const problems = res.body.problems as Located[];
    const found = problems.find((p) => p.line === at + 1);
    expect(found, JSON.stringify(problems)).toBeDefined();
    expect(found!.file).toBe('draft.yaml');
    expect(found!.path).toMatch(/duration\.amount$/);
    expect(JSON.stringify(problems)).not.toContain('/sop-definitions/');
  });

  it('reports YAML that does not parse at its line', async () => {
    const res = await post('/sop-packs/punjab/check', PEOPLE.punjabAuthor, { file: 'draft.yaml', text: 'kind: sop-pack\nprovince: [punjab\n' });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect((res.body.problems as Located[])[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a pack of another province checked as Punjab\u2019s', async () => {
    const sindh = fs.readFileSync(fileURLToPath(new URL('../../sop-definitions/sindh/sindh-2026.1.yaml', import.meta.url)), 'utf8');
    const res = await post('/sop-packs/punjab/check', PEOPLE.punjabAuthor, { file: 'x.yaml', text: sindh });
    expect(res.body.valid).toBe(false);
    expect(JSON.stringify(res.body.problems)).toContain('province sindh');
  });

  it('refuses callers who are not the province\u2019s authors, and a file name with a directory in it', async () => {
    const body = { file: 'draft.yaml', text: punjab };
    expect((await post('/sop-packs/punjab/check', PEOPLE.lahoreSho, body)).status).toBe(403);
    expect((await post('/sop-packs/punjab/check', PEOPLE.sindhAuthor, body)).status).toBe(403);
    const traversal = await post('/sop-packs/punjab/check', PEOPLE.punjabAuthor, { file: '../../etc/passwd.yaml', text: punjab });
    expect(traversal.status).toBe(400);
    expect(traversal.type).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(traversal.body)).toContain('body.file');
  });
});

describe('running the scenarios', () => {
  it('runs every Punjab scenario against 2026.1 with a result per step, all passing', async () => {
    const res = await post('/sop-packs/punjab/2026.1/scenario-runs', PEOPLE.punjabAuthor);
    expect(res.status).toBe(200);
    const scenarios = res.body.scenarios as { file: string; passed: boolean; steps: { passed: boolean }[]; errors: string[] }[];
    const onDisk = fs.readdirSync(fileURLToPath(new URL('../../sop-definitions/punjab/scenarios/', import.meta.url))).filter((f) => f.endsWith('.yaml'));
    expect(scenarios).toHaveLength(onDisk.length);
    expect(scenarios.filter((s) => !s.passed).map((s) => [s.file, s.errors])).toEqual([]);
    expect(res.body.passed).toBe(onDisk.length);
    expect(scenarios.every((s) => s.steps.length > 0 && s.steps.every((st) => st.passed))).toBe(true);
  });

  it('shows which steps a proposal changes: the 2026.2 draft fails some 2026.1 scenarios step by step', async () => {
    const res = await post('/sop-packs/punjab/2026.2/scenario-runs', PEOPLE.punjabAuthor);
    expect(res.status).toBe(200);
    const scenarios = res.body.scenarios as { passed: boolean; steps: { passed: boolean; failures: string[] }[] }[];
    const failing = scenarios.filter((s) => !s.passed);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.some((s) => s.steps.some((st) => !st.passed && st.failures.length > 0))).toBe(true);
  });

  it('hides a draft from those who may not see it, and refuses non-authors', async () => {
    expect((await post('/sop-packs/punjab/2031.1/scenario-runs', PEOPLE.punjabAuthor)).status).toBe(404);
    expect((await post('/sop-packs/punjab/2026.1/scenario-runs', PEOPLE.lahoreDdpp)).status).toBe(403);
    expect((await post('/sop-packs/sindh/2026.1/scenario-runs', PEOPLE.punjabAuthor)).status).toBe(403);
  });
});
