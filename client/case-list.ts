// Listing cases from an edge through Temporal visibility (the case workflow's search attributes), scoped to a
// jurisdiction. Every value is an id checked against a strict pattern before it enters the query, so no input
// can widen it. A PostgreSQL read model is to replace this listing; edges reach it through the same seam.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { provinceId } from '../rules/schema/common';
import { jurisdictionId } from '../workflows/case-identity';
import { SA } from '../workflows/search-attributes';
import { invalidFromZod, translated } from './case-client-error';
import { MAX_LISTED } from './task-kinds';

const stateId = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be an id such as investigation');

export const caseListQuery = z
  .object({
    province: provinceId,
    district: jurisdictionId.optional(),
    policeStation: jurisdictionId.optional(),
    stage: stateId.optional(),
    offenceClass: stateId.optional(),
    /** Only running cases (default) or closed ones too. */
    includeClosed: z.boolean().default(false),
  })
  .strict()
  .refine((q) => q.policeStation === undefined || q.district !== undefined, { path: ['district'], message: 'is required with a police station' });
export type CaseListQuery = z.input<typeof caseListQuery>;

export interface CaseRow {
  caseId: string;
  province: string;
  district: string;
  policeStation: string;
  stage: string;
  offenceClass: string;
  running: boolean;
}

export function caseVisibilityQuery(input: CaseListQuery): string {
  const parsed = caseListQuery.safeParse(input);
  if (!parsed.success) throw invalidFromZod(parsed.error, '');
  const q = parsed.data;
  return [
    `${SA.recordKind.name} = 'case'`,
    `${SA.province.name} = '${q.province}'`,
    ...(q.district ? [`${SA.district.name} = '${q.district}'`] : []),
    ...(q.policeStation ? [`${SA.policeStation.name} = '${q.policeStation}'`] : []),
    ...(q.stage ? [`${SA.stage.name} = '${q.stage}'`] : []),
    ...(q.offenceClass ? [`${SA.offenceClass.name} = '${q.offenceClass}'`] : []),
    ...(q.includeClosed ? [] : [`ExecutionStatus = 'Running'`]),
  ].join(' AND ');
}

/** Cases matching the query, newest first as visibility orders them; at most `limit` (1–MAX_LISTED). */
export function listCaseRows(client: Client, input: CaseListQuery, limit = 200): Promise<CaseRow[]> {
  const query = caseVisibilityQuery(input);
  const bounded = Math.min(Math.max(1, Math.trunc(limit)), MAX_LISTED);
  return translated(client.options.namespace, async () => {
    const rows: CaseRow[] = [];
    for await (const wf of client.workflow.list({ query, pageSize: Math.min(bounded, 1000) })) {
      const sa = wf.typedSearchAttributes;
      rows.push({
        caseId: wf.workflowId,
        province: sa.get(SA.province) ?? '',
        district: sa.get(SA.district) ?? '',
        policeStation: sa.get(SA.policeStation) ?? '',
        stage: sa.get(SA.stage) ?? '',
        offenceClass: sa.get(SA.offenceClass) ?? '',
        running: wf.status.name === 'RUNNING',
      });
      if (rows.length >= bounded) break;
    }
    return rows;
  });
}
