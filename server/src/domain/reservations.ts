import { timeOrderedId } from '../storage/time-ordered-id';
import type { ReservePurchaseBody, ReservePurchaseResponse } from '../../../assets/common-billing/protocol/api';
import type { ProductType } from '../../../assets/common-billing/protocol/common';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { findProduct, marketProductId } from '../storage/repos/products';
import { insertReservation } from '../storage/repos/purchases';
import type { SessionAuth } from './auth';
import type { BillingContext } from './context';
import { issueBindingToken, obfuscatedAccountId } from './tokens';

/**
 * Reserves a purchase before the store UI opens and issues the binding each market carries
 * through the store: developerPayload / obfuscatedProfileId (MAC token), obfuscatedAccountId
 * (stable user hash) and appAccountToken (the purchase id, a UUID).
 */
export async function reservePurchase(ctx: BillingContext, auth: SessionAuth, body: ReservePurchaseBody): Promise<ReservePurchaseResponse> {
  const { app, claims } = auth;
  await ctx.markets.requireEnabled(ctx.db, app.app_key, claims.market);
  const product = await findProduct(ctx.db, app.app_key, body.productId);
  if (!product) throw new BillingError('UNKNOWN_PRODUCT', undefined, { details: { productId: body.productId } });
  if (product.type === 'non-consumable') {
    const owned = await ctx.db.get(
      `SELECT purchase_id FROM purchases WHERE app_key = ? AND user_key = ? AND product_id = ? AND state IN ('VERIFIED', 'CONSUMED') LIMIT 1`,
      [app.app_key, claims.userKey, product.product_id],
    );
    if (owned) throw new BillingError('PRODUCT_ALREADY_OWNED');
  }
  const now = ctx.now();
  // Time-ordered: the new row and its events go beside the other recent ones in every index keyed by it.
  const purchaseId = timeOrderedId(now);
  const expiresAt = now + ctx.reservationTtlMs;
  const quantity = body.quantity ?? 1;
  const mpid = marketProductId(product, claims.market);
  await ctx.db.write((tx) =>
    insertReservation(tx, {
      purchaseId,
      appKey: app.app_key,
      userKey: claims.userKey,
      market: claims.market,
      productId: product.product_id,
      marketProductId: mpid,
      productType: product.type,
      quantity,
      environment: 'production',
      expiresAt,
      now,
    }),
  );
  const token = issueBindingToken(ctx.keys, {
    appKey: app.app_key,
    userKey: claims.userKey,
    productId: product.product_id,
    market: claims.market,
    purchaseId,
    expiresAt,
  });
  return {
    purchaseId,
    productId: product.product_id,
    marketProductId: mpid,
    productType: product.type as ProductType,
    quantity,
    payload: {
      developerPayload: token,
      obfuscatedAccountId: obfuscatedAccountId(ctx.keys, app.app_key, claims.userKey),
      obfuscatedProfileId: token,
      appAccountToken: purchaseId,
    },
    expiresAt: new Date(expiresAt).toISOString(),
  };
}
