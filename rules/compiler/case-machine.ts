// The case lifecycle as an xstate v5 machine, derived from the pack's stages. Pure and synchronous: gates are
// evaluated by the host before an event is sent, and the named guard `gatePassed` reads that verdict.
// No `after` delays: statutory clocks are computed by the core and scheduled by the host (workflow or
// simulator), because persisted snapshots would drop pending delays.
import { setup } from 'xstate';
import type { SopPack } from '../schema/sop-pack';

export interface CaseMachineEvent {
  type: string;
  /** Set by the host after evaluating the transition's gates; absent when the transition has none. */
  gatePassed?: boolean;
}

type TransitionConfig = { target?: string; guard?: 'gatePassed'; actions?: 'recordGateFailure' };

const caseMachineSetup = setup({
  types: { events: {} as CaseMachineEvent },
  guards: {
    gatePassed: ({ event }) => event.gatePassed !== false,
  },
  actions: {
    // The verdict itself lives in the case state; this named action marks the failure branch in the chart.
    recordGateFailure: () => undefined,
  },
});

export type CaseMachine = ReturnType<typeof caseMachineSetup.createMachine>;

export function buildCaseMachine(pack: SopPack): CaseMachine {
  const anyStageEvents = pack.events.filter((e) => e.anyStage).map((e) => e.type);
  const initial = pack.stages.find((s) => s.kind === 'initial')?.id ?? pack.stages[0]!.id;
  const states: Record<string, { type?: 'final'; on?: Record<string, TransitionConfig | TransitionConfig[]> }> = {};
  for (const stage of pack.stages) {
    if (stage.kind === 'final') {
      states[stage.id] = { type: 'final' };
      continue;
    }
    const on: Record<string, TransitionConfig | TransitionConfig[]> = {};
    for (const type of anyStageEvents) on[type] = {};
    for (const t of stage.on) {
      on[t.event] = t.onGateFail
        ? [
            { guard: 'gatePassed', ...(t.to ? { target: t.to } : {}) },
            { target: t.onGateFail, actions: 'recordGateFailure' },
          ]
        : t.to
          ? { target: t.to }
          : {};
    }
    states[stage.id] = { on };
  }
  // The states object is built from data, so the config is typed as the general machine config.
  const config: Parameters<typeof caseMachineSetup.createMachine>[0] = { id: `${pack.province}-${pack.version}`, initial, states };
  return caseMachineSetup.createMachine(config);
}
