// `sopflow case open|event|show`: a case on the configured Temporal server, from the command line.
import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { openCaseWorkflow } from '../../client/open-case';
import { contentHash } from '../../rules/compiler/content-hash';
import type { CaseState } from '../../rules/case-engine/case-state';
import type { SopBundle } from '../../rules/loader/load-sop';
import { eventType, id, provinceId } from '../../rules/schema/common';
import { caseWorkflowId, firIdentity } from '../../workflows/case-identity';
import type { caseWorkflow } from '../../workflows/case-workflow';
import {
  advanceToNowUpdate,
  allowedEventsQuery,
  appliedOverlaysQuery,
  caseEventRequest,
  caseStateQuery,
  type CaseEventReply,
} from '../../workflows/case-messages';
import { caseIdArgument } from '../case-id-argument';
import { caseShowFromState, type CaseShow } from '../case-show-view';
import { CliError, parseInput, parseJsonFlag, parseOptions } from '../cli-error';
import { runCommand, type CommandResult } from '../command-runner';
import { currentSopBundle, loadPackWithOverlays } from '../current-sop-pack';
import { formatCaseShow } from '../format-case-show';
import { isoInstant } from '../iso-instant';
import { generatedEventId, sendCaseEvent } from '../send-case-event';
import { withTemporal, type TemporalSession } from '../temporal-session';

const openOptions = z.object({
  province: provinceId,
  district: z.string(),
  policeStation: z.string(),
  fir: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,20}\/\d{4}$/, 'must be <number>/<year>, e.g. 123/2026')
    .transform((s) => {
      const [number, year] = s.split('/') as [string, string];
      return { number, year: Number(year) };
    }),
  offence: id,
  sections: z
    .string()
    .optional()
    .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .pipe(z.array(z.string().regex(/^[0-9A-Za-z() .-]{1,30}$/, 'must be section numbers separated by commas, e.g. 302,34')).max(50)),
  inCustody: z.boolean().default(false),
  punishableWithDeath: z.boolean().default(false),
  terrorism: z.boolean().default(false),
  sexualOffence: z.boolean().default(false),
  narcotics: z.boolean().default(false),
  juvenile: z.boolean().default(false),
  femaleAccused: z.boolean().default(false),
  at: isoInstant.optional(),
  sop: z.string().min(1).optional(),
  overlay: z.array(z.string().min(1)).optional(),
  json: z.boolean().optional(),
});

export interface CaseOpenJson {
  caseId: string;
  /** "opened": this command started the case; "existing": the FIR's case was already running, nothing changed. */
  status: 'opened' | 'existing';
  /** Only when opened: the SOP pinned and the FIR time the clocks run from. */
  sop?: { province: string; version: string; hash: string };
  firAt?: number;
}

async function openCase(raw: unknown): Promise<CommandResult<CaseOpenJson>> {
  const o = parseOptions(openOptions, raw);
  const firAt = o.at ?? Date.now();
  const { file, bundle } = o.sop ? { file: o.sop, bundle: loadPackWithOverlays(o.sop, o.overlay) } : currentSopBundle(o.province, Date.now(), o.overlay);
  checkPackFits(bundle, file, o.province, o.offence);
  const fir = parseInput(
    firIdentity,
    { province: o.province, district: o.district, policeStation: o.policeStation, firNumber: o.fir.number, year: o.fir.year },
    'FIR',
  );
  const caseId = caseWorkflowId(fir);
  const facts = {
    province: o.province,
    district: fir.district,
    policeStation: fir.policeStation,
    fir: { number: o.fir.number, year: o.fir.year },
    offence: {
      class: o.offence,
      sections: o.sections,
      punishableWithDeath: o.punishableWithDeath,
      terrorism: o.terrorism,
      scheduledSexualOffence: o.sexualOffence,
      narcotics: o.narcotics,
    },
    accused: { inCustody: o.inCustody, juvenile: o.juvenile, sex: o.femaleAccused ? ('female' as const) : ('male' as const) },
  };
  return withTemporal(async (session) => {
    const existing = await isRunning(session, caseId);
    await openCaseWorkflow(session.client, { bundle, facts, firAt, taskQueue: session.taskQueue });
    if (existing) {
      process.stderr.write(`sopflow: ${caseId} was already open; nothing changed\n`);
      return { json: { caseId, status: 'existing' }, text: caseId };
    }
    const sop = { province: bundle.pack.province, version: bundle.pack.version, hash: contentHash(bundle) };
    return { json: { caseId, status: 'opened', sop, firAt }, text: caseId };
  });
}

function checkPackFits(bundle: SopBundle, file: string, province: string, offence: string): void {
  const shown = path.relative(process.cwd(), file) || file;
  if (bundle.pack.province !== province) throw new CliError('usage', `--sop ${shown} is the ${bundle.pack.province} SOP, not ${province}'s`);
  if (!bundle.pack.offenceClasses.some((c) => c.id === offence)) {
    throw new CliError('usage', `--offence: "${offence}" is not an offence class of ${shown}; one of: ${bundle.pack.offenceClasses.map((c) => c.id).join(', ')}`);
  }
}

