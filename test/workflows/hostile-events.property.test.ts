// No input kills a case (in process, no server): generated hostile requests — odd ids, types and times, facts
// and data as arbitrary, deep, large or polluting JSON — go through the CLI's --facts parsing, the edge's check
// and the case workflow's validator and handler (CaseHost). Each is applied or refused with one located line,
// never another exception; the case record stays bounded and readable after every one.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseClientError } from '../../client/case-client-error';
import { checkedCaseEvent } from '../../client/case-events';
import { asCliError, CliError, parseJsonFlag } from '../../cli/cli-error';
import { contentHash } from '../../rules/compiler/content-hash';
import { CaseHost, CaseRefusal, MAX_CASE_STATE_BYTES } from '../../workflows/case-host';
import type { CaseEventRequest } from '../../workflows/case-messages';
import { compilePunjab, firAt, punjabBundle, theftInCustody } from '../core/case-engine/fixtures';
import { boxed, hostileJson, hostileRequest, nested, overTheWire, UNSENDABLE, type HostileOptions, type PackVocabulary } from '../support/hostile-requests';

/** A refusal a person can act on: one line, short enough to read (it never echoes a megabyte back). */
const MAX_ERROR_CHARS = 600;
/** `field.path: problem` — the field named, as the README promises. */
const LOCATED = /^(facts|data|id|type|at|event|request)(\.[A-Za-z0-9_]+|\[\d+\])*: \S/;
/** The SOP's own refusals of an event type in the current stage. */
const SOP_REASONS = [/^unknown event type [A-Z]/, / is not allowed in stage "/, /^the case is .+: no further events are accepted$/, /^the FIR is registered when the case opens$/];


function expectOneLine(message: string): void {
  expect(message).not.toBe('');
  expect(message).not.toMatch(/[\n\r]/);
  expect(message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
}

function expectValidatorRefusal(err: unknown): void {
  // A plain Error: not a RangeError (stack overflow), not a TypeError, not something thrown that is not an Error.
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).constructor).toBe(Error);
  const message = (err as Error).message;
  expectOneLine(message);
  expect(LOCATED.test(message) || SOP_REASONS.some((r) => r.test(message)), message.slice(0, 200)).toBe(true);
}

/** Fixed seeds in CI; `SOPFLOW_FUZZ_RUNS=5000 SOPFLOW_FUZZ_SEED=random` explores further by hand. */
const runs = (n: number): number => Number(process.env.SOPFLOW_FUZZ_RUNS ?? n);
const seed = (n: number): { seed?: number } => (process.env.SOPFLOW_FUZZ_SEED === 'random' ? {} : { seed: n });

const OPTIONS: HostileOptions = { maxDepth: 5_000, maxLength: 40_000 };
let vocab: PackVocabulary;

beforeAll(async () => {
  const sop = await compilePunjab();
  vocab = { eventTypes: sop.eventTypes.map((e) => e.type), documentIds: sop.documentIds, firAt };
});

async function openHost(): Promise<{ host: CaseHost; at: (t: number) => void }> {
  let now = firAt + 3_600_000;
  const host = await CaseHost.start(
    { caseId: 'case/punjab/lahore/model-town/77-2026', sop: { hash: contentHash(punjabBundle), bundle: punjabBundle }, facts: theftInCustody, firAt },
    { now: () => now, recordFir: true },
  );
  return { host, at: (t) => (now = t) };
}

type Outcome = 'refused-by-validator' | 'applied' | 'duplicate' | 'refused-by-handler';

/** One request as the workflow takes it: the validator, then (if it passes) the handler. */
function send(host: CaseHost, wire: unknown): Outcome {
  try {
    host.validateEvent(wire as CaseEventRequest);
  } catch (err) {
    expectValidatorRefusal(err);
    return 'refused-by-validator';
  }
  try {
    const reply = host.applyEvent(wire as CaseEventRequest);
    expect(['applied', 'duplicate']).toContain(reply.status);
    return reply.status;
  } catch (err) {
    // Anything else would fail the workflow task, and the case would stop answering.
    expect(err).toBeInstanceOf(CaseRefusal);
    expectOneLine((err as CaseRefusal).message);
    return 'refused-by-handler';
  }
}

