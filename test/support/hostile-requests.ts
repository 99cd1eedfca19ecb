// Generated hostile case-event requests for the property tests: odd ids, types and times, and facts or data as
// arbitrary JSON — deep (built iteratively, so building them cannot overflow the stack), large, non-finite,
// prototype-polluting, or a known fact with the wrong type — beside ordinary requests the case can apply.
import fc from 'fast-check';
import { RESERVED_EVENT_IDS } from '../../workflows/case-messages';
import { SUPERVISOR_EVENT_TYPES } from '../../rules/case-engine/index';

/** What the generators need from the pack: its event types and document ids. */
export interface PackVocabulary {
  eventTypes: readonly string[];
  documentIds: readonly string[];
  /** The case's FIR time: the times generated cluster around it. */
  firAt: number;
}

export interface HostileOptions {
  /** Deepest nesting generated (5,000 for the in-process test; the Temporal one stays sendable). */
  maxDepth: number;
  /** Longest string or array generated. */
  maxLength: number;
}

/** A value nested `depth` levels deep, built in a loop. */
export function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Every `key: value` at the top of the JSON text, parsed as JSON.parse does (own `__proto__` keys included). */
const parsedJson = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

export function hostileJson(vocab: PackVocabulary, o: HostileOptions): fc.Arbitrary<unknown> {
  const known = vocab.documentIds;
  return fc.oneof(
    fc.jsonValue({ maxDepth: 6 }),
    fc.object({ maxDepth: 4, values: [fc.jsonValue({ maxDepth: 2 })] }),
    fc.tuple(fc.integer({ min: 1, max: o.maxDepth }), fc.jsonValue({ maxDepth: 1 }), fc.boolean()).map(([d, leaf, arr]) => ({ deep: nested(d, leaf, arr) })),
    fc.integer({ min: 1, max: o.maxDepth }).map((d) => nested(d, {}, false)),
    fc.integer({ min: 0, max: o.maxLength }).map((n) => ({ scrutiny: { objections: ['x'.repeat(n)] } })),
    fc.integer({ min: 0, max: o.maxLength }).map((n) => ({ challan: { documents: Array.from({ length: n }, (_, i) => known[i % known.length]!) } })),
    fc.integer({ min: 1, max: o.maxLength / 2 }).map((n) => ({ ['k'.repeat(n)]: 1, accused: { ['j'.repeat(n)]: true } })),
    fc.integer({ min: 0, max: o.maxLength }).map((n) => ({ big: Array.from({ length: n }, () => 0) })),
    fc.constantFrom(1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, -0).map((n) => ({ cureDays: n, offence: { sections: [String(n)] } })),
    // Text the CLI or a JSON body would carry: 1e999 parses to Infinity.
    fc.constantFrom('{"cureDays":1e999}', '{"cureDays":-1e999}', '{"big":[1e999]}').map(parsedJson),
    fc.constantFrom(
      '{"__proto__":{"challan":{"documents":["bogus"]}}}',
      '{"__proto__":{"cureDays":7}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"accused":{"__proto__":{"inCustody":"yes"}}}',
      '{"challan":{"__proto__":null}}',
      '{"toString":1,"hasOwnProperty":2,"valueOf":3}',
    ).map(parsedJson),
    // Known fact paths with the wrong type, or a closed list's value that is not on it.
    fc.constantFrom<unknown>(
      { accused: { inCustody: 'yes' } },
      { accused: { sex: 'other' } },
      { accused: null },
      { challan: { documents: 'fir_copy' } },
      { challan: { documents: [1, 2] } },
      { challan: { documents: ['not_in_the_pack'] } },
      { challan: { documents: [known[0], known[0]] } },
      { offence: { class: 'piracy' } },
      { offence: { class: 42 } },
      { offence: [] },
      { judgment: { outcome: 'maybe' } },
      { cureDays: 0 },
      { cureDays: 2.5 },
      { fir: { number: '1', year: 2026 } },
      { province: 'sindh' },
      { scrutiny: { objections: Array.from({ length: 51 }, () => 'x') } },
    ),
    // Ordinary patches the case can take.
    fc.constantFrom<unknown>({ accused: { inCustody: false } }, { challan: { documents: known.slice(0, 1) } }, { cureDays: 3 }, { scrutiny: { objections: ['a signature is missing'] } }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom<unknown>(null, [], [1], 7, true),
  );
}

export function hostileId(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9:._\-/]{1,40}$/) },
    fc.constantFrom<unknown>(...RESERVED_EVENT_IDS, ...RESERVED_EVENT_IDS.map((id) => id.toUpperCase()), '', ' ', 'a\nb', '../../etc', 'ﬁr', 'ｆｉｒ', 'e\u0301', '\u202e', 'x'.repeat(121), 7, null, {}),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.integer({ min: 0, max: 200_000 }).map((n) => 'a'.repeat(n)),
  );
}

