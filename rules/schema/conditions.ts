// json-rules-engine's own rule format, so SOP authors write rules exactly as the library documents them.
import { z } from 'zod';

/** The operators json-rules-engine ships with; SOP rules may use only these. */
export const builtInOperators = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

/** Named operators sopflow adds to json-rules-engine (registered on every engine it builds). */
export const customOperators = ['isNotEmpty', 'isEmpty'] as const;
export const operatorNames = [...builtInOperators, ...customOperators] as const;
export type OperatorName = (typeof operatorNames)[number];

const factComparison = z
  .object({
    fact: z.string().min(1),
    operator: z.enum(operatorNames),
    value: z.unknown(),
    path: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    name: z.string().optional(),
  })
  .strict();

export interface FactComparison {
  fact: string;
  operator: OperatorName;
  value?: unknown;
  path?: string;
  params?: Record<string, unknown>;
  name?: string;
}
export type Condition = FactComparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export type TopLevelCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    factComparison,
    z.object({ all: z.array(condition) }).strict(),
    z.object({ any: z.array(condition) }).strict(),
    z.object({ not: condition }).strict(),
  ], { error: 'must be a fact comparison {fact, operator, value} or one of {all: […]}, {any: […]}, {not: …}' }),
);

export const topLevelCondition: z.ZodType<TopLevelCondition> = z.union(
  [
    z.object({ all: z.array(condition) }).strict(),
    z.object({ any: z.array(condition) }).strict(),
    z.object({ not: condition }).strict(),
  ],
  { error: 'must be {all: […]}, {any: […]} or {not: …} (json-rules-engine conditions)' },
);

/** A gate rule fires when it finds a defect; its event carries the objection the prosecutor records. */
export const gateRule = z
  .object({
    name: z.string().min(1),
    priority: z.number().int().positive().optional(),
    conditions: topLevelCondition,
    event: z
      .object({
        type: z.literal('objection'),
        params: z
          .object({
            code: z.string().min(1),
            message: z.string().min(1),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type GateRule = z.infer<typeof gateRule>;
