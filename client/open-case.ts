// Opening a case from an edge (CLI, API): the workflow id derives from the FIR, so opening the same FIR twice
// returns the case already running instead of a second one. The FIR is checked against the province's pack
// first (its district, offence class, year, and age), so an implausible case is refused before it exists.
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { DateTime } from 'luxon';
import { contentHash } from '../rules/compiler/content-hash';
import { LEGAL_ZONE } from '../rules/legal-time/local-days';
import type { SopBundle } from '../rules/loader/load-sop';
import { caseFacts, type CaseFacts, type CaseFactsInput } from '../rules/schema/case-facts';
import { holidayNotification, type HolidayNotification } from '../rules/schema/holiday-notification';
import { caseWorkflowId, firIdentity } from '../workflows/case-identity';
import { caseParties, type CasePartiesInput } from '../workflows/case-parties';
import type { caseWorkflow } from '../workflows/case-workflow';
import { invalid, invalidFromZod, translated } from './case-client-error';

const DAY_MS = 86_400_000;

export interface OpenCaseRequest {
  bundle: SopBundle;
  facts: CaseFactsInput;
  /** Names, CNIC numbers, victims: personal data, encrypted by the client's payload codec. */
  parties?: CasePartiesInput;
  firAt: number;
  taskQueue: string;
  /** The caller confirms the FIR is older than the pack's intake bound (`caseIntake.maxAgeDays`). */
  acceptOld?: boolean;
  /** "Now" for the age check; default the wall clock (a time-skipping test server may pass its own). */
  now?: number;
  /**
   * Holidays notified so far (e.g. loaded by `loadHolidayNotices` from sop-definitions/<province>/holiday-notifications/):
   * those of the case's province issued by now travel in the case's input, so its working-day deadlines honour
   * them from the FIR and replay never reads a file.
   */
  notifications?: readonly unknown[];
}

export interface OpenedCase {
  caseId: string;
  /** "opened": this call started the case; "existing": the FIR's case was already running, nothing changed. */
  status: 'opened' | 'existing';
  handle: WorkflowHandle<typeof caseWorkflow>;
}

/** The case's facts with its ids normalised, or an `invalid` CaseClientError naming the field at fault. */
export function checkedOpening(request: Omit<OpenCaseRequest, 'taskQueue'>): { caseId: string; facts: CaseFacts } {
  const parsedFacts = caseFacts.safeParse(request.facts);
  if (!parsedFacts.success) throw invalidFromZod(parsedFacts.error, '');
  const given = parsedFacts.data;
  // "Model Town" and "model-town" are one police station: ids are normalised before they name anything.
  const parsedFir = firIdentity.safeParse({
    province: given.province,
    district: given.district,
    policeStation: given.policeStation,
    firNumber: given.fir.number,
    year: given.fir.year,
  });
  if (!parsedFir.success) throw invalidFromZod(parsedFir.error, '');
  const fir = parsedFir.data;
  const { pack } = request.bundle;
  if (pack.province !== fir.province) throw invalid('province', `the SOP given is ${pack.province}'s, not ${fir.province}'s`);
  if (pack.districts && !pack.districts.some((d) => d.id === fir.district)) {
    throw invalid('district', `"${fir.district}" is not a district of ${pack.province} (SOP ${pack.version}); one of: ${pack.districts.map((d) => d.id).join(', ')}`);
  }
  if (!pack.offenceClasses.some((c) => c.id === given.offence.class)) {
    throw invalid('offence', `"${given.offence.class}" is not an offence class of the ${pack.province} SOP; one of: ${pack.offenceClasses.map((c) => c.id).join(', ')}`);
  }
  checkFirDate(request, fir.year);
  return { caseId: caseWorkflowId(fir), facts: { ...given, district: fir.district, policeStation: fir.policeStation } };
}

function checkFirDate(request: Omit<OpenCaseRequest, 'taskQueue'>, firYear: number): void {
  const now = request.now ?? Date.now();
  const { firAt } = request;
  if (!Number.isSafeInteger(firAt)) throw invalid('firAt', 'must be an instant (epoch milliseconds)');
  // FIR numbers run per police station per calendar year, in Pakistan's time.
  const registered = DateTime.fromMillis(firAt, { zone: LEGAL_ZONE });
  if (registered.year !== firYear) {
    throw invalid('fir', `the FIR's year ${firYear} is not the year it was registered (${registered.toISODate()} in ${LEGAL_ZONE}); FIR numbers run per year`);
  }
  const maxAgeDays = request.bundle.pack.caseIntake?.maxAgeDays;
  const ageDays = Math.floor((now - firAt) / DAY_MS);
  if (maxAgeDays !== undefined && ageDays > maxAgeDays && !request.acceptOld) {
    throw invalid(
      'firAt',
      `the FIR was registered ${ageDays} days ago, more than the ${request.bundle.pack.province} SOP's intake bound of ${maxAgeDays} days ` +
        '(caseIntake.maxAgeDays, an SOP setting, not law); if the date is right, confirm it with acceptOld (sopflow: --accept-old)',
    );
  }
}

export async function openCaseWorkflow(client: Client, request: OpenCaseRequest): Promise<OpenedCase> {
  const { caseId, facts } = checkedOpening(request);
  const parsedParties = request.parties === undefined ? undefined : caseParties.safeParse(request.parties);
  if (parsedParties && !parsedParties.success) throw invalidFromZod(parsedParties.error, 'parties');
  const parties = parsedParties?.data;
  const notifications = openingNotices(request, facts.province);
  return translated(client.options.namespace, async () => {
    const existing = await isRunning(client, caseId);
    const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      taskQueue: request.taskQueue,
      workflowId: caseId,
      // Running: join it. Closed: the FIR was dealt with; a new case for it is refused, not silently restarted.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          caseId,
          sop: { hash: contentHash(request.bundle), bundle: request.bundle },
          facts,
          ...(parties ? { parties } : {}),
          firAt: request.firAt,
          ...(notifications.length > 0 ? { notifications } : {}),
        },
      ],
    });
    return { caseId, status: existing ? 'existing' : 'opened', handle };
  });
}

/** The notices a new case opens with: its province's, issued by now, each checked (an invalid one is named by index). */
export function openingNotices(request: Pick<OpenCaseRequest, 'notifications' | 'now'>, province: string): HolidayNotification[] {
  const now = request.now ?? Date.now();
  const out: HolidayNotification[] = [];
  for (const [i, raw] of (request.notifications ?? []).entries()) {
    const parsed = holidayNotification.safeParse(raw);
    if (!parsed.success) throw invalidFromZod(parsed.error, `notifications.${i}`);
    if (parsed.data.province === province && parsed.data.notifiedAt <= now) out.push(parsed.data);
  }
  return out;
}

/** Whether the FIR's case is running now (to tell "opened" from "already open"). */
async function isRunning(client: Client, caseId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(caseId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
