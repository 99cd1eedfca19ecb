// What a case carries across continue-as-new when steps arrived after the loop last synced its tasks (its effects
// lanes were draining): the next run opens the tasks those steps raised, once, and their records are not lost.
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../rules/compiler/content-hash';
import { CaseHost } from '../../workflows/case-host';
import { DAY, firAt, punjabBundle, theftInCustody } from '../core/case-engine/fixtures';

describe('a case continuing as new with unsynced steps', () => {
  it('carries their task effects: the next run starts the task the breach raised, and only once', async () => {
    let now = firAt;
    const input = { caseId: 'case/punjab/lahore/model-town/78-2026', sop: { hash: contentHash(punjabBundle), bundle: punjabBundle }, facts: theftInCustody, firAt };
    const first = await CaseHost.start(input, { now: () => now, recordFir: true });
    first.syncTasks();
    first.takeUnsent();
    // A breach recorded after the last sync (the loop was waiting for its lanes), then the run moves on.
    now = firAt + 18 * DAY;
    first.advanceToNow();
    const carried = first.carry();
    expect(carried.carried.pending?.length).toBeGreaterThan(0);

    const next = await CaseHost.start({ ...input, ...carried }, { now: () => now, recordFir: true });
    const tasks = next.syncTasks();
    expect(tasks).toMatchObject([{ action: 'start', snapshot: { escalation: { role: 'sho', status: 'open' } } }]);
    expect(next.takeUnsent().notifications.map((n) => n.kind)).toEqual(['task-opened']);
    // Nothing is carried twice: a further sync has nothing to do.
    expect(next.syncTasks()).toEqual([]);
    expect(next.carry().carried.pending).toBeUndefined();
  });

  it('a run that synced everything carries no task effects (its input is as before)', async () => {
    const input = { caseId: 'case/punjab/lahore/model-town/79-2026', sop: { hash: contentHash(punjabBundle), bundle: punjabBundle }, facts: theftInCustody, firAt };
    const host = await CaseHost.start(input, { now: () => firAt, recordFir: true });
    host.syncTasks();
    expect('pending' in host.carry().carried).toBe(false);
  });
});
