// The remembered machine transition answers exactly what xstate answers, for every stage, every event the
// packs know (and some they do not), with and without a gate verdict, first time and every time after.
import fs from 'node:fs';
import path from 'node:path';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_EVENT_TYPES } from '../../rules/case-engine/index';
import { loadBundleFile } from '../../sources/load-sources';
import { buildCaseMachine } from '../../rules/compiler/case-machine';
import { machineTransition } from '../../rules/compiler/machine-transition';

const root = path.resolve(import.meta.dirname, '../..');
const packs = ['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan'].flatMap((p) =>
  fs
    .readdirSync(path.join(root, 'sop-definitions', p))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join('sop-definitions', p, f)),
);

describe('remembered machine transitions', () => {
  it.each(packs)('%s: identical to xstate for every stage × event × gate verdict', (file) => {
    const { pack } = loadBundleFile(path.join(root, file));
    const machine = buildCaseMachine(pack);
    const types = [...pack.events.map((e) => e.type), ...SUPERVISOR_EVENT_TYPES, 'NOT_AN_EVENT'];
    let checked = 0;
    for (let round = 0; round < 2; round++) {
      for (const stage of pack.stages) {
        for (const type of types) {
          for (const gatePassed of [undefined, true, false]) {
            const event = { type, ...(gatePassed === undefined ? {} : { gatePassed }) };
            const [fresh] = transition(machine, machine.resolveState({ value: stage.id, context: {} }), event);
            expect(machineTransition(machine, stage.id, event)).toEqual({ status: fresh.status, value: fresh.value });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
