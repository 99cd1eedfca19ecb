// The case machine's transitions as a table, asked of xstate once per bundle: for each stage, each event type
// the pack names and each gate verdict (none, passed, failed), the step xstate takes. The machine is pure (no
// context, no delays, only a no-op action), so the table is its whole behaviour; a differential test compares
// the table with xstate's transition() on every shipped pack.
import type { SopPack } from '../schema/sop-pack';
import type { CaseMachine } from './case-machine';
import { machineTransition, type MachineStep } from './machine-transition';

export interface TransitionTable {
  /** The machine's step from `stage` on `type`; `gatePassed` undefined when the transition has no gates. */
  step(stage: string, type: string, gatePassed: boolean | undefined): MachineStep;
}

const verdictIndex = (gatePassed: boolean | undefined): 0 | 1 | 2 => (gatePassed === undefined ? 0 : gatePassed ? 1 : 2);

export function transitionTable(machine: CaseMachine, pack: SopPack): TransitionTable {
  const table = new Map<string, Map<string, MachineStep[]>>();
  const types = [...new Set(['FIR_REGISTERED', ...pack.events.map((e) => e.type)])];
  for (const stage of pack.stages) {
    const row = new Map<string, MachineStep[]>();
    for (const type of types) row.set(type, [undefined, true, false].map((gatePassed) => machineTransition(machine, stage.id, { type, ...(gatePassed === undefined ? {} : { gatePassed }) })));
    table.set(stage.id, row);
  }
  return {
    step(stage, type, gatePassed) {
      const known = table.get(stage)?.get(type)?.[verdictIndex(gatePassed)];
      // Anything the pack does not name (a stage or event from elsewhere) is asked of xstate itself.
      return known ?? machineTransition(machine, stage, { type, ...(gatePassed === undefined ? {} : { gatePassed }) });
    },
  };
}
