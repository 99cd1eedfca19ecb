// Where the case workflows' time went in a campaign, read from their histories: how long workflow tasks waited to
// be taken (schedule to start) and to be done (start to completion, which Temporal bounds at 10 s), and how many
// timed out (on a sticky queue after 1 s, or past that bound) and were handed on or done again.
import type { Client } from '@temporalio/client';
import protos from '@temporalio/proto';

const { temporal } = protos;
const T = temporal.api.enums.v1.EventType;

export interface WorkflowTaskReport {
  workflows: number;
  tasks: number;
  stickyTimeouts: number;
  startToCloseTimeouts: number;
  /** Percentiles in ms: p50, p90, p99, max. */
  waited: number[];
  took: number[];
  firstTook: number[];
}

const at = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }): number => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

function percentiles(xs: number[]): number[] {
  const s = [...xs].sort((a, b) => a - b);
  return [0.5, 0.9, 0.99, 1].map((p) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0);
}

export async function workflowTaskReport(client: Client): Promise<WorkflowTaskReport> {
  const waited: number[] = [];
  const took: number[] = [];
  const firstTook: number[] = [];
  let workflows = 0;
  let sticky = 0;
  let startToClose = 0;
  for await (const wf of client.workflow.list({ query: "WorkflowType = 'caseWorkflow'" })) {
    workflows++;
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    let scheduled = 0;
    let started = 0;
    let first = true;
    for (const e of history.events ?? []) {
      if (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) scheduled = at(e);
      else if (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_STARTED) waited.push((started = at(e)) - scheduled);
      else if (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        took.push(at(e) - started);
        if (first) firstTook.push(at(e) - started);
        first = false;
      }
      else if (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) {
        if (e.workflowTaskTimedOutEventAttributes?.timeoutType === temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) sticky++;
        else startToClose++;
      }
    }
  }
  return { workflows, tasks: waited.length, stickyTimeouts: sticky, startToCloseTimeouts: startToClose, waited: percentiles(waited), took: percentiles(took), firstTook: percentiles(firstTook) };
}

export function formatWorkflowTaskReport(r: WorkflowTaskReport): string {
  const p = (xs: number[]): string => `p50 ${xs[0]}, p90 ${xs[1]}, p99 ${xs[2]}, max ${xs[3]} ms`;
  return (
    `workflow tasks: ${r.tasks} in ${r.workflows} case workflows; timed out on a sticky queue (1 s) ${r.stickyTimeouts}, past the 10 s bound ${r.startToCloseTimeouts}; ` +
    `waited to start ${p(r.waited)}; took ${p(r.took)}; a case's first took ${p(r.firstTook)}`
  );
}