export function hostileType(vocab: PackVocabulary): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...vocab.eventTypes) },
    { weight: 2, arbitrary: fc.constantFrom(...SUPERVISOR_EVENT_TYPES) },
    fc.constantFrom<unknown>('FIR_REGISTERED', 'NO_SUCH_EVENT', 'lower_case', '', '__PROTO__', 'CONSTRUCTOR', 42, null),
    fc.stringMatching(/^[A-Z][A-Z0-9_]{0,30}$/),
    fc.integer({ min: 0, max: 200_000 }).map((n) => `A${'B'.repeat(n)}`),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );
}

export function hostileAt(vocab: PackVocabulary): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -30 * 86_400_000, max: 400 * 86_400_000 }).map((d) => vocab.firAt + d) },
    fc.constantFrom<unknown>(
      undefined,
      0,
      -1,
      -0,
      1.5,
      8.64e15,
      8.64e15 + 1,
      -8.64e15 - 1,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1e308,
      -1e308,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      '2026-03-02T10:00:00Z',
      null,
    ),
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  );
}

export function hostileData(vocab: PackVocabulary, o: HostileOptions): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.record(
      {
        escalationId: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('x'.repeat(201))),
        role: fc.constantFrom('sho', 'sdpo', 'dpo', 'rpo', 'nobody', ''),
        directive: fc.string({ maxLength: 40 }),
        toRole: fc.constantFrom('sho', 'sdpo', 'nobody'),
        clockId: fc.string({ maxLength: 20 }),
        amount: fc.oneof(fc.double(), fc.integer({ min: -5, max: 400 })),
      },
      { requiredKeys: [] },
    ),
    hostileJson(vocab, o),
  );
}

/** A whole request: mostly object-shaped with hostile fields, sometimes not an object at all or with extra keys. */
export function hostileRequest(vocab: PackVocabulary, o: HostileOptions): fc.Arbitrary<unknown> {
  const shaped = fc
    .record(
      {
        id: hostileId(),
        type: hostileType(vocab),
        at: hostileAt(vocab),
        facts: hostileJson(vocab, o),
        data: hostileData(vocab, o),
      },
      { requiredKeys: ['id', 'type'] },
    )
    .map((r) => {
      const out: Record<string, unknown> = { ...r };
      if (out.at === undefined) delete out.at;
      return out;
    });
  // Requests the case may well take, so the handler and the record's bounds are exercised, not only refusals.
  const plausible = fc
    .record(
      {
        id: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        type: fc.constantFrom(...vocab.eventTypes),
        at: fc.integer({ min: -5, max: 60 }).map((d) => vocab.firAt + d * 86_400_000),
        facts: fc.oneof(
          fc.constantFrom<unknown>({ accused: { inCustody: false } }, { challan: { documents: vocab.documentIds.slice(0, 3) } }, { cureDays: 3 }),
          fc.integer({ min: 0, max: 50 }).map((n) => ({ scrutiny: { objections: Array.from({ length: n }, (_, i) => `objection ${i} ${'z'.repeat(600)}`) } })),
        ),
      },
      { requiredKeys: ['id', 'type'] },
    )
    .map((r): unknown => r);
  return fc.oneof(
    { weight: 8, arbitrary: shaped },
    { weight: 8, arbitrary: plausible },
    fc.constantFrom<unknown>(null, 'ACCUSED_ARRESTED', 42, [], [{ id: 'x', type: 'ACCUSED_ARRESTED' }]),
    fc.constantFrom('{"id":"p1","type":"ACCUSED_ARRESTED","__proto__":{"facts":{"cureDays":1}}}', '{"id":"p2","type":"ACCUSED_ARRESTED","extra":1}').map(parsedJson),
  );
}

/**
 * The request as the workflow receives it: through JSON, as Temporal's payload converter sends it; `unsendable`
 * when JSON.stringify itself gives up (deep enough nesting overflows it, as it does the payload converter).
 */
export function overTheWire(request: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(request);
  } catch {
    return UNSENDABLE;
  }
  return text === undefined ? undefined : JSON.parse(text);
}

export const UNSENDABLE = Symbol('unsendable');

/** A generated value in a box fast-check prints briefly: its own printer recurses, and a deep value overflows it. */
export interface Boxed<T> {
  value: T;
}

export function boxed<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Boxed<T>> {
  return arb.map((value) => ({
    value,
    [fc.toStringMethod]: () => {
      let text: string;
      try {
        text = JSON.stringify(value) ?? String(value);
      } catch {
        text = '(too deep for JSON.stringify)';
      }
      return text.length > 1_500 ? `${text.slice(0, 1_500)}… (${text.length} chars)` : text;
    },
  }));
}
