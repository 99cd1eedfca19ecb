// Punjab, ordinary theft, accused in custody: every kind of task notification, derived from the case engine's
// effects by the case workflow's host — no Temporal server, the real SOP pack and core.
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../rules/compiler/content-hash';
import type { Notification } from '../../activities/index';
import { CaseHost } from '../../workflows/case-host';
import type { TaskCommand } from '../../workflows/task-sync';
import { DAY, firAt, punjabBundle, theftInCustody } from '../core/case-engine/fixtures';

async function openHost(): Promise<{ host: CaseHost; at: (t: number) => void }> {
  let now = firAt;
  const host = await CaseHost.start(
    { caseId: 'case/punjab/lahore/model-town/77-2026', sop: { hash: contentHash(punjabBundle), bundle: punjabBundle }, facts: theftInCustody, firAt },
    { now: () => now, recordFir: true },
  );
  return { host, at: (t) => (now = t) };
}

/** One sync: the task commands, and the kinds of the notifications it queued. */
function sync(host: CaseHost): { tasks: TaskCommand[]; kinds: Notification['kind'][]; notifications: Notification[] } {
  const tasks = host.syncTasks();
  const { notifications } = host.takeUnsent();
  return { tasks, kinds: notifications.map((n) => n.kind), notifications };
}

describe('task notifications come from the core effects (no server)', () => {
  it('no interim report by day 18 → SHO task opened; unanswered → climbs to SDPO; acknowledged; reassigned; resolved', async () => {
    const { host, at } = await openHost();
    expect(sync(host).tasks).toEqual([]);

    at(firAt + 18 * DAY);
    host.advanceToNow();
    const opened = sync(host);
    expect(opened.kinds).toEqual(['task-opened']);
    expect(opened.tasks).toMatchObject([{ action: 'start', snapshot: { escalation: { role: 'sho', level: 2, status: 'open' } } }]);
    expect(opened.notifications[0]).toMatchObject({ to: { role: 'sho', province: 'punjab', district: 'lahore', policeStation: 'model-town' }, level: 2 });
    const escalationId = opened.tasks[0]!.snapshot.escalation.id;

    at(firAt + 22 * DAY);
    host.advanceToNow();
    const climbed = sync(host);
    expect(climbed.kinds).toEqual(['task-climbed']);
    expect(climbed.tasks).toMatchObject([{ action: 'signal', snapshot: { escalation: { role: 'sdpo', level: 3 } } }]);

    host.applyEvent({ id: 'ack', type: 'ESCALATION_ACKNOWLEDGED', at: firAt + 22 * DAY, data: { escalationId, role: 'sdpo' } });
    expect(sync(host).kinds).toEqual(['task-acknowledged']);

    host.applyEvent({ id: 'move', type: 'ESCALATION_REASSIGNED', at: firAt + 22 * DAY, data: { escalationId, role: 'sdpo', toRole: 'sho' } });
    const reassigned = sync(host);
    expect(reassigned.kinds).toEqual(['task-reassigned']);
    expect(reassigned.notifications[0]).toMatchObject({ to: { role: 'sho' } });

    host.applyEvent({ id: 'done', type: 'ESCALATION_RESOLVED', at: firAt + 22 * DAY, data: { escalationId, role: 'sho', directive: 'submit the interim report today' } });
    const resolved = sync(host);
    expect(resolved.kinds).toEqual(['task-resolved']);
    expect(resolved.tasks).toMatchObject([{ action: 'signal', snapshot: { escalation: { status: 'resolved' } } }]);
  });

  it('the cure closes the task; a back-dated cure withdraws it; a ladder with no higher level says so', async () => {
    {
      const { host, at } = await openHost();
      at(firAt + 18 * DAY);
      host.advanceToNow();
      sync(host);
      host.applyEvent({ id: 'interim', type: 'INTERIM_CHALLAN_SUBMITTED', at: firAt + 18 * DAY + 3_600_000 });
      const closed = sync(host);
      expect(closed.kinds).toEqual(['task-closed']);
      expect(closed.notifications[0]!.text).toMatch(/cured: INTERIM_CHALLAN_SUBMITTED/);
    }
    {
      const { host, at } = await openHost();
      at(firAt + 18 * DAY);
      host.advanceToNow();
      sync(host);
      // Entered late: the report was in fact submitted on day 10, so the breach never happened.
      host.applyEvent({ id: 'interim', type: 'INTERIM_CHALLAN_SUBMITTED', at: firAt + 10 * DAY });
      const withdrawn = sync(host);
      expect(withdrawn.kinds).toEqual(['task-withdrawn']);
      expect(withdrawn.tasks).toMatchObject([{ action: 'signal', snapshot: { escalation: { status: 'closed' } } }]);
      expect(host.state.escalations).toEqual([]);
    }
    {
      const { host, at } = await openHost();
      at(firAt + 90 * DAY);
      host.advanceToNow();
      const { kinds } = sync(host);
      expect(kinds[0]).toBe('task-opened');
      expect(kinds).toContain('task-climbed');
      expect(kinds[kinds.length - 1]).toBe('task-overdue-at-top');
    }
  });

  it('a task opened and cured before anyone was told is never started and never announced', async () => {
    const { host, at } = await openHost();
    at(firAt + 18 * DAY);
    // The breach and its cure arrive in one step, before the workflow syncs its tasks.
    host.applyEvent({ id: 'interim', type: 'INTERIM_CHALLAN_SUBMITTED', at: firAt + 18 * DAY + 60_000 });
    const { tasks, kinds } = sync(host);
    expect(tasks).toEqual([]);
    expect(kinds).toEqual([]);
  });

  it('every applied event, the FIR registration included, reaches the event sink once', async () => {
    const { host } = await openHost();
    host.applyEvent({ id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000 });
    host.applyEvent({ id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000 });
    host.syncTasks();
    expect(host.takeUnsent().events.map((e) => [e.eventId, e.type])).toEqual([
      ['fir', 'FIR_REGISTERED'],
      ['arrest', 'ACCUSED_ARRESTED'],
    ]);
  });
});
