// Runs a scenario against a host and reports pass/fail for every step.
import { isLiveEscalation, SUPERVISOR_EVENT_TYPES, type CaseEventInput, type CaseState, type Escalation } from '../case-engine/index';
import type { Instant } from '../legal-time/types';
import type { Scenario, ScenarioExpectation, ScenarioStep } from '../schema/scenario';
import type { ScenarioHost } from './scenario-host';
import { describeScenarioInstant, parseLocalDateTime, scenarioInstant } from './scenario-time';

export interface StepReport {
  index: number;
  at: string;
  title: string;
  passed: boolean;
  failures: string[];
}

export interface EscalationTraceEntry {
  rule: string;
  role: string;
  level: number;
  action: string;
  at: string;
}

export interface ScenarioReport {
  name: string;
  passed: boolean;
  steps: StepReport[];
  /** Every escalation action with its (rule, role, level, day): what two hosts must agree on. */
  escalationTrace: EscalationTraceEntry[];
}

const ruleOf = (e: Escalation): string => (e.cause.kind === 'clock-breach' ? e.cause.clockId : e.cause.gateId);

export function escalationTrace(state: CaseState, firAt: Instant): EscalationTraceEntry[] {
  return state.escalations
    .flatMap((e) => e.history.map((h) => ({ rule: ruleOf(e), role: h.role, level: h.level, action: h.action, at: describeScenarioInstant(h.at, firAt), t: h.at })))
    .sort((a, b) => a.t - b.t || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
    .map(({ t: _t, ...rest }) => rest);
}

function stepTitle(step: ScenarioStep): string {
  const parts = [step.event ?? 'check', step.note].filter(Boolean);
  return parts.join(' — ');
}

async function check(host: ScenarioHost, expect: ScenarioExpectation, firAt: Instant): Promise<string[]> {
  const failures: string[] = [];
  const state = await host.state();
  if (expect.stage !== undefined && state.stage !== expect.stage) failures.push(`stage is ${state.stage}, expected ${expect.stage}`);
  if (expect.overlays) {
    const applied = (await host.appliedOverlays()).sort();
    const want = [...expect.overlays].sort();
    if (applied.join(',') !== want.join(',')) failures.push(`overlays applied: [${applied.join(', ')}], expected [${want.join(', ')}]`);
  }
  if (expect.escalations) {
    const actual = state.escalations
      .filter(isLiveEscalation)
      .map((e) => ({ rule: ruleOf(e), role: e.role, level: e.level, status: e.status, slaDueAt: e.slaDueAt }));
    const sla = (at: Instant | null): string => (at === null ? 'none' : describeScenarioInstant(at, firAt));
    const describe = (x: { rule: string; role: string; level?: number; status?: string; slaDueAt?: Instant | null; slaDue?: string }): string =>
      `${x.rule}→${x.role}${x.level !== undefined ? ` L${x.level}` : ''}${x.status ? ` ${x.status}` : ''}` +
      (x.slaDue !== undefined ? ` SLA ${x.slaDue}` : x.slaDueAt !== undefined ? ` SLA ${sla(x.slaDueAt)}` : '');
    const unmatched = [...actual];
    for (const want of expect.escalations) {
      const i = unmatched.findIndex(
        (a) =>
          a.rule === want.rule &&
          a.role === want.role &&
          (want.level === undefined || a.level === want.level) &&
          (want.status === undefined || a.status === want.status) &&
          (want.slaDue === undefined || a.slaDueAt === scenarioInstant(want.slaDue, firAt)),
      );
      if (i >= 0) unmatched.splice(i, 1);
      else failures.push(`missing escalation ${describe(want)} (open: ${actual.map(describe).join(', ') || 'none'})`);
    }
    for (const extra of unmatched) failures.push(`unexpected escalation ${describe(extra)}`);
  }
  const view = expect.clocks?.some((c) => c.ledger !== undefined || c.citation !== undefined) ? await host.view() : undefined;
  for (const want of expect.clocks ?? []) {
    const runs = state.clocks.filter((c) => c.clockId === want.clock);
    const instance = want.instance !== undefined ? runs[want.instance - 1] : runs[runs.length - 1];
    const name = want.instance !== undefined ? `${want.clock} run ${want.instance}` : want.clock;
    if (!instance) {
      if (want.status !== 'absent') failures.push(`clock ${name} has not started (expected ${want.status}; ${runs.length} run(s) so far)`);
      continue;
    }
    if (want.status === 'absent') failures.push(`clock ${want.clock} exists (${instance.status}), expected none`);
    else if (instance.status !== want.status) failures.push(`clock ${want.clock} is ${instance.status}, expected ${want.status}`);
    if (want.due !== undefined) {
      const due = scenarioInstant(want.due, firAt);
      if (instance.dueAt !== due) {
        failures.push(`clock ${want.clock} due ${instance.dueAt === null ? 'unknown (paused)' : describeScenarioInstant(instance.dueAt, firAt)}, expected ${describeScenarioInstant(due, firAt)}`);
      }
    }
    if (want.late !== undefined && Boolean(instance.late) !== want.late) failures.push(`clock ${want.clock} late=${Boolean(instance.late)}, expected ${want.late}`);
    if (want.warn !== undefined) {
      const warn = scenarioInstant(want.warn, firAt);
      if (instance.warnAt !== warn) failures.push(`clock ${name} warns ${instance.warnAt === null ? 'never' : describeScenarioInstant(instance.warnAt, firAt)}, expected ${describeScenarioInstant(warn, firAt)}`);
    }
    if (want.warned !== undefined && instance.warned !== want.warned) failures.push(`clock ${name} warned=${instance.warned}, expected ${want.warned}`);
    if (want.grounds !== undefined) {
      const holding = instance.pauses.filter((p) => p.to === undefined).map((p) => p.ground ?? p.reason).sort();
      if (holding.join(',') !== [...want.grounds].sort().join(',')) failures.push(`clock ${name} paused on [${holding.join(', ')}], expected [${want.grounds.join(', ')}]`);
    }
    if (want.abandonedBy !== undefined && instance.abandonedBy !== want.abandonedBy) failures.push(`clock ${name} abandoned by ${instance.abandonedBy ?? 'no one'}, expected ${want.abandonedBy}`);
    const shown = view?.clocks.find((c) => c.key === instance.key);
    if (want.ledger !== undefined) {
      const text = shown ? [shown.ledger.summary, ...shown.ledger.lines].join('\n') : '';
      for (const part of want.ledger) if (!text.includes(part)) failures.push(`clock ${name} ledger lacks "${part}": ${shown?.ledger.summary ?? 'not shown'}`);
    }
    if (want.citation !== undefined && !shown?.citation.section.includes(want.citation)) {
      failures.push(`clock ${name} cites "${shown?.citation.section ?? 'nothing'}", expected "${want.citation}"`);
    }
  }
  if (expect.allowedEvents) {
    const supervisor = new Set<string>(SUPERVISOR_EVENT_TYPES);
    const got = (await host.allowedEvents()).filter((t) => !supervisor.has(t)).sort();
    const want = [...expect.allowedEvents].sort();
    if (got.join(',') !== want.join(',')) failures.push(`allowed now: [${got.join(', ')}], expected [${want.join(', ')}]`);
  }
  for (const part of expect.timeline ?? []) {
    if (!state.timeline.some((t) => t.text.includes(part))) failures.push(`timeline has no entry containing "${part}"`);
  }
  if (expect.gate) {
    const result = [...state.gateResults].reverse().find((g) => g.gateId === expect.gate!.gate);
    if (!result) failures.push(`gate ${expect.gate.gate} has not been evaluated`);
    else {
      if (result.passed !== expect.gate.passed) failures.push(`gate ${expect.gate.gate} passed=${result.passed}, expected ${expect.gate.passed}`);
      if (expect.gate.objections) {
        const got = result.objections.map((o) => o.code).sort();
        const want = [...expect.gate.objections].sort();
        if (got.join(',') !== want.join(',')) failures.push(`gate ${expect.gate.gate} objections [${got.join(', ')}], expected [${want.join(', ')}]`);
      }
    }
  }
  return failures;
}

export async function runScenario(scenario: Scenario, host: ScenarioHost): Promise<ScenarioReport> {
  const firAt = parseLocalDateTime(scenario.fir);
  const notices = (scenario.notifications ?? []).map((n) => ({ ...n, province: scenario.facts.province }));
  // Notified by the FIR: in force when the case opens. Later: delivered to the running case at their time.
  await host.open(scenario.facts, firAt, notices.filter((n) => n.notifiedAt <= firAt));
  const pending = notices.filter((n) => n.notifiedAt > firAt).sort((a, b) => a.notifiedAt - b.notifiedAt);
  const steps: StepReport[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    const at = scenarioInstant(step.at, firAt);
    const failures: string[] = [];
    // A back-dated entry: the case stands at the time it is entered, and the event carries when it happened.
    const reportedAt = step.reportedAt !== undefined ? scenarioInstant(step.reportedAt, firAt) : at;
    if (reportedAt < at) failures.push(`reportedAt ${step.reportedAt} is before the event (${step.at})`);
    const until = Math.max(at, reportedAt);
    while (pending.length > 0 && pending[0]!.notifiedAt <= until) {
      const notice = pending.shift()!;
      await host.advanceTo(notice.notifiedAt);
      await host.notifyHoliday(notice);
    }
    await host.advanceTo(until);
    if (step.event) {
      const escalationId = step.data?.escalation ? await escalationIdFor(host, step.data.escalation) : undefined;
      const event: CaseEventInput = {
        id: step.id ?? `step-${index}`,
        type: step.event,
        at,
        ...(step.facts ? { facts: step.facts } : {}),
        ...(step.data
          ? {
              data: {
                ...(escalationId ? { escalationId } : {}),
                ...(step.data.role ? { role: step.data.role } : {}),
                ...(step.data.directive ? { directive: step.data.directive } : {}),
                ...(step.data.toRole ? { toRole: step.data.toRole } : {}),
                ...(step.data.clock ? { clockId: step.data.clock } : {}),
                ...(step.data.amount !== undefined ? { amount: step.data.amount } : {}),
                ...(step.data.decidedBy ? { decidedBy: step.data.decidedBy } : {}),
              },
            }
          : {}),
      };
      const result = await host.send(event);
      if (step.rejected) {
        if (result.status !== 'rejected') failures.push(`${step.event} was ${result.status}, expected a rejection containing "${step.rejected}"`);
        else if (!result.reason?.includes(step.rejected)) failures.push(`rejected with "${result.reason}", expected it to contain "${step.rejected}"`);
      } else if (result.status === 'rejected') failures.push(`${step.event} was rejected: ${result.reason}`);
      else if (step.answer !== undefined && result.status !== step.answer) failures.push(`${step.event} was answered ${result.status}, expected ${step.answer}`);
    }
    if (step.expect) failures.push(...(await check(host, step.expect, firAt)));
    steps.push({ index, at: step.at, title: stepTitle(step), passed: failures.length === 0, failures });
  }
  return {
    name: scenario.name,
    passed: steps.every((s) => s.passed),
    steps,
    escalationTrace: escalationTrace(await host.state(), firAt),
  };
}

/** Scenarios name an escalation by the rule that raised it; the case knows its id. */
async function escalationIdFor(host: ScenarioHost, rule: string): Promise<string> {
  const state = await host.state();
  const found = [...state.escalations].reverse().find((e) => ruleOf(e) === rule);
  return found?.id ?? `unknown:${rule}`;
}
