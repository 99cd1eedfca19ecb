// The projection as a Temporal activity: the case workflow hands each step's effects, with the case's
// non-personal identity and what the projection needs of its SOP (projectionSopOf), and the activity writes them
// once. Safe to retry and to run on two workers: projectEffects is idempotent by effect id.
import type { ReadModelDb } from './read-model';
import type { ProjectionBatch } from '../activities/projection-batch';
import { projectEffects } from './project-effects';

export type { ProjectionBatch };

export function createProjectionActivities(db: ReadModelDb) {
  return {
    /** Returns how many of the batch's effects were new to the read model. */
    async projectCaseEffects(batch: ProjectionBatch): Promise<number> {
      if (!batch.identity.caseId) throw new Error('projectCaseEffects: identity.caseId is empty');
      return projectEffects(db, batch.identity, batch.sop, batch.effects);
    },
  };
}

export type ProjectionActivities = ReturnType<typeof createProjectionActivities>;
