import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { PurchaseId, Token } from '../../../../assets/common-billing/protocol/common';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { requireSession } from '../../domain/auth';
import { errorResponses } from '../../routes/common';
import { security } from '../../routes/security';
import { findPurchase } from '../../storage/repos/purchases';
import { APP_STORE_MARKET_ID, AppStoreConfig } from './config';
import { signPromotionalOffer } from './offer-signature';

export const OfferSignatureBody = Type.Object({
  /** The reservation the player is buying with (its appAccountToken is signed into the offer). */
  purchaseId: PurchaseId,
  /** The promotional offer's identifier in App Store Connect. */
  offerId: Token(64),
}, { additionalProperties: false });

export const OfferSignatureResponse = Type.Object({
  keyId: Type.String(),
  nonce: Type.String(),
  timestamp: Type.Integer(),
  signature: Type.String(),
  productId: Type.String(),
  offerId: Type.String(),
  appAccountToken: Type.String(),
});

/**
 * The App Store's promotional offers need a signature made with the app's In-App Purchase key,
 * which never leaves the server: the SDK asks for one per purchase. It is bound to the player's
 * own RESERVED App Store reservation of a subscription, so its appAccountToken (the purchase id)
 * is what the receipt will carry back; Apple checks the rest (offer, product, 24 h).
 */
export const appStoreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.billing;
  app.post('/v1/app-store/offer-signatures', {
    schema: {
      tags: ['app store'], security: security.session, summary: 'Sign an App Store promotional offer for the player\u2019s subscription reservation',
      body: OfferSignatureBody, response: { 200: OfferSignatureResponse, ...errorResponses },
    },
  }, async (request) => {
    const { claims, app: appRow } = await requireSession(ctx, request);
    const reservation = await findPurchase(ctx.db, request.body.purchaseId);
    if (!reservation || reservation.app_key !== appRow.app_key || reservation.user_key !== claims.userKey || reservation.market !== APP_STORE_MARKET_ID) {
      throw new BillingError('PURCHASE_NOT_FOUND');
    }
    if (reservation.product_type !== 'subscription') {
      throw new BillingError('VALIDATION_FAILED', 'Promotional offers are for auto-renewable subscriptions only.', { details: { productId: reservation.product_id } });
    }
    if (reservation.state !== 'RESERVED') throw new BillingError('PURCHASE_STATE_INVALID', undefined, { details: { state: reservation.state } });
    if (ctx.now() > Number(reservation.expires_at)) throw new BillingError('PURCHASE_EXPIRED');
    const { config } = await ctx.markets.requireEnabled(ctx.db, appRow.app_key, APP_STORE_MARKET_ID);
    if (!Value.Check(AppStoreConfig, config)) throw new BillingError('MARKET_NOT_CONFIGURED', undefined, { details: { market: APP_STORE_MARKET_ID } });
    return signPromotionalOffer(config, { productId: reservation.market_product_id, offerId: request.body.offerId, appAccountToken: reservation.purchase_id }, ctx.now());
  });
};
