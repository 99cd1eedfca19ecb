// The web app in a real browser on the real stack (Temporal dev server, worker, API, OpenID provider, Chromium):
// Lahore Model Town's SHO signs in, sees only their station's tasks, acknowledges one and reads the case's
// clocks; Multan's SHO cannot open that case by its URL; the Urdu page is right to left, set in Nastaliq, with
// no untranslated key. Each page is screenshotted (checked not blank) and checked with axe-core, in both languages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.json';
import { projectEffects } from '../../projection/project-effects';
import { SYNTHETIC_SOP, syntheticBatches, syntheticIdentity } from '../../projection/synthetic-effects';
import { formatCi, formatKpiDelta } from '../../simulator/report/format-kpi';
import { terminateWhenIdle } from '../support/temporal';
import { pixelSpread, seriousViolations, webStackForSuite } from './web-stack';

const DAY = 86_400_000;
const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-web-shots-'));

function keysOf(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const KEYS = keysOf(en).map((k) => k.replace(/_(one|other)$/, ''));

/** Text of the page that looks like an i18n key or the app's missing-key marker. */
async function untranslated(page: Page): Promise<string[]> {
  const text = await page.evaluate<string>('document.body.innerText');
  return [...(text.match(/⟦[^⟧]*⟧/g) ?? []), ...KEYS.filter((k) => text.includes(k))];
}

/** The task ids of the inbox rows in the page. */
const rowIds = (page: Page): Promise<string[]> => page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=task-row]')].map((r) => r.getAttribute('data-task-id') ?? '')`);

async function checkedScreenshot(page: Page, name: string): Promise<number> {
  const png = await page.screenshot({ fullPage: false });
  fs.writeFileSync(path.join(shots, `${name}.png`), png);
  const spread = await pixelSpread(page, png);
  console.log(`web screenshot ${name}: ${png.length} bytes, pixel brightness spread ${spread.toFixed(1)}`);
  return spread;
}

