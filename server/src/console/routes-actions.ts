import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConsoleRole } from './api-schemas';
import { errorResponses } from '../routes/common';
import { ActionResponse, PurchaseIdParams, ReasonBody } from './api-schemas';
import { guard, sessionOf } from './auth';
import { performAction, type ConsoleAction } from './actions';
import type { ConsoleDeps } from './deps';

/** URL segment → action and the role it needs. Every action asks for a reason. */
const ACTIONS: { path: string; action: ConsoleAction; role: ConsoleRole }[] = [
  { path: 'redeliver', action: 'redeliver', role: 'support' },
  { path: 'mark-delivered', action: 'mark-delivered', role: 'support' },
  { path: 'notes', action: 'note', role: 'support' },
  { path: 'refund', action: 'refund', role: 'admin' },
];

export const actionRoutes: FastifyPluginAsyncTypebox<ConsoleDeps> = async (app, deps) => {
  for (const { path, action, role } of ACTIONS) {
    app.post(`/console/api/purchases/:purchaseId/${path}`, {
      schema: { tags: ['console'], params: PurchaseIdParams, body: ReasonBody, response: { 200: ActionResponse, ...errorResponses } },
      preHandler: guard(deps, role),
    }, async (request) => {
      const auditId = await performAction(deps.db, action, {
        purchaseId: request.params.purchaseId,
        actor: sessionOf(request).account.email,
        reason: request.body.reason.trim(),
        ip: request.ip,
      }, deps.now());
      return { ok: true as const, auditId };
    });
  }
};
