// The case workflow's effects lanes (workflows/effects-lane.ts): delivered in push order, one at a time, never
// dropped; records waiting together folded into one delivery; idle only once nothing waits and nothing is in flight.
import { describe, expect, it } from 'vitest';
import { EffectLanes, foldBatches, foldSteps, MAX_FOLDED, OrderedLane, StepLanes, type StepRecords } from '../../workflows/effects-lane';
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
    const lane = new OrderedLane<number[]>(g.deliver, (items) => ({ item: items.flat(), count: items.length }));
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
  const batch = (id: string, effects: string[] = []): ProjectionBatch => ({
    identity: { caseId: id } as ProjectionBatch['identity'],
    sop: { initialStage: 's', finalStages: [], statutoryBailClocks: [] },
    effects: effects.map((e) => ({ type: 'event-applied', eventId: e }) as unknown as ProjectionBatch['effects'][number]),
  });
  const ids = (b: ProjectionBatch): string[] => b.effects.map((e) => (e as unknown as { eventId: string }).eventId);

  it('read-model batches waiting behind a delivery go out as one while the case and its SOP stay the same', async () => {
    const g = gated<ProjectionBatch>();
    const lanes = new EffectLanes(() => Promise.resolve(), g.deliver);
    lanes.push({ events: [], notifications: [] }, batch('c', ['1']));
    await settle();
    for (const [i, id] of ['c', 'c', 'other', 'c'].entries()) lanes.push({ events: [], notifications: [] }, batch(id, [`${i + 2}`]));
    for (let i = 0; i < 4; i++) {
      g.release();
      await settle();
    }
    // Never reordered, never joined across a change of identity.
    expect(g.delivered.map((b) => [b.identity.caseId, ids(b)])).toEqual([
      ['c', ['1']],
      ['c', ['2', '3']],
      ['other', ['4']],
      ['c', ['5']],
    ]);
    expect(lanes.idle).toBe(true);
  });

  it('a fold stands for at most MAX_FOLDED batches', () => {
    const waiting = Array.from({ length: MAX_FOLDED + 5 }, (_, i) => batch('c', [`${i}`]));
    const { item, count } = foldBatches(waiting.slice(0, MAX_FOLDED));
    expect(count).toBe(MAX_FOLDED);
    expect(ids(item)).toEqual(waiting.slice(0, MAX_FOLDED).map((b) => ids(b)[0]));
  });

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

  it('since step-records-after-task: a step is held until a later workflow task, and never released in its own', async () => {
    const g = gated<StepRecords>();
    const lanes = new StepLanes(g.deliver, () => Promise.resolve());
    lanes.push(unsent('e1'), batch('c', ['1']), 10);
    lanes.release(10); // the task that produced it is still running: it may yet be lost and done again
    await settle();
    expect(g.started).toEqual([]);
    expect(lanes.holding).toBe(true);
    expect(lanes.idle).toBe(false);
    lanes.push(unsent('e2'), batch('c', ['2']), 14);
    lanes.release(14); // a later task: the first step is in history now, the second not yet
    await settle();
    expect(g.started.map((s) => s.events.map((e) => e.eventId))).toEqual([['e1']]);
    g.release();
    lanes.release(17);
    await settle();
    g.release();
    await settle();
    expect(g.delivered.map((s) => s.events.map((e) => e.eventId))).toEqual([['e1'], ['e2']]);
    expect(lanes.idle).toBe(true);
  });

  it('since step-records-after-task: released steps waiting behind a delivery fold while the case and SOP stay the same', async () => {
    const g = gated<StepRecords>();
    const notified: string[][] = [];
    const lanes = new StepLanes(g.deliver, (n) => Promise.resolve(void notified.push(n.map((x) => (x as unknown as { id: string }).id))));
    lanes.push(unsent('e1'), batch('c', ['1']), 1);
    lanes.release(2);
    await settle();
    lanes.push(unsent('e2'), batch('c', ['2']), 2);
    lanes.push(unsent('e3'), undefined, 2); // a step without a batch joins the run
    lanes.push(unsent('e4'), batch('c', ['4']), 3);
    lanes.push(unsent('e5'), batch('other', ['5']), 3); // a change of identity ends it
    lanes.push({ events: [], notifications: [] }, undefined, 3); // nothing to record: no delivery at all
    lanes.release(4);
    for (let i = 0; i < 4; i++) {
      g.release();
      await settle();
    }
    expect(g.delivered.map((s) => [s.events.map((e) => e.eventId), s.batch && [s.batch.identity.caseId, ids(s.batch)]])).toEqual([
      [['e1'], ['c', ['1']]],
      [['e2', 'e3', 'e4'], ['c', ['2', '4']]],
      [['e5'], ['other', ['5']]],
    ]);
    expect(notified).toEqual([]);
    expect(lanes.idle).toBe(true);
  });

  it('since steps-on-flush-timer: steps released together go out in one delivery, not the first alone; without it, as before', async () => {
    const deliveries = async (together: boolean): Promise<string[][]> => {
      const g = gated<StepRecords>();
      const lanes = new StepLanes(g.deliver, () => Promise.resolve());
      lanes.push(unsent('e1'), batch('c', ['1']), 1);
      lanes.push(unsent('e2'), batch('c', ['2']), 2);
      lanes.push(unsent('e3'), batch('c', ['3']), 3); // taken in the task running now: stays held
      lanes.release(3, together);
      for (let i = 0; i < 3; i++) {
        g.release();
        await settle();
      }
      expect(lanes.holding).toBe(true);
      return g.delivered.map((s) => s.events.map((e) => e.eventId));
    };
    expect(await deliveries(true)).toEqual([['e1', 'e2']]);
    expect(await deliveries(false)).toEqual([['e1'], ['e2']]);
  });

  it('since step-records-after-task: notifications go at once in a lane of their own; a held one holds back neither records nor the read model', async () => {
    const n = gated<Unsent['notifications']>();
    const recorded: string[] = [];
    const lanes = new StepLanes((s) => Promise.resolve(void recorded.push(...s.events.map((e) => e.eventId))), n.deliver);
    const withNotice = (id: string): Unsent => ({ events: [{ eventId: id } as Unsent['events'][number]], notifications: [{ id: `n-${id}` } as unknown as Unsent['notifications'][number]] });
    lanes.push(withNotice('e1'), batch('c', ['1']), 1);
    await settle();
    expect(n.started.length).toBe(1); // scheduled by a saved task only, so not held
    lanes.push(withNotice('e2'), batch('c', ['2']), 2);
    lanes.push(withNotice('e3'), batch('c', ['3']), 2);
    lanes.release(3);
    await settle();
    expect(recorded).toEqual(['e1', 'e2', 'e3']);
    expect(lanes.idle).toBe(false); // the first notification is still in flight
    n.release();
    await settle();
    n.release();
    await settle();
    // Never dropped, never reordered: the two waiting behind the first went out as one.
    expect(n.delivered.map((d) => d.map((x) => (x as unknown as { id: string }).id))).toEqual([['n-e1'], ['n-e2', 'n-e3']]);
    expect(lanes.idle).toBe(true);
  });

  it('a fold of steps with no batch at all carries only records', () => {
    const { item, count } = foldSteps([{ events: unsent('a').events }, { events: unsent('b').events }]);
    expect(count).toBe(2);
    expect(item).toEqual({ events: [...unsent('a').events, ...unsent('b').events] });
  });
});