describe('the web app in Chromium on the real stack', () => {
  const stack = webStackForSuite('web-app');

  async function openBreachedCase(user: string, district: string, station: string): Promise<string> {
    // An FIR 20 days old with no interim report: the 17-day clock (s.173 CrPC) is breached on opening and the
    // police ladder raises a task at the station's SHO.
    const firAt = Date.now() - 20 * DAY;
    const year = DateTime.fromMillis(firAt, { zone: 'Asia/Karachi' }).year;
    const fir = String(Math.floor(Math.random() * 1e6));
    const facts = { province: 'punjab', district, policeStation: station, fir: { number: fir, year }, offence: { class: 'theft' } };
    const opened = await stack.api(user, 'POST', '/cases', { facts, firAt: new Date(firAt).toISOString() });
    expect(opened.status).toBe(201);
    return opened.body.caseId as string;
  }

  async function waitForRow(page: Page, taskId: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      if ((await page.locator(`[data-task-id="${taskId}"]`).count()) > 0) return;
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByTestId('task-count').waitFor();
    }
    throw new Error(`task ${taskId} never reached the inbox`);
  }

  it('Lahore SHO: only Lahore tasks, acknowledges one, reads the clocks; Multan SHO cannot open the case; Urdu is RTL in Nastaliq', async () => {
    const lahoreCase = await openBreachedCase('lahore-sho', 'lahore', 'Model Town');
    const multanCase = await openBreachedCase('multan-sho', 'multan', 'Cantt');
    const lahoreTask = `${lahoreCase}/task/breach:interim-report#1`;
    const multanTask = `${multanCase}/task/breach:interim-report#1`;

    const { context, page } = await stack.signIn('lahore-sho');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The role and jurisdiction come from the server's session, not from anything the browser holds.
    expect(await page.getByTestId('signed-in-as').innerText()).toBe('SHO · Model Town, Lahore, Punjab');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'sopflow_session')).toMatchObject({ httpOnly: true });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('sopflow_session');

    await waitForRow(page, lahoreTask);
    const shown = await rowIds(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((id) => id.startsWith('case/punjab/lahore/model-town/'))).toBe(true);
    expect(shown).not.toContain(multanTask);

    expect(await checkedScreenshot(page, 'inbox-en')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await untranslated(page)).toEqual([]);

    // Acknowledge from the row; the case (which owns the task) records it at once.
    const row = page.locator(`[data-task-id="${lahoreTask}"]`);
    await row.locator('[data-action=acknowledge]').click();
    await page.getByRole('status').filter({ hasText: 'Task acknowledged.' }).waitFor({ timeout: 30_000 });
    const after = await stack.api('lahore-sho', 'GET', `/cases/${encodeURIComponent(lahoreCase)}`);
    expect((after.body.openTasks as { taskId: string; status: string }[]).find((t) => t.taskId === lahoreTask)?.status).toBe('acknowledged');

    // The case page: its clocks with countdowns and ledgers; the URL holds the case id and nothing else.
    await row.getByTestId('case-link').click();
    await page.getByTestId('clock').first().waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe(`/app/cases/${encodeURIComponent(lahoreCase)}`);
    expect(new URL(page.url()).search).toBe('');
    const interim = page.locator('[data-testid=clock][data-clock-id="interim-report"]');
    expect(await interim.locator('.countdown-overdue').count()).toBe(1);
    expect(await interim.getByTestId('ledger').innerText()).toMatch(/\S/);
    expect(await page.getByTestId('escalation').count()).toBeGreaterThan(0);
    expect(await checkedScreenshot(page, 'case-en')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await untranslated(page)).toEqual([]);

    // Urdu: right to left, the self-hosted Nastaliq face loaded, every string translated, on both pages.
    await page.getByTestId('language').selectOption('ur');
    expect(await page.evaluate<string>('document.documentElement.dir')).toBe('rtl');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('ur');
    await page.evaluate('document.fonts.ready');
    const nastaliq = await page.evaluate<string[]>(`[...document.fonts].filter((f) => f.family.includes('Noto Nastaliq Urdu') && f.status === 'loaded').map((f) => f.family)`);
    expect(nastaliq.length).toBeGreaterThan(0);
    expect(await page.evaluate<boolean>(`document.fonts.check('16px "Noto Nastaliq Urdu"', 'اردو')`)).toBe(true);
    expect(await untranslated(page)).toEqual([]);
    expect(await checkedScreenshot(page, 'case-ur')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'میرے کاموں پر واپس' }).click();
    await page.getByTestId('task-row').first().waitFor();
    expect(await page.getByTestId('signed-in-as').innerText()).toBe('ایس ایچ او · ماڈل ٹاؤن، لاہور، پنجاب');
    expect(await untranslated(page)).toEqual([]);
    expect(await checkedScreenshot(page, 'inbox-ur')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // Multan's SHO: their own task, not Lahore's; Lahore's case by its URL is "not in your jurisdiction".
    const multan = await stack.signIn('multan-sho');
    await waitForRow(multan.page, multanTask);
    const theirs = await rowIds(multan.page);
    expect(theirs.every((id) => id.startsWith('case/punjab/multan/cantt/'))).toBe(true);
    await multan.page.goto(`${stack.base()}/app/cases/${encodeURIComponent(lahoreCase)}`);
    await multan.page.getByTestId('case-not-found').waitFor({ timeout: 30_000 });
    expect(await multan.page.getByTestId('clock').count()).toBe(0);
    await multan.context.close();

    await terminateWhenIdle(stack.suite.env(), lahoreCase);
    await terminateWhenIdle(stack.suite.env(), multanCase);
  }, 240_000);

  it('saves an inbox view on the server, shares it within the office only, and a CSRF-less change is refused', async () => {
    const { context, page } = await stack.signIn('lahore-sho');
    const name = `Breached ${randomUUID().slice(0, 6)}`;
    await page.getByTestId('filter-climbing').check();
    await page.getByLabel('Name of this view').fill(name);
    await page.getByLabel('Share with my office').check();
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByTestId('saved-views').getByRole('button', { name, exact: true }).waitFor();
    // On the server: the same office (Model Town's IO has the same jurisdiction) sees it shared; Gulberg's SHO,
    // another office of the same district, does not.
    const mine = await stack.api('lahore-sho', 'GET', '/saved-views?page=inbox');
    expect((mine.body.views as { name: string; filters: unknown; shared: boolean; mine: boolean }[]).find((v) => v.name === name)).toMatchObject({ filters: { climbingSoon: true }, shared: true, mine: true });
    const sameOffice = await stack.api('lahore-io', 'GET', '/saved-views?page=inbox');
    expect((sameOffice.body.views as { name: string; mine: boolean }[]).find((v) => v.name === name)).toMatchObject({ mine: false });
    const gulberg = await stack.api('lahore-gulberg-sho', 'GET', '/saved-views?page=inbox');
    expect((gulberg.body.views as { name: string }[]).map((v) => v.name)).not.toContain(name);
    // The session cookie alone does not make a change: a cross-site form has no CSRF header.
    const refused = await page.evaluate<number>(`fetch('/saved-views', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: 'inbox', name: 'x', filters: {} }) }).then((r) => r.status)`);
    expect(refused).toBe(403);
    await context.close();
  }, 120_000);
  it('SOP studio: a clock with its citation, the diff of two versions, a draft problem at its line, scenarios per step; in English and Urdu', async () => {
    const { context, page } = await stack.signIn('punjab-sop-author');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.base()}/app/studio`);
    await page.getByTestId('studio-clocks').waitFor({ timeout: 30_000 });
    // The table shows each clock's law and section as the API's pack has it, and whether it is verified.
    const pack = (await stack.api('punjab-sop-author', 'GET', '/sop-packs/punjab/2026.1')).body as { clocks: { id: string; citation: { law: string; section: string; verified: boolean } }[] };
    const clock = pack.clocks.find((c) => c.id === 'interim-report') ?? pack.clocks[0]!;
    const cell = page.locator(`[data-testid=studio-clocks] tr[data-clock-id="${clock.id}"] [data-testid=clock-citation]`);
    expect(await cell.innerText()).toContain(`${clock.citation.law}, ${clock.citation.section}`);
    expect(await cell.innerText()).toContain(clock.citation.verified ? 'verified' : 'citation not verified');
    // The diff of the version in force against the proposal: rows as the API's diff lists them.
    await page.getByTestId('sop-diff').waitFor({ timeout: 30_000 });
    const diff = (await stack.api('punjab-sop-author', 'GET', '/sop-packs/punjab/diff?from=2026.2&to=2026.1')).body as { header: unknown[]; sections: Record<string, { id: string; fields: unknown[] }[]> };
    const expectedRows = diff.header.length + Object.values(diff.sections).flat().reduce((n, item) => n + Math.max(1, item.fields.length), 0);
    expect(expectedRows).toBeGreaterThan(0);
    expect(await page.getByTestId('diff-row').count()).toBe(expectedRows);
    expect(await page.locator('[data-testid=stage-graph] [data-stage]').count()).toBeGreaterThan(3);
    await page.getByTestId('sop-diff').scrollIntoViewIfNeeded();
    expect(await checkedScreenshot(page, 'sop-diff-en')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await untranslated(page)).toEqual([]);

    // A draft with one bad value: the problem is shown at the line the author wrote it on.
    const source = fs.readFileSync(path.join(process.cwd(), 'sop-definitions/punjab/punjab-2026.1.yaml'), 'utf8').split('\n');
    const bad = source.findIndex((l) => /sla: \{ amount: \d+/.test(l));
    expect(bad).toBeGreaterThan(0);
    source[bad] = source[bad]!.replace(/amount: \d+/, 'amount: -3');
    await page.getByTestId('draft-text').fill(source.join('\n'));
    await page.getByTestId('check-draft').click();
    await page.getByTestId('check-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('check-result').getAttribute('data-valid')).toBe('false');
    const lines = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=problem]')].map((p) => p.getAttribute('data-line') ?? '')`);
    expect(lines).toContain(String(bad + 1));
    expect(await page.getByTestId('fault-line').count()).toBeGreaterThan(0);

    // The province's scenarios against the version in force: each step passed or failed.
    await page.getByTestId('run-scenarios').click();
    await page.getByTestId('scenario-results').waitFor({ timeout: 60_000 });
    const steps = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=scenario-step]')].map((s) => s.getAttribute('data-passed') ?? '')`);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((p) => p === 'true').length).toBeGreaterThan(0);

    await page.getByTestId('language').selectOption('ur');
    expect(await page.evaluate<string>('document.documentElement.dir')).toBe('rtl');
    expect(await untranslated(page)).toEqual([]);
    await page.getByTestId('sop-diff').scrollIntoViewIfNeeded();
    expect(await checkedScreenshot(page, 'sop-diff-ur')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('KPI dashboard: a district officer sees their district by station, a breach heatmap, and drills down to in-scope cases only; in English and Urdu', async () => {
    // Projected cases in the read model the dashboard reads: Lahore's and Multan's, each case in its own district.
    const STATIONS = { lahore: ['model-town', 'gulberg'], multan: ['cantt'] } as const;
    for (let i = 0; i < 90; i++) {
      const district = i % 3 === 0 ? 'multan' : 'lahore';
      const stations = STATIONS[district];
      const policeStation = stations[i % stations.length]!;
      const identity = { ...syntheticIdentity(i), province: 'punjab', district, policeStation, prosecutorOffice: `${district}-dpp`, caseId: `case/punjab/${district}/${policeStation}/kpi-${i}` };
      for (const batch of syntheticBatches(i)) await projectEffects(stack.readModel(), identity, SYNTHETIC_SOP, batch);
    }
    const province = (await stack.api('punjab-analyst', 'GET', '/kpis/cases.count/cases?from=2025-01&to=2026-12&district=multan&limit=500')).body as { caseIds: string[] };
    expect(province.caseIds.length).toBeGreaterThan(0);

    const { context, page } = await stack.signIn('lahore-ddpp');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.base()}/app/kpis`);
    await page.getByTestId('kpi-from').fill('2025-01');
    await page.getByTestId('kpi-to').fill('2026-12');
    await page.getByTestId('kpi-row').first().waitFor({ timeout: 30_000 });
    const groups = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=kpi-row]')].map((r) => r.getAttribute('data-group') ?? '')`);
    expect(groups.sort()).toEqual(['gulberg', 'model-town']);
    await page.getByTestId('kpi-heatmap').waitFor();
    expect(Number(await page.getByTestId('kpi-heatmap').getAttribute('data-cells'))).toBeGreaterThan(0);
    expect(await checkedScreenshot(page, 'dashboard-en')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await untranslated(page)).toEqual([]);

    // The cases behind Gulberg's case count: Gulberg's, none of Multan's or Model Town's.
    await page.locator('[data-testid=kpi-row][data-group=gulberg] [data-testid=kpi-cell][data-kpi="cases.count"]').click();
    await page.getByTestId('drill-case').first().waitFor({ timeout: 30_000 });
    const shown = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=drill-case]')].map((a) => a.getAttribute('data-case-id') ?? '')`);
    const count = Number((await page.locator('[data-testid=kpi-row][data-group=gulberg] [data-testid=kpi-cell][data-kpi="cases.count"]').innerText()).replace(/\D/g, ''));
    expect(shown.length).toBe(count);
    expect(shown.every((id) => id.startsWith('case/punjab/lahore/gulberg/'))).toBe(true);
    // A heatmap cell's breached cases: Lahore's only, each one counted as breached by the API.
    await page.locator('.heatmap + details summary').click();
    await page.getByTestId('heat-cell').first().click();
    await page.getByTestId('kpi-drill').getByText(/Cases behind Statutory clock breached/).waitFor();
    await page.getByTestId('drill-case').first().waitFor({ timeout: 30_000 });
    const breached = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=drill-case]')].map((a) => a.getAttribute('data-case-id') ?? '')`);
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.every((id) => id.startsWith('case/punjab/lahore/'))).toBe(true);
    expect(breached.some((id) => province.caseIds.includes(id))).toBe(false);
    // Another district is not reachable for this officer, whatever the query says.
    expect((await stack.api('lahore-ddpp', 'GET', '/kpis?from=2025-01&to=2026-12&district=multan')).status).toBe(404);

    await page.getByTestId('language').selectOption('ur');
    expect(await page.evaluate<string>('document.documentElement.dir')).toBe('rtl');
    expect(await untranslated(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    expect(await checkedScreenshot(page, 'dashboard-ur')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('simulation compare: an analyst starts a run (its status polled until done) and reads each delta with its 95% interval as the HTML report prints it', async () => {
    const { context, page } = await stack.signIn('punjab-analyst');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.base()}/app/simulations`);
    await page.getByTestId('sim-baseline').selectOption('2026.1');
    await page.getByTestId('sim-proposal').selectOption('2026.2');
    await page.getByTestId('sim-cases').fill('40');
    await page.getByTestId('sim-replicates').fill('3');
    await page.getByTestId('sim-start').click();
    await page.getByTestId('sim-job').waitFor({ timeout: 30_000 });
    await page.getByTestId('sim-compare').waitFor({ timeout: 180_000 });
    const jobId = (await page.getByTestId('sim-job').getAttribute('data-job-id'))!;
    const report = (await stack.api('punjab-analyst', 'GET', `/simulations/${jobId}/report.json`)).body as unknown as { catalogue: { id: string; unit: 'share' | 'days' | 'count' | 'per-month' }[]; deltas: { kpi: string; group: Record<string, string>; delta: number; ci95: [number, number] | null }[] };
    const html = await (await fetch(`${stack.base()}/simulations/${jobId}/report.html`, { headers: { authorization: `Bearer ${await stack.token('punjab-analyst')}` } })).text();
    // The rows of the cohort as a whole, as the HTML report's table has them; one that moved, with an interval.
    const cohort = report.deltas.filter((x) => !Object.keys(x.group).some((k) => ['province', 'district', 'offenceClass'].includes(k)));
    const i = cohort.findIndex((x) => x.ci95 !== null && x.delta !== 0);
    expect(i).toBeGreaterThanOrEqual(0);
    const d = cohort[i]!;
    const unit = report.catalogue.find((c) => c.id === d.kpi)!.unit;
    const row = page.getByTestId('sim-compare').getByTestId('sim-delta').nth(i);
    expect(await row.getByTestId('sim-delta-value').innerText()).toBe(formatKpiDelta(unit, d.delta));
    expect(await row.getByTestId('sim-delta-ci').innerText()).toBe(formatCi(unit, d.ci95));
    expect(html).toContain(formatCi(unit, d.ci95));
    expect(await checkedScreenshot(page, 'simulation-en')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await untranslated(page)).toEqual([]);
    await page.getByTestId('language').selectOption('ur');
    expect(await page.evaluate<string>('document.documentElement.dir')).toBe('rtl');
    expect(await untranslated(page)).toEqual([]);
    expect(await row.getByTestId('sim-delta-ci').innerText()).toBe(formatCi(unit, d.ci95));
    expect(await checkedScreenshot(page, 'simulation-ur')).toBeGreaterThan(10);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
