// The case workflow's effects lanes: each step's records and notifications, and its read-model batch, delivered by
// their activities one at a time in the order the case produced them, beside the main loop instead of in it. A
// worker kill -9'd mid-activity is noticed by Temporal only at the activity's timeout; in the loop that held the
// next clock back as long, in a lane it holds back only that lane. Plain promises (no workflow API), so it is
// unit-tested without a server.
import type { ProjectionBatch } from '../activities/projection-batch';
import type { Unsent } from './case-host';

/**
 * Folds the first items waiting (at least one) into one delivery: the delivery and how many it stands for. A lane
 * that folds keeps up with a case whose steps come faster than one activity round trip each; one that did not fell
 * ever further behind, and its drain before continue-as-new let the history grow past every bound.
 */
export type Fold<T> = (waiting: readonly T[]) => { item: T; count: number };

/** At most this many waiting items go out in one delivery (an activity's input stays small). */
export const MAX_FOLDED = 50;

/** Items delivered one at a time, in push order; `fold` may join the items waiting into one delivery. */
export class OrderedLane<T> {
  private readonly queue: T[] = [];
  private running = false;

  constructor(
    private readonly deliver: (item: T) => Promise<void>,
    private readonly fold?: Fold<T>,
  ) {}

  /** Nothing waiting and nothing in flight. */
  get idle(): boolean {
    return !this.running && this.queue.length === 0;
  }

  push(item: T): void {
    this.pushAll([item]);
  }

  /** Several items at once: an idle lane then starts with all of them waiting, so it may fold them into one delivery. */
  pushAll(items: readonly T[]): void {
    if (items.length === 0) return;
    this.queue.push(...items);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Taken off only once delivered: an item is never dropped, and a later one never overtakes it.
        const { item, count } = this.fold && this.queue.length > 1 ? this.fold(this.queue.slice(0, MAX_FOLDED)) : { item: this.queue[0]!, count: 1 };
        await this.deliver(item);
        this.queue.splice(0, Math.max(1, count));
      }
    } finally {
      this.running = false;
    }
  }
}

/** Steps' records waiting together, as one (each record keeps its own id, so nothing is merged away). */
export const foldRecords: Fold<Unsent> = (waiting) => ({
  item: { events: waiting.flatMap((u) => u.events), notifications: waiting.flatMap((u) => u.notifications) },
  count: waiting.length,
});

/** Batches with the same key may be joined: the same case identity and the same SOP. */
const batchKey = (batch: ProjectionBatch): string => JSON.stringify([batch.identity, batch.sop]);

/**
 * Read-model batches waiting together, as one: only the leading run whose case identity and SOP are the same as
 * the first's (a migration or a change of facts starts a new batch), their effects in order.
 */
export const foldBatches: Fold<ProjectionBatch> = (waiting) => {
  const first = waiting[0]!;
  const key = batchKey(first);
  let count = 1;
  while (count < waiting.length && batchKey(waiting[count]!) === key) count++;
  return { item: count === 1 ? first : { ...first, effects: waiting.slice(0, count).flatMap((b) => b.effects) }, count };
};

/** A case's two lanes: records then notifications of each step, and read-model batches, each in step order. */
export class EffectLanes {
  private readonly records: OrderedLane<Unsent>;
  private readonly projection: OrderedLane<ProjectionBatch>;

  constructor(flush: (unsent: Unsent) => Promise<void>, project: (batch: ProjectionBatch) => Promise<void>) {
    this.records = new OrderedLane(flush, foldRecords);
    this.projection = new OrderedLane(project, foldBatches);
  }

  get idle(): boolean {
    return this.records.idle && this.projection.idle;
  }

  push(unsent: Unsent, batch: ProjectionBatch | undefined): void {
    if (unsent.events.length > 0 || unsent.notifications.length > 0) this.records.push(unsent);
    if (batch) this.projection.push(batch);
  }
}

/** One step's local deliveries: its event records and its read-model batch, written by one local activity. */
export interface StepRecords {
  events: Unsent['events'];
  batch?: ProjectionBatch;
}

/**
 * Steps waiting together, as one: the leading run whose batches (where a step has one) share the first batch's
 * case identity and SOP, their records and effects in order. A step without a batch never ends the run.
 */
export const foldSteps: Fold<StepRecords> = (waiting) => {
  const batches: ProjectionBatch[] = [];
  let key: string | undefined;
  let count = 0;
  for (const step of waiting) {
    if (step.batch) {
      if ((key ??= batchKey(step.batch)) !== batchKey(step.batch)) break;
      batches.push(step.batch);
    }
    count++;
  }
  const batch = batches.length > 0 ? { ...batches[0]!, effects: batches.flatMap((b) => b.effects) } : undefined;
  return { item: { events: waiting.slice(0, count).flatMap((s) => s.events), ...(batch ? { batch } : {}) }, count };
};

/**
 * The lanes of runs since patch 'step-records-after-task'. A step's records and read-model batch go out together in
 * one local activity (both are the worker's own stores: one marker in history, not an activity task with its own
 * round trip and a second workflow task per step), but only from a later workflow task than the one that produced
 * them. A local activity runs before its task is saved: a task lost to a crash is done again, possibly at another
 * time and with other effects, and what the lost one wrote would stay in the read model and in no history. Held
 * until a later task, a step is one that history holds, so a retried write is the same write (idempotent by id).
 * Notifications go by their own activity (scheduled only by a saved task) in a lane of their own: webhook
 * deliveries may be retried for minutes and must not hold the read model back. Each lane keeps step order.
 */
export class StepLanes {
  private readonly records: OrderedLane<StepRecords>;
  private readonly notifications: OrderedLane<Unsent['notifications']>;
  /** Steps taken in the workflow task of that history length, not yet released. */
  private readonly held: { step: StepRecords; taskLength: number }[] = [];

  constructor(record: (step: StepRecords) => Promise<void>, notify: (notifications: Unsent['notifications']) => Promise<void>) {
    this.records = new OrderedLane(record, foldSteps);
    this.notifications = new OrderedLane(notify, (waiting) => ({ item: waiting.flat(), count: waiting.length }));
  }

  /** Nothing held, waiting or in flight. */
  get idle(): boolean {
    return this.held.length === 0 && this.records.idle && this.notifications.idle;
  }

  /** Steps held for a later workflow task. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** A step taken in the workflow task whose history length is `taskLength` (workflowInfo().historyLength). */
  push(unsent: Unsent, batch: ProjectionBatch | undefined, taskLength: number): void {
    if (unsent.events.length > 0 || batch) this.held.push({ step: { events: unsent.events, ...(batch ? { batch } : {}) }, taskLength });
    if (unsent.notifications.length > 0) this.notifications.push(unsent.notifications);
  }

  /**
   * Hands the records lane the steps of tasks before the one running now (history grew since), in order. `together`
   * (runs since patch 'steps-on-flush-timer') hands them over at once, so an idle lane folds them into one delivery;
   * without it the first goes out alone, as the histories recorded before replay.
   */
  release(taskLength: number, together = false): void {
    let n = 0;
    while (n < this.held.length && this.held[n]!.taskLength < taskLength) n++;
    const released = this.held.splice(0, n).map((h) => h.step);
    if (together) this.records.pushAll(released);
    else for (const step of released) this.records.push(step);
  }
}
