import { describe, expect, it } from 'vitest';
import type { Outage } from '../../chaos/stack';
import { recoveredAt, TASK_HANDOVER_MS } from '../../chaos/verify-ledger';

const due = 100_000;
const outage = (part: Outage['part'], downAt: number, upAt: number): Outage => ({ part, downAt, upAt });

describe('recoveredAt: the instant a due clock is measured from', () => {
  it('a clock due while the server was down counts from its recovery and the hand-over of its tasks', () => {
    const o = outage('server', due - 500, due + 2_000);
    expect(recoveredAt(due, [o])).toBe(o.downAt + TASK_HANDOVER_MS);
    expect(recoveredAt(due, [o], false)).toBe(o.upAt);
  });

  it('a clock due before any outage, or only the API down, counts from its due time', () => {
    expect(recoveredAt(due, [outage('worker', due + 5_000, due + 9_000)])).toBe(due);
    expect(recoveredAt(due, [outage('api', due - 500, due + 2_000)])).toBe(due);
  });

  it('a kill within a second after the due time, before the task opened, interrupted the firing: it counts from the recovery', () => {
    const o = outage('server', due + 50, due + 2_700);
    expect(recoveredAt(due, [o], false, { openedAt: due + 1_842, withinMs: 1_000 })).toBe(o.upAt);
    expect(recoveredAt(due, [o], true, { openedAt: due + 1_842, withinMs: 1_000 })).toBe(o.downAt + TASK_HANDOVER_MS);
  });

  it('a kill after the task opened, or over a second after the due time, changes nothing', () => {
    expect(recoveredAt(due, [outage('server', due + 50, due + 2_700)], true, { openedAt: due + 40, withinMs: 1_000 })).toBe(due);
    expect(recoveredAt(due, [outage('worker', due + 1_500, due + 4_000)], true, { openedAt: due + 4_500, withinMs: 1_000 })).toBe(due);
  });
});