function expectReadable(host: CaseHost): void {
  const text = JSON.stringify(host.state);
  expect(text.length).toBeLessThanOrEqual(MAX_CASE_STATE_BYTES);
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(host.state)));
  const view = host.view();
  expect(typeof view.stage.id).toBe('string');
  expect(JSON.stringify(view).length).toBeLessThan(2 * MAX_CASE_STATE_BYTES);
}

describe('hostile case events (property, no server)', () => {
  it('the deep-JSON builders really nest 5,000 levels without recursion', () => {
    let depth = 0;
    for (let v = nested(5_000, 1, false) as { a?: unknown }; typeof v === 'object'; v = v.a as { a?: unknown }) depth++;
    expect(depth).toBe(5_000);
  });

  it('every request is applied, a duplicate, or refused with one located line; the case stays bounded and readable', { timeout: 120_000 }, async () => {
    const seen = new Map<Outcome, number>();
    await fc.assert(
      fc.asyncProperty(boxed(fc.array(hostileRequest(vocab, OPTIONS), { minLength: 1, maxLength: 8 })), fc.integer({ min: 0, max: 400 }), async ({ value: requests }, days) => {
        const { host, at } = await openHost();
        for (const [i, request] of requests.entries()) {
          // Time moves on between events, so clocks breach and escalations open under the fuzz too.
          at(firAt + ((i + 1) * days * 86_400_000) / requests.length);
          const wire = overTheWire(request);
          if (wire === UNSENDABLE) {
            // Temporal could not even encode it: the edge must have refused it before sending.
            expect(() => checkedCaseEvent(request)).toThrow(CaseClientError);
            continue;
          }
          const outcome = send(host, wire);
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          expectReadable(host);
        }
      }),
      { numRuns: runs(150), ...seed(20261201) },
    );
    // The property is not vacuous: some requests went in, some were refused at each door.
    for (const outcome of ['refused-by-validator', 'applied', 'refused-by-handler'] as const) expect(seen.get(outcome) ?? 0).toBeGreaterThan(0);
  });

  it('the edge (checkedCaseEvent) returns the request or an `invalid` error naming the field, never another exception', () => {
    let accepted = 0;
    fc.assert(
      fc.property(boxed(hostileRequest(vocab, OPTIONS)), ({ value: request }) => {
        let checked: CaseEventRequest;
        try {
          checked = checkedCaseEvent(request);
        } catch (err) {
          expect(err).toBeInstanceOf(CaseClientError);
          const e = err as CaseClientError;
          expect(e.code).toBe('invalid');
          expectOneLine(e.message);
          expect(e.message).toMatch(LOCATED);
          // The CLI shows it as a usage error, one line.
          const cli = asCliError(e);
          expect(cli.code).toBe('usage');
          expectOneLine(cli.message);
          return;
        }
        accepted++;
        // What the edge lets through, Temporal can encode: JSON, unchanged by the trip (-0 aside, which JSON writes as 0).
        expect(JSON.stringify(overTheWire(checked))).toBe(JSON.stringify(checked));
      }),
      { numRuns: runs(400), ...seed(20261202) },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('the CLI’s --facts text: parsed or refused with one line naming the flag, then checked at the edge', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      // Deep enough, JSON.stringify itself gives up: the text forms below carry that depth instead.
      hostileJson({ eventTypes: ['X'], documentIds: ['fir_copy'], firAt }, { ...OPTIONS, maxDepth: 500 }).map((v) => JSON.stringify(v) ?? 'undefined'),
      fc.integer({ min: 1, max: 200_000 }).map((n) => '['.repeat(n)),
      fc.integer({ min: 1, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      fc.integer({ min: 1, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
      fc.constantFrom('{"cureDays":1e999}', '{"__proto__":{"x":1}}', '\u0000', '{"a":1,}', '{"a":"\\ud800"}', ''),
    );
    fc.assert(
      fc.property(boxed(text), ({ value: flag }) => {
        let facts: unknown;
        try {
          facts = parseJsonFlag(flag, '--facts');
        } catch (err) {
          expect(err).toBeInstanceOf(CliError);
          expect((err as CliError).code).toBe('usage');
          expect((err as CliError).message).toMatch(/^--facts: not JSON \(/);
          expectOneLine((err as CliError).message);
          return;
        }
        try {
          checkedCaseEvent({ id: 'cli-1', type: 'ACCUSED_ARRESTED', facts });
        } catch (err) {
          expect(err).toBeInstanceOf(CaseClientError);
          const cli = asCliError(err);
          expect(cli.message).toMatch(/^--facts(\.[A-Za-z0-9_]+|\[\d+\])*: \S/);
          expectOneLine(cli.message);
        }
      }),
      { numRuns: runs(300), ...seed(20261203) },
    );
  });

  it('what the fuzz found first, pinned: a far-future event, a huge type, a huge key, a `__proto__` key', async () => {
    const { host } = await openHost();
    expect(() => host.validateEvent({ id: 'far', type: 'NARCOTICS_SEIZED', at: 8.64e15 })).toThrow(/^at: must be an instant before 2200/);
    expect(() => host.validateEvent({ id: 'old', type: 'NARCOTICS_SEIZED', at: Date.UTC(1946, 11, 31) })).toThrow(/^at: must be an instant from 1947 on/);
    expect(() => host.validateEvent({ id: 'long', type: `A${'B'.repeat(200_000)}` })).toThrow(/^type: must be at most 80 characters$/);
    expect(() => host.validateEvent({ id: 'k', type: 'ACCUSED_ARRESTED', facts: { ['k'.repeat(101)]: 1 } })).toThrow(/^facts: has a key longer than 100 characters$/);
    expect(() => checkedCaseEvent({ id: 'k', type: 'ACCUSED_ARRESTED', data: { ['k'.repeat(20_000)]: 1, b: 1, c: 1, d: 1 } })).toThrow(/^data: unknown fields "k{40}…", "b", "c" and 1 more$/);
    // An own `__proto__` key (JSON.parse makes one) once set cureDays through the merge while the log showed `{}`.
    const polluted = JSON.parse('{"__proto__":{"cureDays":7}}') as Record<string, unknown>;
    expect(() => host.validateEvent({ id: 'proto', type: 'ACCUSED_ARRESTED', facts: polluted })).toThrow(/^facts: has a key "__proto__", which is not a field name$/);
    expect(() => checkedCaseEvent({ id: 'proto', type: 'ACCUSED_ARRESTED', facts: { accused: polluted } })).toThrow(/^facts: has a key "__proto__"/);
    expect(host.state.facts.cureDays).toBeUndefined();
    expect(() => host.view()).not.toThrow();
  });

  // Once `facts.: Unrecognized key…` (an empty path after the dot).
  it('an unknown top-level fact is refused as `facts: unknown …`, not `facts.: …`', async () => {
    const { host } = await openHost();
    expect(() => host.validateEvent({ id: 'k', type: 'ACCUSED_ARRESTED', facts: { colour: 'red' } })).toThrow(/^facts: /);
  });

  // Once zod's message listed every unknown key in full: 150 keys of 90 letters came back as a 14 KB refusal.
  it('many unknown fact keys are named briefly, not echoed whole', async () => {
    const { host } = await openHost();
    const facts = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`${'q'.repeat(90)}${i}`, 1]));
    let message = '';
    try {
      host.validateEvent({ id: 'keys', type: 'ACCUSED_ARRESTED', facts });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^facts/);
    expect(message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
  });

  // Once accepted from any edge, moving the case's time with it: every clock breached and tasks climbed for a year
  // that had not happened (the Temporal property test's seed reached the workflow failure fixed in
  // case-workflow.ts this way). The core takes a later date as time passing (replays rely on it): edges refuse it.
  it('an event dated a year ahead of now is refused at the edge', () => {
    expect(() => checkedCaseEvent({ id: 'ahead', type: 'ACCUSED_ARRESTED', at: firAt + 365 * 86_400_000 }, firAt)).toThrow(/^at: is in the future/);
    expect(checkedCaseEvent({ id: 'skew', type: 'ACCUSED_ARRESTED', at: firAt + 60_000 }, firAt).at).toBe(firAt + 60_000);
  });
});
