// The crash campaign, short (40 cases): the real stack as separate processes (dev server on a SQLite file, worker, API),
// cases driven through the HTTP API, and one kill -9 of each process at seeded points. Nothing acknowledged is
// lost or applied twice, no task or notification is doubled, every clock due in the run fires on time after its
// due time or the recovery after it, and every notification reaches the webhook receiver.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCampaign, runCampaign } from '../../chaos/campaign';

describe('crash campaign (short)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-chaos-test-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('kill -9 of the worker, the API and the dev server under load loses nothing and doubles nothing', { timeout: 540_000 }, async () => {
    // On time here is within 25 s, not `npm run chaos`'s 1 s: a test shares a busy machine, where a workflow
    // task alone can take seconds (timing figures are the campaign's to report, not a test's). 25 s still catches
    // the defect the campaign found: a clock held back 30 s by an activity a killed worker left unfinished.
    const result = await runCampaign({ cases: 40, seed: 16, kills: 3, dataDir, maxSeconds: 420, gapSeconds: [4, 10], dueInSeconds: [25, 60], onTimeMs: 25_000 });
    const report = formatCampaign(result).join('\n');
    const v = result.verdict;
    // Each process was really killed, and the load really ran across the kills.
    expect(result.kills, report).toEqual({ server: 1, worker: 1, api: 1 });
    expect(v.cases, report).toMatchObject({ planned: 40, opened: 40, viewErrors: 0 });
    expect(v.clocks.due, report).toBeGreaterThan(8);
    // Clocks fell due on timers (not only on the arrival of events an outage held up).
    expect(v.clocks.due - v.clocks.onArrival, report).toBeGreaterThanOrEqual(5);
    expect(v.events, report).toMatchObject({ lost: 0, duplicated: 0, unacknowledged: 0, sinkMissing: 0 });
    expect(v.events.applied, report).toBe(v.events.sent);
    expect(v.tasks, report).toMatchObject({ duplicated: 0, missing: 0, unexpected: 0 });
    expect(v.tasks.workflows, report).toBe(v.clocks.due);
    expect(v.clocks, report).toMatchObject({ late: 0, unfired: 0, wrongOutcome: 0 });
    expect(v.notifications.duplicated, report).toBe(0);
    expect(v.webhooks, report).toMatchObject({ missing: 0, unexpected: 0, refused: 0 });
    expect(v.webhooks.ids, report).toBe(v.notifications.total);
    expect(v.readModel.status, report).not.toBe('different');
    expect(result.passed, report).toBe(true);
  });
});
