// The case engine copies its state with jsonClone instead of a JSON round trip (the hot path of every event):
// for any plain value it must give exactly what JSON.parse(JSON.stringify(value)) gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonClone } from '../../../rules/util/json-clone';

const leaf = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.double(), // includes NaN, ±Infinity and -0
  fc.integer(),
  fc.constant(() => 1),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
}));

describe('jsonClone', () => {
  it('equals a JSON round trip, byte for byte, for any plain value (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        const viaJson = JSON.stringify(v) === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown);
        const cloned = jsonClone(v);
        expect(JSON.stringify(cloned)).toBe(JSON.stringify(viaJson));
        expect(cloned).toStrictEqual(viaJson);
      }),
      { numRuns: 500 },
    );
  });

  it('shares nothing with its input', () => {
    const state = { clocks: [{ pauses: [{ from: 1 }] }], facts: { accused: { inCustody: true } } };
    const copy = jsonClone(state);
    copy.clocks[0]!.pauses[0]!.from = 2;
    copy.facts.accused.inCustody = false;
    expect(state).toEqual({ clocks: [{ pauses: [{ from: 1 }] }], facts: { accused: { inCustody: true } } });
  });

  it('keeps a Date as its ISO string, as JSON does', () => {
    expect(jsonClone({ at: new Date(0) })).toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });
});
