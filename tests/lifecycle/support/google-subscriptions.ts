import type { LightMyRequestResponse } from 'fastify';
import type { CreateSessionResponse, ReservePurchaseResponse, SubmitReceiptResponse } from '../../../assets/common-billing/protocol/api';
import { GRANTING_STATES, type EntitlementsResponse } from '../../../assets/common-billing/protocol/entitlements';
import { upsertAppMarket } from '../../../server/src/storage/repos/apps';
import { upsertProduct } from '../../../server/src/storage/repos/products';
import type { SignedGoogleReceipt } from '../../simulators/google-play';
import { LifecycleHarness, notificationAuthOf, type StoreSimulators } from './harness';

export const DAY = 86_400_000;
export const WEEK = 7 * DAY;
/** The catalog's VIP pass on Google Play: a weekly base plan (P1W), so the estimate from the catalog is exact. */
export const VIP = { productId: 'vip', marketProductId: 'vip_weekly', group: 'vip', period: 'P1W', periodMs: WEEK } as const;
export const VIP_YEARLY = { productId: 'vip_yearly', marketProductId: 'vip_yearly', periodMs: 52 * WEEK } as const;

export interface Subscribed {
  purchaseId: string;
  token: string;
  orderId?: string;
  response: SubmitReceiptResponse;
}

/**
 * A lifecycle harness whose app sells the VIP pass on Google Play, with the Developer API
 * configured (`online`, confirmed with subscriptionsv2) or not (the signed purchase alone).
 */
export async function startVipHarness(o: { engine: Parameters<typeof LifecycleHarness.start>[0]['engine']; pgUrl?: string; stores?: StoreSimulators; online: boolean }) {
  const h = await LifecycleHarness.start({ engine: o.engine, pgUrl: o.pgUrl, stores: o.stores });
  await h.db.write(async (tx) => {
    await upsertProduct(tx, h.appKey, {
      productId: VIP.productId, type: 'subscription', title: 'VIP pass', price: { amountMicros: 4_990_000, currency: 'USD' },
      marketProductIds: { 'google-play': VIP.marketProductId }, subscription: { group: VIP.group, period: VIP.period },
    }, h.clock.now);
    await upsertProduct(tx, h.appKey, {
      productId: VIP_YEARLY.productId, type: 'subscription', title: 'VIP pass (yearly)', price: { amountMicros: 39_990_000, currency: 'USD' },
      marketProductIds: { 'google-play': VIP_YEARLY.marketProductId }, subscription: { group: VIP.group, period: 'P52W' },
    }, h.clock.now);
    if (!o.online) {
      const auth = notificationAuthOf(h.google)['google-play'];
      await upsertAppMarket(tx, h.appKey, 'google-play', true, { ...h.google.marketConfig({ online: false }), notificationAuth: auth }, h.clock.now);
    }
  });
  return h;
}

async function sessionOf(h: LifecycleHarness, userKey: string): Promise<string> {
  const res = await h.call('POST', '/v1/sessions', { market: 'google-play', userKey, loginToken: h.loginToken(userKey) });
  return res.json<CreateSessionResponse>().sessionToken;
}

/** The SDK's flow for a subscription: login, reserve, Play Billing subscribe, receipt. */
export async function subscribeVip(h: LifecycleHarness, userKey: string, o: { acknowledge?: boolean } = {}, product: { productId: string; marketProductId: string; periodMs: number } = VIP): Promise<Subscribed> {
  const session = await sessionOf(h, userKey);
  const { payload } = (await h.call('POST', '/v1/purchases', { productId: product.productId }, session)).json<ReservePurchaseResponse>();
  const r = h.google.subscribe({ productId: product.marketProductId, periodMs: product.periodMs, obfuscatedAccountId: payload.obfuscatedAccountId, obfuscatedProfileId: payload.obfuscatedProfileId });
  const subscribed = await submit(h, session, r);
  // The game acknowledges on the device once granted (else Play revokes it after 3 days; the watchdog's own path has its spec).
  if (o.acknowledge !== false) h.google.acknowledgeOnDevice(r.purchaseToken);
  return subscribed;
}

