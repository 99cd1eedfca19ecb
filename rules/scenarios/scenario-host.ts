// Where a scenario runs. The pure core is one host; the Temporal case workflow is another (same files, same
// assertions), so a scenario proves the workflow and the simulator do what the SOP says.
import {
  advanceCase,
  allowedEvents,
  applyEvent,
  caseView,
  notifyHoliday,
  openCase,
  prepareCase,
  type CaseEventInput,
  type CaseState,
  type CaseView,
  type CompiledSop,
  type HolidayNotification,
} from '../case-engine/index';
import type { Instant } from '../legal-time/types';
import type { SopBundle } from '../loader/load-sop';
import type { CaseFactsInput } from '../schema/case-facts';

export interface SendResult {
  status: 'applied' | 'duplicate' | 'rejected';
  reason?: string;
}

export interface ScenarioHost {
  /** `notifications`: holidays notified before the case opened, in force from the FIR. */
  open(facts: CaseFactsInput, firAt: Instant, notifications?: HolidayNotification[]): Promise<void>;
  /** A holiday notified to the running case (what `sopflow calendar notify` sends). */
  notifyHoliday(notification: HolidayNotification): Promise<void>;
  send(event: CaseEventInput): Promise<SendResult>;
  advanceTo(at: Instant): Promise<void>;
  state(): Promise<CaseState>;
  /** The overlays applied to this case. */
  appliedOverlays(): Promise<string[]>;
  /** The events the case allows now. */
  allowedEvents(): Promise<string[]>;
  /** The case as a person reads it now (clock ledgers, citations). */
  view(): Promise<CaseView>;
}

export function coreHost(bundle: SopBundle): ScenarioHost {
  let sop: CompiledSop | undefined;
  let current: CaseState | undefined;
  const need = (): { sop: CompiledSop; state: CaseState } => {
    if (!sop || !current) throw new Error('the case is not open');
    return { sop, state: current };
  };
  return {
    async open(facts, firAt, notifications = []) {
      const prepared = await prepareCase(bundle, facts, notifications);
      sop = prepared.sop;
      current = (await openCase(sop, prepared.facts, firAt)).state;
    },
    async send(event) {
      const { sop: s, state } = need();
      const outcome = await applyEvent(s, state, event);
      current = outcome.state;
      sop = outcome.sop;
      return outcome.status === 'rejected' ? { status: outcome.status, reason: outcome.reason } : { status: outcome.status };
    },
    async notifyHoliday(notification) {
      const { sop: s, state } = need();
      const outcome = await notifyHoliday(s, state, notification, state.now);
      current = outcome.state;
      sop = outcome.sop;
    },
    advanceTo(at) {
      const { sop: s, state } = need();
      current = advanceCase(s, state, at).state;
      return Promise.resolve();
    },
    state: () => Promise.resolve(need().state),
    appliedOverlays: () => Promise.resolve(need().sop.overlays.filter((o) => o.applied).map((o) => o.id)),
    allowedEvents: () => Promise.resolve(allowedEvents(need().sop, need().state)),
    view: () => Promise.resolve(caseView(need().sop, need().state, need().state.now)),
  };
}
