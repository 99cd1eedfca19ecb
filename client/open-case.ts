// Opening a case from an edge (CLI, API): the workflow id derives from the FIR, so opening the same FIR twice
// returns the case already running instead of a second one.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { contentHash } from '../rules/compiler/content-hash';
import type { SopBundle } from '../rules/loader/load-sop';
import { caseFacts, type CaseFactsInput } from '../rules/schema/case-facts';
import { caseWorkflowId, firIdentity } from '../workflows/case-identity';
import { caseParties, type CasePartiesInput } from '../workflows/case-parties';
import type { caseWorkflow } from '../workflows/case-workflow';

export interface OpenCaseRequest {
  bundle: SopBundle;
  facts: CaseFactsInput;
  /** Names, CNIC numbers, victims: personal data, encrypted by the client's payload codec. */
  parties?: CasePartiesInput;
  firAt: number;
  taskQueue: string;
}

export async function openCaseWorkflow(client: Client, request: OpenCaseRequest): Promise<{ caseId: string; handle: WorkflowHandle<typeof caseWorkflow> }> {
  const given = caseFacts.parse(request.facts);
  const parties = request.parties === undefined ? undefined : caseParties.parse(request.parties);
  // "Model Town" and "model-town" are one police station: ids are normalised before they name anything.
  const fir = firIdentity.parse({
    province: given.province,
    district: given.district,
    policeStation: given.policeStation,
    firNumber: given.fir.number,
    year: given.fir.year,
  });
  const facts = { ...given, district: fir.district, policeStation: fir.policeStation };
  const caseId = caseWorkflowId(fir);
  const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    taskQueue: request.taskQueue,
    workflowId: caseId,
    // Running: join it. Closed: the FIR was dealt with; a new case for it is refused, not silently restarted.
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [{ caseId, sop: { hash: contentHash(request.bundle), bundle: request.bundle }, facts, ...(parties ? { parties } : {}), firAt: request.firAt }],
  });
  return { caseId, handle };
}
