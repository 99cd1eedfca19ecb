// What `sopflow case open|event|show` do: validate the flags, talk to the case workflow, say what happened.
// Loaded only when one of them runs, so the SOP authoring commands do not pay for the Temporal client.
import path from 'node:path';
import { z } from 'zod';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { openCaseWorkflow } from '../../client/open-case';
import { contentHash } from '../../rules/compiler/content-hash';
import type { CaseView } from '../../rules/case-engine/index';
import type { SopBundle } from '../../rules/loader/load-sop';
import { eventType, id, provinceId } from '../../rules/schema/common';
import { caseWorkflowId, firIdentity } from '../../workflows/case-identity';
import type { caseWorkflow } from '../../workflows/case-workflow';
import {
  advanceToNowUpdate,
  caseEventRequest,
  caseViewQuery,
  type CaseEventReply,
} from '../../workflows/case-messages';
import { caseIdArgument } from '../case-id-argument';
import { CliError, parseInput, parseJsonFlag, parseOptions } from '../cli-error';
import type { CommandResult } from '../command-runner';
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
    })
    .refine((f) => f.year >= 1947 && f.year <= 2200, 'the year must be between 1947 and 2200'),
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

export async function openCase(raw: unknown): Promise<CommandResult<CaseOpenJson>> {
  const o = parseOptions(openOptions, raw);
  const firAt = o.at ?? Date.now();
  const { file, bundle } = o.sop ? { file: o.sop, bundle: loadPackWithOverlays(o.sop, o.overlay) } : currentSopBundle(o.province, Date.now(), o.overlay);
  checkPackFits(bundle, file, o.province, o.offence);
  // Keys named as the flags are, so a bad district or police station is reported as --district / --police-station.
  const fir = parseOptions(firIdentity, { province: o.province, district: o.district, policeStation: o.policeStation, firNumber: o.fir.number, year: o.fir.year });
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

export async function caseEvent(caseIdRaw: string, typeRaw: string, raw: unknown): Promise<CommandResult<CaseEventJson>> {
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

/** What `case show --json` prints: the case view the workflow serves, with the case id. */
export type CaseShow = { caseId: string } & CaseView;

export async function caseShow(caseIdRaw: string): Promise<CommandResult<CaseShow>> {
  const caseId = parseInput(caseIdArgument, caseIdRaw, 'case id');
  return withTemporal(async (session) => {
    const handle = session.client.workflow.getHandle(caseId);
    await recordTimersDueByNow(handle);
    const view: CaseShow = { caseId, ...(await handle.query(caseViewQuery)) };
    return { json: view, text: formatCaseShow(view) };
  });
}

/**
 * Warnings, breaches and climbs due by now are recorded (tasks opened, search attributes published) before the
 * case is read. A closed case takes no updates, but still answers the query with its final state.
 */
async function recordTimersDueByNow(handle: WorkflowHandle<typeof caseWorkflow>): Promise<void> {
  try {
    await handle.executeUpdate(advanceToNowUpdate);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    await handle.describe(); // throws WorkflowNotFoundError when there never was such a case
  }
}
