// The case machine's transition, remembered per (stage, event type, gate verdict). The machine is pure — no
// context, no delays, only a no-op action — so its answer depends on nothing else, and asking xstate again for
// a million cases only rebuilds the same snapshot objects. The first answer for each key comes from xstate.
import { transition } from 'xstate';
import type { CaseMachine, CaseMachineEvent } from './case-machine';

export interface MachineStep {
  status: string;
  /** The next stage id, or the machine's value when it is not a plain stage. */
  value: unknown;
}

const remembered = new WeakMap<CaseMachine, Map<string, MachineStep>>();

export function machineTransition(machine: CaseMachine, stage: string, event: CaseMachineEvent): MachineStep {
  let steps = remembered.get(machine);
  if (!steps) remembered.set(machine, (steps = new Map<string, MachineStep>()));
  const key = `${stage}\u0000${event.type}\u0000${event.gatePassed === undefined ? '' : String(event.gatePassed)}`;
  let step = steps.get(key);
  if (!step) {
    const snapshot = machine.resolveState({ value: stage, context: {} });
    const [next] = transition(machine, snapshot, event);
    step = { status: next.status, value: next.value };
    steps.set(key, step);
  }
  return step;
}
