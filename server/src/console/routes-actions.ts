import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../routes/common';
import { ActionResponse, AssignBody, PurchaseIdParams, ReasonBody } from './api-schemas';
import { assignUnclaimed } from './assign';
import { guard, sessionOf } from './auth';
import { ACTION_ROLES, performAction, type ConsoleAction } from './actions';
import type { ConsoleDeps } from './deps';
import { security } from '../routes/security';
import { decideRevocation, type RevocationDecision } from './revocation-decisions';

/** URL segment → action. Every action asks for a reason. */
const ACTIONS: { path: string; action: ConsoleAction }[] = [
  { path: 'redeliver', action: 'redeliver' },
  { path: 'mark-delivered', action: 'mark-delivered' },
  { path: 'notes', action: 'note' },
  { path: 'refund', action: 'refund' },
];

export const actionRoutes: FastifyPluginAsyncTypebox<ConsoleDeps> = async (app, deps) => {
  for (const { path, action } of ACTIONS) {
    app.post(`/console/api/purchases/:purchaseId/${path}`, {
      schema: { tags: ['console'], security: security.consoleSession, params: PurchaseIdParams, body: ReasonBody, response: { 200: ActionResponse, ...errorResponses } },
      preHandler: guard(deps, ACTION_ROLES[action]),
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

  app.post('/console/api/purchases/:purchaseId/assign', {
    schema: { tags: ['console'], security: security.consoleSession, params: PurchaseIdParams, body: AssignBody, response: { 200: ActionResponse, ...errorResponses } },
    preHandler: guard(deps, 'support'),
  }, async (request) => {
    const auditId = await assignUnclaimed(deps.billing, {
      purchaseId: request.params.purchaseId,
      userKey: request.body.userKey,
      actor: sessionOf(request).account.email,
      reason: request.body.reason.trim(),
      ip: request.ip,
    });
    return { ok: true as const, auditId };
  });

  // Deciding a revocation the store's API did not confirm takes money back or keeps it: admins only.
  for (const decision of ['confirm-revocation', 'dismiss-revocation'] as RevocationDecision[]) {
    app.post(`/console/api/purchases/:purchaseId/${decision}`, {
      schema: { tags: ['console'], security: security.consoleSession, params: PurchaseIdParams, body: ReasonBody, response: { 200: ActionResponse, ...errorResponses } },
      preHandler: guard(deps, 'admin'),
    }, async (request) => {
      const auditId = await decideRevocation(deps.db, decision, {
        purchaseId: request.params.purchaseId,
        actor: sessionOf(request).account.email,
        reason: request.body.reason.trim(),
        ip: request.ip,
      }, deps.now());
      return { ok: true as const, auditId };
    });
  }
};
