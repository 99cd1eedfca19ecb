// What `sopflow case open|event|show` do: validate the flags, talk to the case workflow, say what happened.
// Loaded only when one of them runs, so the SOP authoring commands do not pay for the Temporal client.
import { z } from 'zod';
import { generatedEventId, checkedCaseEvent, sendCaseEvent } from '../../client/case-events';
import { caseIdArgument } from '../../client/case-ids';
import { caseView } from '../../client/case-view';
import { checkedOpening, openCaseWorkflow } from '../../client/open-case';
import { contentHash } from '../../rules/compiler/content-hash';
import { eventType, id, provinceId } from '../../rules/schema/common';
import type { CaseEventReply } from '../../workflows/case-messages';
import { flagText } from '../bounded-input';
import { CliError, parseInput, parseJsonFlag, parseOptions } from '../cli-error';
import type { CommandResult } from '../command-runner';
import { currentSopBundle, loadPackWithOverlays } from '../current-sop-pack';
import { formatCaseShow, type CaseShow } from '../format-case-show';
import { isoInstant } from '../iso-instant';
import { withTemporal } from '../temporal-session';
import { SourceError } from '../../sources/located-error';
import { holidayNotificationsDirOf, loadHolidayNotices } from '../../sources/load-sources';
import type { HolidayNotification } from '../../rules/schema/holiday-notification';

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
  acceptOld: z.boolean().default(false),
  sop: z.string().min(1).optional(),
  overlay: z.array(z.string().min(1)).optional(),
  holidays: z.string().min(1).optional(),
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
  const { bundle, file } = o.sop ? { bundle: loadPackWithOverlays(o.sop, o.overlay), file: o.sop } : currentSopBundle(o.province, Date.now(), o.overlay);
  // Holidays notified since the SOP was published: the new case's working-day deadlines honour them from the FIR.
  const notifications = holidayNotices(o.holidays ?? holidayNotificationsDirOf(file));
  const facts = {
    province: o.province,
    district: o.district,
    policeStation: o.policeStation,
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
  const request = { bundle, facts, firAt, acceptOld: o.acceptOld, notifications };
  // Checked before connecting: a wrong district or an old FIR is refused even with no server running.
  checkedOpening(request);
  return withTemporal(async (session) => {
    const { caseId, status } = await openCaseWorkflow(session.client, { ...request, taskQueue: session.taskQueue });
    if (status === 'existing') {
      process.stderr.write(`sopflow: ${caseId} was already open; nothing changed\n`);
      return { json: { caseId, status }, text: caseId };
    }
    const sop = { province: bundle.pack.province, version: bundle.pack.version, hash: contentHash(bundle) };
    return { json: { caseId, status, sop, firAt }, text: caseId };
  });
}

function holidayNotices(fileOrDir: string): HolidayNotification[] {
  try {
    return loadHolidayNotices(fileOrDir);
  } catch (err) {
    if (err instanceof SourceError) throw new CliError('usage', `holiday notices: ${err.lines(3).join('; ')}`);
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
  // Checked before connecting, against the schema the workflow's validator uses.
  const request = checkedCaseEvent({
    id: o.eventId ?? generatedEventId('cli'),
    type,
    ...(o.at !== undefined ? { at: o.at } : {}),
    ...(o.data !== undefined ? { data: parseJsonFlag(await flagText(o.data, '--data'), '--data') } : {}),
    ...(o.facts !== undefined ? { facts: parseJsonFlag(await flagText(o.facts, '--facts'), '--facts') } : {}),
  });
  return withTemporal(async (session) => {
    const reply = await sendCaseEvent(session.client, caseId, request);
    const json: CaseEventJson = { caseId, eventId: request.id, eventIdGenerated, type, status: reply.status, stage: reply.stage };
    const lines = [
      reply.status === 'applied' ? `applied ${type} to ${caseId}; stage: ${reply.stage}` : `duplicate: event ${request.id} was applied before; nothing changed (stage: ${reply.stage})`,
      eventIdGenerated ? `event id: ${request.id} (to retry safely, send again with --event-id ${request.id})` : `event id: ${request.id}`,
    ];
    return { json, text: lines.join('\n') };
  });
}

export async function caseShow(caseIdRaw: string): Promise<CommandResult<CaseShow>> {
  const caseId = parseInput(caseIdArgument, caseIdRaw, 'case id');
  return withTemporal(async (session) => {
    const view: CaseShow = { caseId, ...(await caseView(session.client, caseId)) };
    return { json: view, text: formatCaseShow(view) };
  });
}
