// The web app's real stack for browser tests: a sopflow worker on the suite's dev server (global setup), the API
// with the app at /app/ and its server-kept sign-in, the embedded OpenID provider, a read model (PGlite) for saved
// views, and Debian's Chromium through playwright-core. Nothing is faked: the browser signs in through the
// provider's own login form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { JsonLinesAuditSink } from '../../api/audit/audit-sink';
import { createTokenVerifier } from '../../api/auth/token-verifier';
import { buildApi } from '../../api/build-api';
import { temporalCasesPort } from '../../api/cases/temporal-cases-port';
import { DEMO_PASSWORD } from '../../api/oidc/demo-directory';
import { LOCAL_WEB_CLIENT_ID, startLocalProvider, type LocalProvider } from '../../api/oidc/local-provider';
import { readModelSavedViews } from '../../api/saved-views/read-model-saved-views';
import { temporalSimulationJobs } from '../../api/simulations/simulation-jobs-port';
import { temporalTasksPort } from '../../api/tasks/temporal-tasks-port';
import { WEB_DIST_DIR } from '../../api/web/web-app';
import { freePort } from '../../local-temporal/free-port';
import { openReadModel, type ReadModelDb } from '../../projection/read-model';
import { ensureWebBuild } from '../../scripts/build-web';
import { CHROMIUM } from '../../scripts/report-screenshot';
import { sopCatalogue } from '../api/api-harness';
import { authorizationCodeToken, localProviderFlow } from '../api/oidc-tokens';
import { workerForSuite } from '../support/temporal';

const AUDIENCE = 'sopflow-api';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage', '--font-render-hinting=none'];

export interface WebStack {
  base: () => string;
  suite: ReturnType<typeof workerForSuite>;
  /** The stack's read model (saved views, and the KPIs the dashboard reads). */
  readModel: () => ReadModelDb;
  /** A bearer token for a demo user, for seeding through the API as a source system or person would. */
  token: (user: string) => Promise<string>;
  /** A fresh browser context (own cookies), signed in as the demo user through the provider's login page. */
  signIn: (user: string) => Promise<{ context: BrowserContext; page: Page }>;
  api: (user: string, method: 'GET' | 'POST', route: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Record<string, unknown> }>;
}

export function webStackForSuite(prefix: string): WebStack {
  const suite = workerForSuite('dev', prefix);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sopflow-${prefix}-`));
  let provider: LocalProvider | undefined;
  let app: Awaited<ReturnType<typeof buildApi>> | undefined;
  let readModel: ReadModelDb | undefined;
  let browser: Browser | undefined;
  let base = '';
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium-headless-shell (.ci/run does), or set SOPFLOW_CHROMIUM`);
    const apiPort = await freePort();
    base = `http://127.0.0.1:${apiPort}`;
    await ensureWebBuild();
    [provider, readModel] = await Promise.all([
      startLocalProvider({ dataDir, port: await freePort(), audience: AUDIENCE, redirectUris: [`${base}/app/auth/callback`] }),
      openReadModel({ kind: 'pglite', dir: null }),
    ]);
    const client = suite.env().client;
    const verifyToken = createTokenVerifier({ issuer: provider.issuer, audience: AUDIENCE });
    app = await buildApi({
      verifyToken,
      cases: temporalCasesPort({ client, taskQueue: suite.taskQueue, catalogue: sopCatalogue() }),
      tasks: temporalTasksPort(client),
      audit: new JsonLinesAuditSink(path.join(dataDir, 'audit', 'audit.jsonl')),
      sopPacks: sopCatalogue(),
      savedViews: readModelSavedViews(readModel),
      kpis: { readModel },
      simulations: { jobs: temporalSimulationJobs(client, suite.taskQueue), catalogue: sopCatalogue() },
      web: { distDir: WEB_DIST_DIR, signIn: { issuer: provider.issuer, clientId: LOCAL_WEB_CLIENT_ID, publicUrl: base, idTokenAlg: 'ES256' } },
      rateLimit: { max: 10_000, timeWindowMs: 60_000 },
    });
    await app.listen({ port: apiPort, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await provider?.close();
    await readModel?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const token = async (user: string): Promise<string> => {
    const cached = tokens.get(user);
    if (cached) return cached;
    const t = await authorizationCodeToken(localProviderFlow(provider!.issuer, `${base}/app/auth/callback`), user, DEMO_PASSWORD);
    tokens.set(user, t);
    return t;
  };

  return {
    base: () => base,
    suite,
    readModel: () => readModel!,
    token,
    async signIn(user) {
      // bypassCSP only so that the test can inject axe-core; the app itself runs under the server's CSP.
      const context = await browser!.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true, locale: 'en-GB', timezoneId: 'Asia/Karachi' });
      const page = await context.newPage();
      await page.goto(`${base}/app/`);
      await page.getByTestId('sign-in').click();
      await page.locator('input[name=login]').fill(user);
      await page.locator('input[name=password]').fill(DEMO_PASSWORD);
      await page.locator('button').click();
      await page.getByTestId('signed-in-as').waitFor({ timeout: 30_000 });
      return { context, page };
    },
    async api(user, method, route, body, headers = {}) {
      const res = await fetch(`${base}${route}`, {
        method,
        headers: { authorization: `Bearer ${await token(user)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    },
  };
}

/** The standard deviation of a screenshot's pixel brightness, computed in the browser (no image library here). */
export async function pixelSpread(page: Page, png: Buffer): Promise<number> {
  const probe = await page.context().newPage();
  try {
    return await probe.evaluate(`(async () => {
      const img = new Image();
      img.src = 'data:image/png;base64,${png.toString('base64')}';
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width; canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let sum = 0, sq = 0, n = 0;
      for (let i = 0; i < data.length; i += 16) { const v = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]; sum += v; sq += v * v; n++; }
      const mean = sum / n;
      return Math.sqrt(sq / n - mean * mean);
    })()`);
  } finally {
    await probe.close();
  }
}

const AXE = fs.readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** axe-core run in the page: the serious and critical violations (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE });
  const all = await page.evaluate<AxeViolation[]>(`(async () => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  })()`);
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
