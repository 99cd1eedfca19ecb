// Reading a case from an edge: timers due by now are recorded first (tasks opened, search attributes
// published), then the case is read as a view, never as its whole state.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CaseView } from '../rules/case-engine/index';
import { advanceToNowUpdate, caseViewQuery } from '../workflows/case-messages';
import { translated } from './case-client-error';

export function caseView(client: Client, caseId: string): Promise<CaseView> {
  return translated(client.options.namespace, async () => {
    const handle = client.workflow.getHandle(caseId);
    try {
      await handle.executeUpdate(advanceToNowUpdate);
    } catch (err) {
      // A closed case takes no updates but still answers the query with its final state.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      await handle.describe(); // throws WorkflowNotFoundError when there never was such a case
    }
    return handle.query(caseViewQuery);
  });
}
