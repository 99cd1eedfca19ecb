// The simulation's event queue: a binary heap ordered by time, then case index, then the case's own sequence
// number, so ties always break the same way whatever order entries were pushed in.
export interface QueueEntry {
  at: number;
  caseIndex: number;
  seq: number;
}

const before = (a: QueueEntry, b: QueueEntry): boolean => a.at < b.at || (a.at === b.at && (a.caseIndex < b.caseIndex || (a.caseIndex === b.caseIndex && a.seq < b.seq)));

export class EventQueue<T extends QueueEntry> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(entry: T): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
