// The case workflow's effects lanes (workflows/effects-lane.ts): delivered in push order, one at a time, never
// dropped; records waiting together folded into one delivery; idle only once nothing waits and nothing is in flight.
import { describe, expect, it } from 'vitest';
import { EffectLanes, OrderedLane } from '../../workflows/effects-lane';
import type { Unsent } from '../../workflows/case-host';
import type { ProjectionBatch } from '../../activities/projection-batch';

/** A delivery that resolves when the test says so. */
function gated<T>(): { deliver: (item: T) => Promise<void>; delivered: T[]; started: T[]; release: () => void } {
  const started: T[] = [];
  const delivered: T[] = [];
  let open: (() => void)[] = [];
  return {
    started,
    delivered,
    deliver: (item) => {
      started.push(item);
      return new Promise<void>((r) => open.push(r)).then(() => void delivered.push(item));
    },
    release: () => {
      const now = open;
      open = [];
      for (const r of now) r();
    },
  };
}
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('an ordered lane', () => {
  it('delivers one at a time in push order and is idle only when all are delivered', async () => {
    const g = gated<number>();
    const lane = new OrderedLane(g.deliver);
    expect(lane.idle).toBe(true);
    lane.push(1);
    lane.push(2);
    lane.push(3);
    expect(lane.idle).toBe(false);
    await settle();
    expect(g.started).toEqual([1]); // the second waits for the first
    g.release();
    await settle();
    expect(g.delivered).toEqual([1]);
    expect(g.started).toEqual([1, 2]);
    g.release();
    await settle();
    g.release();
    await settle();
    expect(g.delivered).toEqual([1, 2, 3]);
    expect(lane.idle).toBe(true);
    lane.push(4); // a push after idle starts the lane again
    g.release();
    await settle();
    g.release();
    await settle();
    expect(g.delivered).toEqual([1, 2, 3, 4]);
    expect(lane.idle).toBe(true);
  });

  it('folds the items waiting behind a delivery into one, in order', async () => {
    const g = gated<number[]>();
    const lane = new OrderedLane<number[]>(g.deliver, (items) => items.flat());
    lane.push([1]);
    await settle();
    lane.push([2]);
    lane.push([3, 4]);
    g.release();
    await settle();
    expect(g.started).toEqual([[1], [2, 3, 4]]);
    g.release();
    await settle();
    expect(g.delivered).toEqual([[1], [2, 3, 4]]);
    expect(lane.idle).toBe(true);
  });
});

describe("a case's effects lanes", () => {
  const unsent = (id: string): Unsent => ({ events: [{ eventId: id } as Unsent['events'][number]], notifications: [] });
  const batch = (id: string): ProjectionBatch => ({ identity: { caseId: id } as ProjectionBatch['identity'], sop: { initialStage: 's', finalStages: [], statutoryBailClocks: [] }, effects: [] });

  it('a held record delivery does not hold the read-model batches back, and the batches stay one per step', async () => {
    const records = gated<Unsent>();
    const batches: string[] = [];
    const lanes = new EffectLanes(records.deliver, (b) => Promise.resolve(void batches.push(b.identity.caseId)));
    lanes.push(unsent('e1'), batch('b1'));
    lanes.push(unsent('e2'), batch('b2'));
    lanes.push({ events: [], notifications: [] }, batch('b3'));
    await settle();
    expect(batches).toEqual(['b1', 'b2', 'b3']);
    expect(lanes.idle).toBe(false); // the records are still in flight
    records.release();
    await settle();
    records.release();
    await settle();
    expect(records.delivered.map((u) => u.events.map((e) => e.eventId))).toEqual([['e1'], ['e2']]);
    expect(lanes.idle).toBe(true);
  });
});
