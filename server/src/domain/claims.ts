import type { ErrorCode } from '../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../markets/types';
import { listProducts, marketProductId } from '../storage/repos/products';
import { findPurchaseByStoreTransaction } from '../storage/repos/purchases';
import type { PurchaseRow } from '../storage/repos/rows';
import { claimPurchase, insertUnclaimed } from '../storage/repos/unclaimed';
import type { SqlExecutor } from '../storage/types';
import type { BillingContext } from './context';
import { safeEqual } from './keys';
import { obfuscatedAccountId, userAppAccountToken } from './tokens';

export type ClaimOutcome = { row: PurchaseRow } | { rejected: ErrorCode; message?: string; purchaseId?: string };

/**
 * Purchases that name no reservation (promo codes, purchases started in the Play Store,
 * Apple's promoted in-app purchases, offer codes): a validly signed, store-confirmed one is
 * recorded as UNCLAIMED with its store data, then claimed exactly once — by the player whose
 * device reports it (POST /v1/receipts with the session) or by the game server
 * (POST /v1/purchases/claim with the app secret). The store's account binding, when the receipt
 * carries one (Google obfuscatedAccountId, Apple appAccountToken), must be the claimer's.
 */
export async function recordUnbound(ctx: BillingContext, tx: SqlExecutor, appKey: string, v: VerifiedReceipt, source: string): Promise<ClaimOutcome> {
  const existing = await findPurchaseByStoreTransaction(tx, v.market, v.storeTransactionId);
  if (existing) return existing.app_key === appKey ? { row: existing } : { rejected: 'RECEIPT_ALREADY_USED' };
  // Only a paid purchase is recorded: a pending one reports again once paid, a canceled one never.
  if (v.state === 'PENDING') return { rejected: 'PURCHASE_PENDING', message: 'The store has not taken the payment yet.' };
  if (v.state !== 'PURCHASED') return { rejected: 'RECEIPT_STATE_INVALID' };
  const product = (await listProducts(tx, appKey)).find((p) => marketProductId(p, v.market) === v.marketProductId);
  const estimate = !v.charged && product?.price_micros != null && product.currency != null;
  const row = await insertUnclaimed(tx, {
    appKey,
    market: v.market,
    // A product missing from the catalog keeps the store's id: support sees it, the player still paid.
    productId: product?.product_id ?? v.marketProductId,
    marketProductId: v.marketProductId,
    productType: product?.type ?? 'consumable',
    quantity: v.quantity,
    storeTransactionId: v.storeTransactionId,
    purchaseToken: v.purchaseToken,
    environment: v.environment,
    test: v.test,
    testUnknown: v.testUnknown === true,
    storeFinished: v.storeFinished,
    purchaseTime: v.purchaseTimeMs,
    decoded: JSON.stringify(v.decoded),
    claimAccount: claimAccountOf(v),
    chargedPriceMicros: v.charged?.priceMicros ?? (estimate ? Number(product!.price_micros) : null),
    chargedCurrency: v.charged?.currency ?? (estimate ? product!.currency : null),
    priceEstimated: estimate,
    source,
  }, ctx.now());
  return { row };
}

/** Claims a recorded purchase for `userKey`: once; a second user is refused, the same user gets it again. */
export async function claimFor(ctx: BillingContext, tx: SqlExecutor, row: PurchaseRow, userKey: string, by: string): Promise<ClaimOutcome> {
  if (row.state !== 'UNCLAIMED') {
    if (row.user_key === userKey) return { row };
    return { rejected: 'RECEIPT_ALREADY_USED', message: 'The purchase was already claimed by another user.' };
  }
  if (!accountMatches(ctx, row.app_key, userKey, row.claim_account ?? null)) {
    return { rejected: 'RECEIPT_PAYLOAD_INVALID', message: 'The purchase is bound to another store account.', purchaseId: row.purchase_id };
  }
  const claimed = await claimPurchase(tx, row.purchase_id, userKey, by, ctx.now());
  if (claimed) return { row: claimed };
  // Another instance claimed it between our read and our update: the winner decides.
  const now = await findPurchaseByStoreTransaction(tx, row.market, row.store_transaction_id ?? '');
  return now?.user_key === userKey ? { row: now } : { rejected: 'RECEIPT_ALREADY_USED', message: 'The purchase was already claimed by another user.' };
}

/** Record (when new) and claim in one write. */
export async function recordAndClaim(ctx: BillingContext, tx: SqlExecutor, appKey: string, v: VerifiedReceipt, userKey: string, by: string): Promise<ClaimOutcome> {
  const recorded = await recordUnbound(ctx, tx, appKey, v, by);
  if ('rejected' in recorded) return recorded;
  return claimFor(ctx, tx, recorded.row, userKey, by);
}

/** The store's account binding of a receipt with no reservation, as stored in claim_account. */
export function claimAccountOf(v: VerifiedReceipt): string | null {
  if (v.binding.obfuscatedAccountId) return `account:${v.binding.obfuscatedAccountId}`;
  if (v.binding.appAccountToken) return `apple:${v.binding.appAccountToken.toLowerCase()}`;
  return null;
}

function accountMatches(ctx: BillingContext, appKey: string, userKey: string, claimAccount: string | null): boolean {
  if (!claimAccount) return true;
  const colon = claimAccount.indexOf(':');
  const kind = claimAccount.slice(0, colon);
  const value = claimAccount.slice(colon + 1);
  if (kind === 'account') return safeEqual(value, obfuscatedAccountId(ctx.keys, appKey, userKey));
  if (kind === 'apple') return safeEqual(value, userAppAccountToken(ctx.keys, appKey, userKey));
  return false;
}
