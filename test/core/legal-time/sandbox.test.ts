// The calculus must run inside Temporal's workflow sandbox (webpack bundle, vm isolate, Date replaced).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeDeadline, describeClock } from '../../../rules/legal-time/index';
import { environmentForSuite, sandboxProbeWorker } from '../../support/temporal';
import { clock, pkt, punjabCourts } from './fixtures';
import type { legalTimeProbe } from './sandbox-workflow';

describe('legal-time inside the Temporal workflow sandbox', () => {
  const suiteEnv = environmentForSuite('timeSkipping');

  it('bundles without Node built-ins and gives the same answers as outside the sandbox', async () => {
    const env = suiteEnv();
    const { worker, taskQueue } = await sandboxProbeWorker(env, fileURLToPath(new URL('./sandbox-workflow.ts', import.meta.url)), 'legal-time-sandbox');
    const input = clock(pkt('2026-03-02 10:00'), 14, 'calendarDays', {
      calendar: punjabCourts,
      rollForward: true,
      tolling: [{ from: pkt('2026-03-05 09:00'), to: pkt('2026-03-07 18:00'), reason: 'accused absconding' }],
      extensions: [{ amount: 3, grantedBy: 'sp_investigation', grantedAt: pkt('2026-03-10 12:00') }],
    });
    const now = pkt('2026-03-17 12:00');
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof legalTimeProbe>('legalTimeProbe', { taskQueue, workflowId: taskQueue, args: [input, now] }),
    );
    expect(result).toEqual({ dueAt: computeDeadline(input).dueAt, summary: describeClock(input, now).summary });
    // 17 counting days end on Sun 22 Mar; Punjab courts reopen after Pakistan Day (Mon 23 Mar).
    expect(result.dueAt).toBe(pkt('2026-03-25 00:00'));
  });
});
