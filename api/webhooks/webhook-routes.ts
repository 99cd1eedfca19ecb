// Webhook administration: the receivers registered for the caller's province (never their secrets) and the dead
// letters, the notifications a receiver did not take after every retry. Receivers are registered in
// `<data dir>/webhooks/receivers.json` (see activities/webhook-sender.ts); an auditor of the province reads both.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeadLetter, WebhookReceiver } from '../../activities/webhook-sender';
import { provinceId } from '../../rules/schema/common';
import { mayAct } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import { ApiProblem, problemResponses } from '../problem';

export interface WebhookRouteOptions {
  receivers: readonly WebhookReceiver[];
  deadLetters: () => Promise<DeadLetter[]>;
}

const receiverView = z.object({ id: z.string(), province: provinceId, url: z.string() }).meta({ id: 'WebhookReceiver' });
const deadLetterView = z
  .object({
    receiverId: z.string(),
    notificationId: z.string(),
    kind: z.string(),
    caseId: z.string(),
    taskId: z.string(),
    to: z.object({ role: z.string(), province: z.string(), district: z.string(), policeStation: z.string() }),
    attempts: z.number().int(),
    lastError: z.string(),
    at: z.string(),
  })
  .meta({ id: 'WebhookDeadLetter' });

const secured = { security: [{ bearer: [] }], tags: ['webhooks'] };

export const webhookRoutes: FastifyPluginCallbackZod<WebhookRouteOptions> = (app, options, done) => {
  const auditorOnly = (caller: ReturnType<typeof callerOf>): void => {
    const decision = mayAct(caller, { kind: 'audit.read' });
    if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
  };

  app.get(
    '/webhooks/receivers',
    { schema: { ...secured, summary: 'The webhook receivers of your province', response: { 200: z.object({ receivers: z.array(receiverView) }), ...problemResponses(401, 403) } } },
    (request) => {
      const caller = callerOf(request);
      auditorOnly(caller);
      return { receivers: options.receivers.filter((r) => r.province === caller.jurisdiction.province).map(({ id, province, url }) => ({ id, province, url })) };
    },
  );

  app.get(
    '/webhooks/dead-letters',
    {
      config: { audit: 'webhooks.dead-letters' },
      schema: { ...secured, summary: 'Notifications a receiver of your province did not take after every retry', response: { 200: z.object({ deadLetters: z.array(deadLetterView) }), ...problemResponses(401, 403) } },
    },
    async (request) => {
      const caller = callerOf(request);
      auditorOnly(caller);
      const mine = (await options.deadLetters()).filter((d) => d.notification.to.province === caller.jurisdiction.province);
      return {
        deadLetters: mine.map((d) => ({
          receiverId: d.receiverId,
          notificationId: d.notification.id,
          kind: d.notification.kind,
          caseId: d.notification.caseId,
          taskId: d.notification.taskId,
          to: d.notification.to,
          attempts: d.attempts,
          lastError: d.lastError,
          at: d.at,
        })),
      };
    },
  );
  done();
};
