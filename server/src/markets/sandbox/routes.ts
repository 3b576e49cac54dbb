import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  SandboxPurchaseBody,
  SandboxPurchaseResponse,
  SandboxPurchasesResponse,
  SandboxResolveBody,
  SandboxTokenParams,
} from '../../../../assets/common-billing/protocol/sandbox';
import { requireSession } from '../../domain/auth';
import { SandboxStore } from './store';
import { errorResponses } from '../../routes/common';
import { security } from '../../routes/security';

/** The sandbox store's API for the SDK's sandbox bridge (session-authenticated). */
export const sandboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;
  const store = new SandboxStore(ctx);
  const user = async (request: Parameters<typeof requireSession>[1]) => {
    const { claims } = await requireSession(ctx, request);
    return { appKey: claims.appKey, userKey: claims.userKey };
  };
  const tags = ['sandbox store'];

  app.post('/v1/sandbox/purchases', {
    schema: { tags, security: security.session, summary: 'Buy in the sandbox store with a scripted outcome', body: SandboxPurchaseBody, response: { 200: SandboxPurchaseResponse, ...errorResponses } },
  }, async (request) => ({ purchase: await store.purchase(await user(request), request.body) }));

  app.get('/v1/sandbox/purchases', {
    schema: { tags, security: security.session, summary: 'The user\u2019s unfinished sandbox store purchases (like queryPurchases)', response: { 200: SandboxPurchasesResponse, ...errorResponses } },
  }, async (request) => ({ purchases: await store.unfinished(await user(request)) }));

  app.post('/v1/sandbox/purchases/:purchaseToken/resolve', {
    schema: { tags, security: security.session, summary: 'Approve or decline a pending sandbox payment', params: SandboxTokenParams, body: SandboxResolveBody, response: { 200: SandboxPurchaseResponse, ...errorResponses } },
  }, async (request) => ({ purchase: await store.resolve(await user(request), request.params.purchaseToken, request.body.outcome) }));

  app.post('/v1/sandbox/purchases/:purchaseToken/consume', {
    schema: { tags, security: security.session, summary: 'Consume at the sandbox store', params: SandboxTokenParams, response: { 200: SandboxPurchaseResponse, ...errorResponses } },
  }, async (request) => ({ purchase: await store.consume(await user(request), request.params.purchaseToken) }));

  app.post('/v1/sandbox/purchases/:purchaseToken/acknowledge', {
    schema: { tags, security: security.session, summary: 'Acknowledge at the sandbox store', params: SandboxTokenParams, response: { 200: SandboxPurchaseResponse, ...errorResponses } },
  }, async (request) => ({ purchase: await store.acknowledge(await user(request), request.params.purchaseToken) }));
};
