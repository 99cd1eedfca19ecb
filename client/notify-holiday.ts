// A holiday notified by a government, sent to every running case of its province: each case re-computes the
// deadlines it moves (idempotent by the notification's id, so sending again, or to a case that has it, is safe).
import type { Client } from '@temporalio/client';
import { holidayNotification, type HolidayNotification } from '../rules/case-engine/index';
import { notifyHolidayUpdate, type HolidayReply } from '../workflows/case-messages';
import { SA } from '../workflows/search-attributes';
import { invalidFromZod, translated } from './case-client-error';

export interface HolidayDelivery {
  notification: HolidayNotification;
  /** Running cases of the province found through visibility. */
  cases: number;
  /** Cases whose deadlines moved, with the clocks moved. */
  moved: { caseId: string; clocks: string[] }[];
  duplicate: number;
}

export function checkedHolidayNotification(input: unknown): HolidayNotification {
  const parsed = holidayNotification.safeParse(input);
  if (!parsed.success) throw invalidFromZod(parsed.error, 'notification');
  return parsed.data;
}

/** The visibility query for the running cases of a province (the province id is validated first). */
export function runningCasesQuery(province: string): string {
  return `${SA.recordKind.name} = 'case' AND ${SA.province.name} = '${province}' AND ExecutionStatus = 'Running'`;
}

export function notifyHoliday(client: Client, input: unknown): Promise<HolidayDelivery> {
  const notification = checkedHolidayNotification(input);
  return translated(client.options.namespace, async () => {
    const delivery: HolidayDelivery = { notification, cases: 0, moved: [], duplicate: 0 };
    for await (const wf of client.workflow.list({ query: runningCasesQuery(notification.province), pageSize: 500 })) {
      delivery.cases++;
      const reply: HolidayReply = await client.workflow.getHandle(wf.workflowId).executeUpdate(notifyHolidayUpdate, { args: [notification] });
      if (reply.status === 'duplicate') delivery.duplicate++;
      if (reply.moved.length > 0) delivery.moved.push({ caseId: wf.workflowId, clocks: reply.moved });
    }
    return delivery;
  });
}
