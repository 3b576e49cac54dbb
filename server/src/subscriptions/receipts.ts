import type { ReceiptSubscription } from '../../../assets/common-billing/protocol/api';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { SessionAuth } from '../domain/auth';
import type { ClaimOutcome } from '../domain/claims';
import type { BillingContext } from '../domain/context';
import { bindingTokenPurchaseId } from '../domain/tokens';
import type { MarketService, VerifiedReceipt } from '../markets/types';
import { configCache, type ConfigCheck } from '../storage/repos/config-cache';
import { findPurchase, findPurchaseByStoreTransaction } from '../storage/repos/purchases';
import { attachPurchase, findSubscriptionByChain, type SubscriptionRow } from '../storage/repos/subscriptions';
import type { SqlExecutor } from '../storage/types';
import { applySnapshot } from './apply';
import type { SubscriptionCatalog, SubscriptionProduct } from './catalog';
import { subscriptionCatalogOf } from './catalog-lookup';
import { periodMsFrom, requirePeriod } from './period';
import { isGranting } from './state-machine';
import type { SubscriptionSnapshot } from './types';

/** A subscription receipt made ready outside the transaction: the store's word on it (network done). */
export interface PreparedSubscriptionReceipt {
  product: SubscriptionProduct;
  catalog: SubscriptionCatalog;
  /** Undefined while the payment is pending: only the purchase row is recorded then. */
  snapshot: SubscriptionSnapshot | undefined;
}

export type SubscriptionReceiptOutcome = ClaimOutcome & { subscription?: ReceiptSubscription };

/**
 * Step one, before the write (network I/O): undefined when the receipt is not of a subscription
 * product (one-time products go on untouched). A market without subscription support refuses it
 * (SUBSCRIPTIONS_NOT_SUPPORTED, fail closed). With the store's subscription API configured its
 * answer is the truth (`store-api`); otherwise the signed receipt alone (`signed`).
 */
export async function prepareSubscriptionReceipt(ctx: BillingContext, appKey: string, service: MarketService, v: VerifiedReceipt, check?: ConfigCheck): Promise<PreparedSubscriptionReceipt | undefined> {
  // From the cached configuration: every receipt asks, and most apps sell no subscription.
  const catalog = subscriptionCatalogOf(await configCache(ctx.db).subscriptionCatalogRows(appKey, check), v.market);
  const product = catalog.get(v.marketProductId);
  if (!product) return undefined;
  const subscriptions = service.subscriptions;
  if (!subscriptions) throw new BillingError('SUBSCRIPTIONS_NOT_SUPPORTED', `The ${v.market} market has no subscription support configured here; "${product.productId}" is a subscription.`);
  if (v.state !== 'PURCHASED') return { product, catalog, snapshot: undefined };
  const signed = subscriptions.fromReceipt(v, { periodMs: periodMsFrom(v.purchaseTimeMs, requirePeriod(product.period)) });
  const snapshot = subscriptions.api
    ? await subscriptions.api.read({ chainKey: signed.chainKey, marketProductId: signed.marketProductId, latestToken: v.purchaseToken, period: product.period })
    : signed;
  if (snapshot.market !== v.market || snapshot.chainKey !== signed.chainKey) throw new BillingError('RECEIPT_MALFORMED', 'The subscription answer names another subscription than the receipt.');
  return { product, catalog, snapshot };
}

/**
 * Step two, inside the receipt's write. A chain this player already has is a renewal or a restore:
 * the period is recorded and the answer is the subscription's own purchase (`renewal: true`), never
 * a second purchase the game would deliver again. A chain of another player is RECEIPT_ALREADY_USED.
 * A new chain goes through the same reservation and binding as one-time products (`record`), then opens.
 */
export async function recordSubscriptionReceipt(
  ctx: BillingContext,
  tx: SqlExecutor,
  auth: SessionAuth,
  prepared: PreparedSubscriptionReceipt,
  v: VerifiedReceipt,
  record: () => Promise<ClaimOutcome>,
  reject: (code: 'RECEIPT_ALREADY_USED') => Promise<ClaimOutcome>,
): Promise<SubscriptionReceiptOutcome> {
  const { app, claims } = auth;
  const s = prepared.snapshot;
  const now = ctx.now();
  const known = s ? await findSubscriptionByChain(tx, s.market, s.chainKey) : undefined;
  if (known && (known.app_key !== app.app_key || known.user_key !== claims.userKey)) return reject('RECEIPT_ALREADY_USED');
  if (known && s && !(await opensNewReservation(tx, v, claims.userKey))) {
    const applied = await applySnapshot(tx, { appKey: app.app_key, snapshot: s, cause: { source: 'receipt' }, catalog: prepared.catalog, owner: { userKey: claims.userKey, purchaseId: null }, now });
    const row = 'subscription' in applied ? applied.subscription : known;
    const purchase = row.purchase_id ? await findPurchase(tx, row.purchase_id) : await findPurchaseByStoreTransaction(tx, v.market, v.storeTransactionId);
    // The first receipt sent again (a lost answer) is not a renewal: the game may not have granted it yet.
    if (purchase) return { row: purchase, subscription: view(row, purchase.store_transaction_id !== v.storeTransactionId) };
    // Opened by a store notification (an upgrade announced first): this receipt becomes its purchase.
  }
  const outcome = await record();
  if ('rejected' in outcome || !s || outcome.row.state !== 'VERIFIED' && outcome.row.state !== 'CONSUMED') return outcome;
  const applied = await applySnapshot(tx, {
    appKey: app.app_key,
    snapshot: s,
    cause: { source: 'receipt' },
    catalog: prepared.catalog,
    owner: { userKey: claims.userKey, purchaseId: outcome.row.purchase_id },
    now,
  });
  // Another instance gave the chain to another player between our read and this write: undo all of it.
  if (applied.outcome === 'other-owner') throw new BillingError('RECEIPT_ALREADY_USED');
  if (applied.outcome === 'unmatched') return outcome;
  const row = applied.subscription.purchase_id ? applied.subscription : await attachPurchase(tx, applied.subscription, outcome.row.purchase_id);
  return { ...outcome, subscription: view(row, false) };
}

/** A receipt bound to a reservation of this player still open (a crossgrade bought as a new product), not a renewal. */
async function opensNewReservation(tx: SqlExecutor, v: VerifiedReceipt, userKey: string): Promise<boolean> {
  if (await findPurchaseByStoreTransaction(tx, v.market, v.storeTransactionId)) return false;
  const bound = [v.binding.developerPayload, v.binding.obfuscatedProfileId].map((t) => (t ? bindingTokenPurchaseId(t) : undefined));
  for (const id of [...bound, v.binding.appAccountToken?.toLowerCase()].filter((x): x is string => !!x)) {
    const r = await findPurchase(tx, id);
    if (r && r.user_key === userKey && ['RESERVED', 'PENDING', 'EXPIRED'].includes(r.state)) return true;
  }
  return false;
}

function view(row: SubscriptionRow, renewal: boolean): ReceiptSubscription {
  return {
    subscriptionId: row.subscription_id,
    group: row.entitlement_group,
    state: row.state as ReceiptSubscription['state'],
    active: isGranting(row.state),
    expiresAt: new Date(row.period_end).toISOString(),
    renewal,
  };
}
