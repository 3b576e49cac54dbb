import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  SandboxPurchaseBody,
  SandboxPurchaseResponse,
  SandboxPurchasesResponse,
  SandboxRefundBody,
  SandboxResolveBody,
  SandboxSubscriptionActionBody,
  SandboxSubscriptionResponse,
  SandboxSubscriptionsResponse,
  SandboxTokenParams,
} from '../../../../assets/common-billing/protocol/sandbox';
import { requireSession } from '../../domain/auth';
import { sandboxStoreOf } from './store-instance';
import { errorResponses } from '../../routes/common';
import { security } from '../../routes/security';

/** The sandbox store's API for the SDK's sandbox bridge (session-authenticated). */
export const sandboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;
  const store = sandboxStoreOf(ctx);
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

  app.post('/v1/sandbox/refunds', {
    schema: { tags, security: security.session, summary: 'The sandbox store refunds the user\u2019s newest paid purchase of a product (after delivery too): the billing server revokes it', body: SandboxRefundBody, response: { 200: SandboxPurchaseResponse, ...errorResponses } },
  }, async (request) => ({ purchase: await store.refundLatest(await user(request), request.body.productId) }));

  app.get('/v1/sandbox/subscriptions', {
    schema: { tags, security: security.session, summary: 'The user\u2019s sandbox store subscriptions on the store\u2019s accelerated clock', response: { 200: SandboxSubscriptionsResponse, ...errorResponses } },
  }, async (request) => ({ subscriptions: await store.listSubscriptions(await user(request)) }));

  app.post('/v1/sandbox/subscriptions/:purchaseToken/actions', {
    schema: { tags, security: security.session, summary: 'Script a sandbox subscription: renew, fail-recover, fail-expire, cancel or refund', params: SandboxTokenParams, body: SandboxSubscriptionActionBody, response: { 200: SandboxSubscriptionResponse, ...errorResponses } },
  }, async (request) => ({ subscription: await store.actOnSubscription(await user(request), request.params.purchaseToken, request.body.action) }));
};
