// Opens an HTML report in headless Chromium (Debian's, at /usr/bin/chromium: npm's browser downloads do not work
// here), takes a full-page screenshot, and checks that every chart drew something: painted pixels on its canvas
// and data points in its Chart.js instance. The page must load nothing from the network.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

// Debian's full Chromium, or its headless shell (19 packages instead of ~130: what CI installs).
export const CHROMIUM = process.env.SOPFLOW_CHROMIUM ?? (['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'].find((p) => fs.existsSync(p)) ?? '/usr/bin/chromium');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A chart with fewer painted pixels than this drew no more than its axes would. */
const MIN_PAINTED_PIXELS = 2000;

export interface ChartCheck {
  id: string;
  width: number;
  height: number;
  /** Pixels neither transparent nor white. */
  painted: number;
  /** Data elements Chart.js laid out (bars, points). */
  points: number;
}

export interface ScreenshotResult {
  charts: ChartCheck[];
  problems: string[];
}

export async function screenshotReport(htmlFile: string, pngFile: string): Promise<ScreenshotResult> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set SOPFLOW_CHROMIUM)`);
  if (!fs.existsSync(htmlFile)) throw new Error(`${htmlFile}: no such file`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const problems: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      problems.push(`the report tried to load ${url}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href);
    await page.waitForSelector('body[data-charts-ready]', { timeout: 30_000 });
    const charts = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<BrowserCanvas> } }).document;
      const report = (globalThis as unknown as { sopflowReport?: { charts: { id: string; points: number }[] } }).sopflowReport;
      interface BrowserCanvas {
        id: string;
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
      }
      return Array.from(doc.querySelectorAll('canvas')).map((canvas) => {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let painted = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r, g, b, a] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
          if (a > 0 && !(r > 245 && g > 245 && b > 245)) painted++;
        }
        const points = report?.charts.find((c) => c.id === canvas.id)?.points ?? 0;
        return { id: canvas.id, width: canvas.width, height: canvas.height, painted, points };
      });
    });
    await page.screenshot({ path: pngFile, fullPage: true });
    if (charts.length === 0) problems.push('the report has no charts');
    for (const c of charts) {
      if (c.painted < MIN_PAINTED_PIXELS) problems.push(`${c.id}: blank (${c.painted} painted pixels)`);
      if (c.points === 0) problems.push(`${c.id}: no data points drawn`);
    }
    return { charts, problems };
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
