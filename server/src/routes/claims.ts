import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { SubmitReceiptResponse } from '../../../assets/common-billing/protocol/api';
import { MarketId, PurchaseId, UserKey } from '../../../assets/common-billing/protocol/common';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { Receipt } from '../../../assets/common-billing/protocol/receipts';
import { requireAppSecret } from '../domain/auth';
import { claimFor, recordAndClaim, type ClaimOutcome } from '../domain/claims';
import { withPaymentToken } from '../domain/purchase-view';
import { findPurchase } from '../storage/repos/purchases';
import { toPurchase } from '../storage/repos/rows';
import { errorResponses } from './common';
import { security } from './security';

/** Either an UNCLAIMED purchase by id (console list, webhook), or a receipt the game server holds. */
export const ClaimBody = Type.Union([
  Type.Object({ userKey: UserKey, purchaseId: PurchaseId }, { additionalProperties: false }),
  Type.Object({ userKey: UserKey, market: MarketId, receipt: Receipt }, { additionalProperties: false }),
]);
export type ClaimBody = Static<typeof ClaimBody>;

/**
 * POST /v1/purchases/claim (Bearer app secret): the game server gives a purchase that names no
 * reservation to one of its users. Exactly once: a claim for a second user is refused
 * (RECEIPT_ALREADY_USED); the same user claiming again gets the same purchase.
 */
export const claimRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;
  app.post('/v1/purchases/claim', {
    schema: {
      tags: ['game-server'],
      security: security.appSecret,
      summary: 'Claim an unclaimed purchase (promo code, store-started) for a user (Bearer app secret)',
      body: ClaimBody,
      response: { 200: SubmitReceiptResponse, ...errorResponses },
    },
  }, async (request) => {
    const appRow = await requireAppSecret(ctx, request);
    const body = request.body;
    let outcome: ClaimOutcome;
    if ('purchaseId' in body) {
      outcome = await ctx.db.write(async (tx) => {
        const row = await findPurchase(tx, body.purchaseId);
        if (!row || row.app_key !== appRow.app_key) return { rejected: 'PURCHASE_NOT_FOUND' as const };
        return claimFor(ctx, tx, row, body.userKey, 'game-server');
      });
    } else {
      const service = await ctx.markets.serviceFor(ctx.db, appRow.app_key, body.market);
      const verified = await service.verifier.verify(body.receipt);
      if (verified.market !== body.market) throw new BillingError('RECEIPT_MALFORMED', 'The verifier answered for another market.');
      outcome = await ctx.db.write((tx) => recordAndClaim(ctx, tx, appRow.app_key, verified, body.userKey, 'game-server'));
    }
    if ('rejected' in outcome) throw new BillingError(outcome.rejected, outcome.message);
    app.metrics.claims.inc({ market: outcome.row.market });
    return withPaymentToken(ctx.keys, toPurchase(outcome.row));
  });
};
