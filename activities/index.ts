// Activities do all of sopflow's I/O. They are built by a factory that receives their dependencies, so the
// worker wires real ones (or the local file defaults) and tests wire their own.
import fs from 'node:fs';
import path from 'node:path';
import { fileCaseEventSink, type CaseEventRecord, type CaseEventSink } from './case-event-sink';
import { fileOutbox, type Notification, type NotificationSender } from './notification';
import { runSimulationJobActivity, type SimulationJobInput } from './simulation-job';
import { loadWebhookReceivers, RECEIVERS_FILE, webhookSender, withWebhooks } from './webhook-sender';
import type { ReadModelDb } from '../projection/read-model';
import { createProjectionActivities } from '../projection/projection-activities';
import type { ProjectionBatch } from './projection-batch';

export interface ActivityDependencies {
  notifications: NotificationSender;
  caseEvents: CaseEventSink;
  /** Where simulation jobs find SOP packs and cohorts; default: the repository's sop-definitions/. */
  sopDefinitionsDir?: string;
  /**
   * The read model the case effects are projected into. The worker always opens one (worker/run-worker.ts);
   * a worker built without it (most Temporal tests) projects nothing and the activity says 0 rows were new.
   */
  readModel?: ReadModelDb;
}

/**
 * The local defaults: an outbox and an event sink as directories under the data directory; when
 * `<dataDir>/webhooks/receivers.json` registers receivers, notifications are also delivered to them as webhooks.
 */
export function localActivityDependencies(dataDir: string): ActivityDependencies & { notifications: ReturnType<typeof fileOutbox>; caseEvents: ReturnType<typeof fileCaseEventSink> } {
  const outbox = fileOutbox(path.join(dataDir, 'outbox', 'notifications'));
  const receiversFile = path.join(dataDir, RECEIVERS_FILE);
  return {
    notifications: fs.existsSync(receiversFile) ? withWebhooks(outbox, webhookSender({ receivers: loadWebhookReceivers(receiversFile), dataDir })) : outbox,
    caseEvents: fileCaseEventSink(path.join(dataDir, 'case-events')),
  };
}

export function createActivities(deps: ActivityDependencies) {
  const projection = deps.readModel ? createProjectionActivities(deps.readModel) : undefined;
  return {
    /** One step's effects into the read model, idempotent by effect id (retries and replays write once). */
    projectCaseEffects(batch: ProjectionBatch): Promise<number> {
      return projection ? projection.projectCaseEffects(batch) : Promise.resolve(0);
    },
    async sendNotifications(notifications: Notification[]): Promise<number> {
      let sent = 0;
      for (const n of notifications) if ((await deps.notifications.send(n)) === 'sent') sent++;
      return sent;
    },
    runSimulationJob(input: SimulationJobInput) {
      return runSimulationJobActivity(input, deps.sopDefinitionsDir);
    },
    async recordCaseEvents(events: CaseEventRecord[]): Promise<number> {
      let recorded = 0;
      for (const e of events) if ((await deps.caseEvents.record(e)) === 'recorded') recorded++;
      return recorded;
    },
  };
}

export type SopflowActivities = ReturnType<typeof createActivities>;
export type { CaseEventRecord, Notification, ProjectionBatch };