/** Whether the FIR's case is running now (to tell "opened" from "already open"). */
async function isRunning(session: TemporalSession, caseId: string): Promise<boolean> {
  try {
    return (await session.client.workflow.getHandle(caseId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

const eventOptions = z.object({
  at: isoInstant.optional(),
  data: z.string().optional(),
  facts: z.string().optional(),
  eventId: z.string().optional(),
  json: z.boolean().optional(),
});

export interface CaseEventJson {
  caseId: string;
  eventId: string;
  /** True when the CLI made the id up: send the event again with `--event-id <eventId>` to retry safely. */
  eventIdGenerated: boolean;
  type: string;
  /** "applied", or "duplicate" when an event with this id had already been applied (nothing changed). */
  status: CaseEventReply['status'];
  stage: string;
}

async function caseEvent(caseIdRaw: string, typeRaw: string, raw: unknown): Promise<CommandResult<CaseEventJson>> {
  const caseId = parseInput(caseIdArgument, caseIdRaw, 'case id');
  const type = parseInput(eventType, typeRaw, 'event type');
  const o = parseOptions(eventOptions, raw);
  const eventIdGenerated = o.eventId === undefined;
  const request = parseInput(
    caseEventRequest,
    {
      id: o.eventId ?? generatedEventId(),
      type,
      ...(o.at !== undefined ? { at: o.at } : {}),
      ...(o.data !== undefined ? { data: parseJsonFlag(o.data, '--data') } : {}),
      ...(o.facts !== undefined ? { facts: parseJsonFlag(o.facts, '--facts') } : {}),
    },
    'event',
  );
  return withTemporal(async (session) => {
    const reply = await sendCaseEvent(session, caseId, request);
    const json: CaseEventJson = { caseId, eventId: request.id, eventIdGenerated, type, status: reply.status, stage: reply.stage };
    const lines = [
      reply.status === 'applied' ? `applied ${type} to ${caseId}; stage: ${reply.stage}` : `duplicate: event ${request.id} was applied before; nothing changed (stage: ${reply.stage})`,
      eventIdGenerated ? `event id: ${request.id} (to retry safely, send again with --event-id ${request.id})` : `event id: ${request.id}`,
    ];
    return { json, text: lines.join('\n') };
  });
}

async function caseShow(caseIdRaw: string): Promise<CommandResult<CaseShow>> {
  const caseId = parseInput(caseIdArgument, caseIdRaw, 'case id');
  return withTemporal(async (session) => {
    const handle = session.client.workflow.getHandle(caseId);
    const state = await upToDateState(handle);
    const [allowedEvents, overlays] = await Promise.all([handle.query(allowedEventsQuery), handle.query(appliedOverlaysQuery)]);
    const view = caseShowFromState(caseId, state, { allowedEvents, overlays });
    return { json: view, text: formatCaseShow(view) };
  });
}

/**
 * An update, not a query, for a running case: warnings and breaches due by now are recorded before it is read.
 * A closed case takes no updates but still answers queries with its final state.
 */
async function upToDateState(handle: WorkflowHandle<typeof caseWorkflow>): Promise<CaseState> {
  try {
    return await handle.executeUpdate(advanceToNowUpdate);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    await handle.describe(); // throws WorkflowNotFoundError when there never was such a case
    return handle.query(caseStateQuery);
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function caseCommand(): Command {
  const command = new Command('case').description('open a case, send it events, and show it (on the configured Temporal server)');

  command
    .command('open')
    .description('open the case of an FIR (idempotent: the same FIR gives the same case) and print its id')
    .requiredOption('--province <province>', 'punjab, sindh, khyber-pakhtunkhwa or balochistan')
    .requiredOption('--district <district>', 'district, e.g. Lahore')
    .requiredOption('--police-station <name>', 'police station, e.g. "Model Town"')
    .requiredOption('--fir <number/year>', 'FIR number and year, e.g. 123/2026')
    .requiredOption('--offence <class>', "an offence class of the province's SOP, e.g. theft, murder")
    .option('--sections <list>', 'sections invoked, comma-separated, e.g. 302,34')
    .option('--in-custody', 'the accused is in custody')
    .option('--punishable-with-death', 'the offence is punishable with death')
    .option('--terrorism', 'scheduled offence under the Anti-Terrorism Act 1997')
    .option('--sexual-offence', 'scheduled offence under the Anti-Rape Act 2021')
    .option('--narcotics', 'offence under the Control of Narcotic Substances Act 1997')
    .option('--juvenile', 'the accused is a juvenile')
    .option('--female-accused', 'the accused is a woman')
    .option('--at <iso>', 'when the FIR was registered (clocks run from it); a date or time without offset is Asia/Karachi; default now')
    .option('--sop <pack.yaml>', "SOP pack to pin; default: the province's pack in force today")
    .option('--overlay <overlay.yaml>', 'overlay file to load instead of sop-definitions/overlays/ (repeatable)', collect)
    .option('--json', 'machine-readable result on stdout')
    .action(async (options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, () => openCase(options));
    });

  command
    .command('event')
    .description('send an event to a case (idempotent by event id)')
    .argument('<case-id>', 'as `sopflow case open` printed it')
    .argument('<event-type>', 'e.g. ACCUSED_ARRESTED, INTERIM_CHALLAN_SUBMITTED')
    .option('--at <iso>', 'when it happened (may be in the past); default now')
    .option('--data <json>', 'supervisor data, e.g. {"escalationId":"…","role":"sho"}')
    .option('--facts <json>', 'changes to case facts, e.g. {"challan":{"documents":["fir_copy"]}}')
    .option('--event-id <id>', 'idempotency key; default: a new id, printed so the event can be resent safely')
    .option('--json', 'machine-readable result on stdout')
    .action(async (caseId: string, type: string, options: Record<string, unknown>) => {
      process.exitCode = await runCommand(options, () => caseEvent(caseId, type, options));
    });

  command
    .command('show')
    .description('stage, clocks with ledgers, open escalations, gates, timeline and the events allowed now')
    .argument('<case-id>', 'as `sopflow case open` printed it')
    .option('--json', 'machine-readable case on stdout')
    .action(async (caseId: string, options: { json?: boolean }) => {
      process.exitCode = await runCommand(options, () => caseShow(caseId));
    });

  return command;
}
