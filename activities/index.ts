// Activities do all of sopflow's I/O. They are built by a factory that receives their dependencies, so the
// worker wires real ones (or the local file defaults) and tests wire their own.
import fs from 'node:fs';
import path from 'node:path';
import { fileCaseEventSink, type CaseEventRecord, type CaseEventSink } from './case-event-sink';
import { fileOutbox, type Notification, type NotificationSender } from './notification';
import { ApplicationFailure } from '@temporalio/activity';
import { shippedSopsByHash } from '../sources/shipped-packs';
import { DEFAULT_DEFINITIONS_DIR, runSimulationJobActivity, type SimulationJobInput } from './simulation-job';
import { SOP_REGISTRY_DIR, sopStore, type SopLocation, type SopStore } from './sop-store';
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
  /** Where case workflows resolve a SOP pinned by its hash; default: the shipped packs of `sopDefinitionsDir` only. */
  sops?: SopStore;
}

/** The shipped packs of `definitionsDir` and the registry under `<dataDir>/sop-registry/`. */
export function localSopStore(dataDir: string, definitionsDir = DEFAULT_DEFINITIONS_DIR): SopStore {
  return sopStore({ shipped: () => shippedSopsByHash(definitionsDir), registryDir: path.join(dataDir, SOP_REGISTRY_DIR) });
}

/**
 * The local defaults: an outbox and an event sink as directories under the data directory; when
 * `<dataDir>/webhooks/receivers.json` registers receivers, notifications are also delivered to them as webhooks.
 */
export function localActivityDependencies(dataDir: string): ActivityDependencies & { notifications: ReturnType<typeof fileOutbox>; caseEvents: ReturnType<typeof fileCaseEventSink>; sops: SopStore } {
  const outbox = fileOutbox(path.join(dataDir, 'outbox', 'notifications'));
  const receiversFile = path.join(dataDir, RECEIVERS_FILE);
  return {
    notifications: fs.existsSync(receiversFile) ? withWebhooks(outbox, webhookSender({ receivers: loadWebhookReceivers(receiversFile), dataDir })) : outbox,
    caseEvents: fileCaseEventSink(path.join(dataDir, 'case-events')),
    sops: localSopStore(dataDir),
  };
}

export function createActivities(deps: ActivityDependencies) {
  const projection = deps.readModel ? createProjectionActivities(deps.readModel) : undefined;
  // The same packs the worker's bundle embeds (worker/create-worker.ts bundles from sopDefinitionsDir too).
  const sops = deps.sops ?? sopStore({ shipped: () => shippedSopsByHash(deps.sopDefinitionsDir ?? DEFAULT_DEFINITIONS_DIR) });
  /** Records written now (a record already there, by its id, is not counted). */
  const recordEvents = async (events: CaseEventRecord[]): Promise<number> => {
    let recorded = 0;
    for (const e of events) if ((await deps.caseEvents.record(e)) === 'recorded') recorded++;
    return recorded;
  };
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
    /** Where the SOP a case is pinned to lives (a local activity: the case's first task waits for it). */
    async locateSop(hash: string): Promise<SopLocation> {
      const found = await sops.locate(hash);
      if (!found) throw ApplicationFailure.nonRetryable(`no SOP with content hash ${hash.slice(0, 80)} is shipped with this worker or published to its registry`, 'SopNotFound');
      return found;
    },
    recordCaseEvents(events: CaseEventRecord[]): Promise<number> {
      return recordEvents(events);
    },
    /**
     * One step's event records and read-model batch (a local activity: both stores are the worker's own), each
     * idempotent by id, so a retry after either failed writes nothing twice. The batch comes back as the result:
     * a local activity's input is not in history but its result is (in its marker), and the cases' histories
     * are the read model's source for a rebuild (client/case-projections.ts).
     */
    async recordCaseStep(step: { events: CaseEventRecord[]; batch?: ProjectionBatch }): Promise<RecordedStep> {
      const recorded = await recordEvents(step.events);
      if (step.batch && projection) await projection.projectCaseEffects(step.batch);
      return { recorded, projected: step.batch ?? null };
    },
  };
}

export type SopflowActivities = ReturnType<typeof createActivities>;

/** What `recordCaseStep` did: records newly written, and the batch it projected (kept in the marker in history). */
export interface RecordedStep {
  recorded: number;
  projected: ProjectionBatch | null;
}
export type { CaseEventRecord, Notification, ProjectionBatch, SopLocation };
