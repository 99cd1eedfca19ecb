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
});