/** An upgrade made on the device: Play's new token (linkedPurchaseToken → the old one), reported like any purchase. */
export async function upgradeVip(h: LifecycleHarness, userKey: string, oldToken: string) {
  const session = await sessionOf(h, userKey);
  const { payload } = (await h.call('POST', '/v1/purchases', { productId: VIP_YEARLY.productId }, session)).json<ReservePurchaseResponse>();
  const { receipt, purchased } = h.google.replaceSubscription(oldToken, {
    productId: VIP_YEARLY.marketProductId, periodMs: VIP_YEARLY.periodMs, obfuscatedAccountId: payload.obfuscatedAccountId, obfuscatedProfileId: payload.obfuscatedProfileId,
  });
  const subscribed = await submit(h, session, receipt);
  h.google.acknowledgeOnDevice(receipt.purchaseToken);
  return { subscribed, purchased };
}

async function submit(h: LifecycleHarness, session: string, r: SignedGoogleReceipt): Promise<Subscribed> {
  const res = await h.call('POST', '/v1/receipts', { market: 'google-play', receipt: { originalJson: r.originalJson, signature: r.signature } }, session);
  if (res.statusCode !== 200) throw new Error(`receipt refused: ${res.statusCode} ${res.body}`);
  const response = res.json<SubmitReceiptResponse>();
  return { purchaseId: response.purchase.purchaseId, token: r.purchaseToken, ...(r.orderId ? { orderId: r.orderId } : {}), response };
}

/** The game server's question: what does this player have now? */
export async function entitlementsOf(h: LifecycleHarness, userKey: string): Promise<EntitlementsResponse> {
  const res: LightMyRequestResponse = await h.call('GET', `/v1/users/${encodeURIComponent(userKey)}/entitlements`, undefined, h.secretKey);
  if (res.statusCode !== 200) throw new Error(`entitlements: ${res.statusCode} ${res.body}`);
  return res.json<EntitlementsResponse>();
}

export async function vipOf(h: LifecycleHarness, userKey: string) {
  return (await entitlementsOf(h, userKey)).entitlements.find((e) => e.group === VIP.group);
}

/** The subscription as the game would see it, read from its row (GRANTING_STATES decide `active`). */
export async function vipRow(h: LifecycleHarness, token: string) {
  const row = await subscriptionRow(h, token);
  if (!row) return undefined;
  return {
    state: row.state, active: (GRANTING_STATES as readonly string[]).includes(row.state), expiresAtMs: Number(row.period_end),
    autoRenew: row.auto_renew === 1, verifiedBy: row.verified_by, estimated: row.period_end_estimated === 1, productId: row.product_id,
  };
}

export interface SubscriptionRowView {
  subscription_id: string;
  state: string;
  period_end: number;
  period_start: number;
  period_end_estimated: number;
  auto_renew: number;
  price_consent: string | null;
  verified_by: string;
  replaces_chain_key: string | null;
  replaced_by: string | null;
  revoked_at: number | null;
  user_key: string;
  product_id: string;
}

export async function subscriptionRow(h: LifecycleHarness, token: string): Promise<SubscriptionRowView | undefined> {
  return h.db.get<SubscriptionRowView>('SELECT * FROM subscriptions WHERE market = ? AND chain_key = ?', ['google-play', token]);
}

/** The subscription's timeline: event types in order. */
export async function timelineOf(h: LifecycleHarness, token: string): Promise<string[]> {
  const row = await subscriptionRow(h, token);
  if (!row) return [];
  const events = await h.db.all<{ type: string }>('SELECT type FROM subscription_events WHERE subscription_id = ? ORDER BY at, revision, event_id', [row.subscription_id]);
  return events.map((e) => e.type);
}

/** Periods recorded for a subscription (one per charge). */
export async function periodsOf(h: LifecycleHarness, token: string): Promise<{ period_transaction_id: string; period_end: number }[]> {
  const row = await subscriptionRow(h, token);
  if (!row) return [];
  return h.db.all('SELECT period_transaction_id, period_end FROM subscription_periods WHERE subscription_id = ? ORDER BY period_start', [row.subscription_id]);
}
