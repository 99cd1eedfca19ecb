// The case workflow's effects lanes: each step's records and notifications, and its read-model batch, delivered by
// their activities one at a time in the order the case produced them, beside the main loop instead of in it. A
// worker kill -9'd mid-activity is noticed by Temporal only at the activity's timeout; in the loop that held the
// next clock back as long, in a lane it holds back only that lane. Plain promises (no workflow API), so it is
// unit-tested without a server.
import type { ProjectionBatch } from '../activities/projection-batch';
import type { Unsent } from './case-host';

/** Items delivered one at a time, in push order; `merge` may fold the items waiting into one delivery. */
export class OrderedLane<T> {
  private readonly queue: T[] = [];
  private running = false;

  constructor(
    private readonly deliver: (item: T) => Promise<void>,
    private readonly merge?: (items: T[]) => T,
  ) {}

  /** Nothing waiting and nothing in flight. */
  get idle(): boolean {
    return !this.running && this.queue.length === 0;
  }

  push(item: T): void {
    this.queue.push(item);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Taken off only once delivered: an item is never dropped, and a later one never overtakes it.
        const n = this.merge ? this.queue.length : 1;
        const item = n === 1 ? this.queue[0]! : this.merge!(this.queue.slice(0, n));
        await this.deliver(item);
        this.queue.splice(0, n);
      }
    } finally {
      this.running = false;
    }
  }
}

/** A case's two lanes: records then notifications of each step (folded when several wait), and read-model batches. */
export class EffectLanes {
  private readonly records: OrderedLane<Unsent>;
  private readonly projection: OrderedLane<ProjectionBatch>;

  constructor(flush: (unsent: Unsent) => Promise<void>, project: (batch: ProjectionBatch) => Promise<void>) {
    // Records and notifications are keyed by their own ids, so steps waiting together go out as one call each.
    this.records = new OrderedLane(flush, (items) => ({ events: items.flatMap((u) => u.events), notifications: items.flatMap((u) => u.notifications) }));
    // A batch carries the case's identity and SOP as of its step: batches stay one per step, strictly in order.
    this.projection = new OrderedLane(project);
  }

  get idle(): boolean {
    return this.records.idle && this.projection.idle;
  }

  push(unsent: Unsent, batch: ProjectionBatch | undefined): void {
    if (unsent.events.length > 0 || unsent.notifications.length > 0) this.records.push(unsent);
    if (batch) this.projection.push(batch);
  }
}
