import { AUTO_REFUND_MS, type GooglePurchaseBook } from './google-play-records';

/**
 * The store side of Play subscriptions, scripted by tests on the simulator's clock. States and
 * their fields follow purchases.subscriptionsv2 (SubscriptionPurchaseV2, developers.google.com/
 * android-publisher/api-ref/rest/v3/purchases.subscriptionsv2) and the subscription lifecycle
 * (developer.android.com/google/play/billing/lifecycle/subscriptions): a renewal is a new order
 * `GPA…..N` on the same token; grace keeps access and moves expiryTime to the grace end; account
 * hold suspends it with expiryTime in the past; recovery from hold (or a resume) restarts the
 * period at that moment; upgrade / downgrade / resubscribe is a NEW token whose
 * linkedPurchaseToken names the old one, and the old one ends (replacementCancellation).
 */
export type GoogleSubscriptionState =
  | 'SUBSCRIPTION_STATE_PENDING'
  | 'SUBSCRIPTION_STATE_ACTIVE'
  | 'SUBSCRIPTION_STATE_PAUSED'
  | 'SUBSCRIPTION_STATE_IN_GRACE_PERIOD'
  | 'SUBSCRIPTION_STATE_ON_HOLD'
  | 'SUBSCRIPTION_STATE_CANCELED'
  | 'SUBSCRIPTION_STATE_EXPIRED'
  | 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED';

export type CancelContext = 'userInitiatedCancellation' | 'systemInitiatedCancellation' | 'developerInitiatedCancellation' | 'replacementCancellation';

/** One charge of a subscription (Orders API Order, one line item). */
export interface GoogleSubscriptionOrder {
  orderId: string;
  createTimeMs: number;
  periodStartMs: number;
  periodEndMs: number;
  /** What the buyer paid (Order.total), micros; 0 for a free trial. */
  paidMicros: number;
  phase: 'freeTrial' | 'introductoryPrice' | 'basePrice';
  refunded?: boolean;
}

export interface GoogleSubscriptionRecord {
  packageName: string;
  productId: string;
  purchaseToken: string;
  basePlanId: string;
  offerId?: string;
  offerTags: string[];
  /** The phase of the current period (OfferPhase): a trial or intro price ends at the first renewal. */
  offerPhase: 'freeTrial' | 'introductoryPrice' | 'basePrice';
  periodMs: number;
  purchaseTimeMs: number;
  /** startTime: when the subscription was granted; absent while pending. */
  startTimeMs?: number;
  /** lineItems[].expiryTime. */
  expiryMs: number;
  /** Paid through (the end of the last paid period), kept while grace moves expiryTime. */
  paidThroughMs: number;
  state: GoogleSubscriptionState;
  autoRenew: boolean;
  acknowledged: boolean;
  test: boolean;
  /** The first order; renewal N is `${orderId}..${N}` (N from 0). */
  orderId: string;
  /** -1 until the first renewal. */
  renewals: number;
  linkedPurchaseToken?: string;
  obfuscatedAccountId?: string;
  obfuscatedProfileId?: string;
  autoResumeMs?: number;
  cancelContext?: CancelContext;
  cancelTimeMs?: number;
  priceChangeState?: 'OUTSTANDING' | 'CONFIRMED' | 'APPLIED' | 'CANCELED';
  /** recurringPrice in micros. */
  priceMicros: number;
  currency: string;
  /** A replacement deferred to the next renewal (deferredItemReplacement.productId). */
  deferredReplacementProductId?: string;
  /** Every successful charge, first to latest. */
  orders: GoogleSubscriptionOrder[];
}

export interface GoogleSubscribeInput {
  productId: string;
  /** The base plan's billing period (P1M in the Play Console); tests use accelerated periods. */
  periodMs: number;
  basePlanId?: string;
  offer?: { id: string; phase: 'freeTrial' | 'introductoryPrice'; tags?: string[] };
  obfuscatedAccountId?: string;
  obfuscatedProfileId?: string;
  /** A slow payment: SUBSCRIPTION_STATE_PENDING until `completePending`. */
  pending?: boolean;
  test?: boolean;
  priceMicros?: number;
  currency?: string;
  /** Upgrade / downgrade / resubscribe: the token this one replaces. */
  linkedPurchaseToken?: string;
}

/** Subscription records and the scripted transitions, on the book's clock and order ids. */
export class GoogleSubscriptionBook {
  readonly subscriptions = new Map<string, GoogleSubscriptionRecord>();

  constructor(private readonly packageName: string, private readonly purchases: GooglePurchaseBook, private readonly now: () => number) {}

  create(input: GoogleSubscribeInput): GoogleSubscriptionRecord {
    const now = this.now();
    const pending = input.pending === true;
    const record: GoogleSubscriptionRecord = {
      packageName: this.packageName,
      productId: input.productId,
      purchaseToken: this.purchases.newToken(),
      basePlanId: input.basePlanId ?? 'monthly',
      ...(input.offer ? { offerId: input.offer.id } : {}),
      offerTags: input.offer?.tags ?? [],
      offerPhase: input.offer?.phase ?? 'basePrice',
      periodMs: input.periodMs,
      purchaseTimeMs: now,
      ...(pending ? {} : { startTimeMs: now }),
      expiryMs: now + input.periodMs,
      paidThroughMs: now + input.periodMs,
      state: pending ? 'SUBSCRIPTION_STATE_PENDING' : 'SUBSCRIPTION_STATE_ACTIVE',
      autoRenew: true,
      acknowledged: false,
      test: input.test === true,
      orderId: this.purchases.newOrderId(),
      renewals: -1,
      ...(input.linkedPurchaseToken ? { linkedPurchaseToken: input.linkedPurchaseToken } : {}),
      ...(input.obfuscatedAccountId ? { obfuscatedAccountId: input.obfuscatedAccountId } : {}),
      ...(input.obfuscatedProfileId ? { obfuscatedProfileId: input.obfuscatedProfileId } : {}),
      priceMicros: input.priceMicros ?? 4_990_000,
      currency: input.currency ?? 'USD',
      orders: [],
    };
    if (!pending) this.recordOrder(record, now);
    this.subscriptions.set(record.purchaseToken, record);
    return record;
  }

  get(token: string): GoogleSubscriptionRecord | undefined {
    this.applyClock();
    return this.subscriptions.get(token);
  }

  /** The order of the period in force (latestSuccessfulOrderId); none while pending. */
  latestOrderId(r: GoogleSubscriptionRecord): string | undefined {
    if (r.state === 'SUBSCRIPTION_STATE_PENDING' || r.state === 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED') return undefined;
    return r.renewals < 0 ? r.orderId : `${r.orderId}..${r.renewals}`;
  }

  completePending(r: GoogleSubscriptionRecord): void {
    const now = this.now();
    Object.assign(r, { state: 'SUBSCRIPTION_STATE_ACTIVE', startTimeMs: now, purchaseTimeMs: now, expiryMs: now + r.periodMs, paidThroughMs: now + r.periodMs });
    this.recordOrder(r, now);
  }

  order(orderId: string): { subscription: GoogleSubscriptionRecord; order: GoogleSubscriptionOrder } | undefined {
    for (const subscription of this.subscriptions.values()) {
      const order = subscription.orders.find((o) => o.orderId === orderId);
      if (order) return { subscription, order };
    }
    return undefined;
  }

  /** The charge of the period just started (expiryMs is its end). */
  private recordOrder(r: GoogleSubscriptionRecord, startMs: number): void {
    const paid = r.offerPhase === 'freeTrial' ? 0 : r.offerPhase === 'introductoryPrice' ? Math.round(r.priceMicros / 2) : r.priceMicros;
    r.orders.push({ orderId: this.latestOrderId(r)!, createTimeMs: this.now(), periodStartMs: startMs, periodEndMs: r.paidThroughMs, paidMicros: paid, phase: r.offerPhase });
  }

  cancelPending(r: GoogleSubscriptionRecord): void {
    Object.assign(r, { state: 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED', expiryMs: this.now(), paidThroughMs: this.now() });
  }

  /** A successful charge: from the end of the paid period (renewal, recovery in grace) or from now (recovery from hold, resume). */
  charge(r: GoogleSubscriptionRecord, from: 'paid-through' | 'now'): void {
    const start = from === 'now' ? this.now() : r.paidThroughMs;
    r.renewals += 1;
    r.paidThroughMs = start + r.periodMs;
    r.expiryMs = r.paidThroughMs;
    r.state = 'SUBSCRIPTION_STATE_ACTIVE';
    r.offerPhase = 'basePrice';
    delete r.autoResumeMs;
    if (r.deferredReplacementProductId) {
      r.productId = r.deferredReplacementProductId;
      delete r.deferredReplacementProductId;
    }
    if (r.priceChangeState === 'CONFIRMED') r.priceChangeState = 'APPLIED';
    this.recordOrder(r, start);
  }

  /** The renewal charge failed: grace (access kept to paid-through + grace) or, with no grace, account hold. */
  failRenewal(r: GoogleSubscriptionRecord, graceMs: number): void {
    if (graceMs > 0) {
      r.state = 'SUBSCRIPTION_STATE_IN_GRACE_PERIOD';
      r.expiryMs = r.paidThroughMs + graceMs;
    } else {
      this.hold(r);
    }
  }

  hold(r: GoogleSubscriptionRecord): void {
    r.state = 'SUBSCRIPTION_STATE_ON_HOLD';
    r.expiryMs = r.paidThroughMs;
  }

  expire(r: GoogleSubscriptionRecord, context: CancelContext = 'systemInitiatedCancellation'): void {
    r.state = 'SUBSCRIPTION_STATE_EXPIRED';
    r.autoRenew = false;
    r.cancelContext ??= context;
    r.cancelTimeMs ??= this.now();
    r.expiryMs = Math.min(r.expiryMs, this.now());
  }

  cancel(r: GoogleSubscriptionRecord, context: CancelContext = 'userInitiatedCancellation'): void {
    r.state = 'SUBSCRIPTION_STATE_CANCELED';
    r.autoRenew = false;
    r.cancelContext = context;
    r.cancelTimeMs = this.now();
  }

  restart(r: GoogleSubscriptionRecord): void {
    r.state = 'SUBSCRIPTION_STATE_ACTIVE';
    r.autoRenew = true;
    delete r.cancelContext;
    delete r.cancelTimeMs;
  }

  pause(r: GoogleSubscriptionRecord, pauseMs: number): void {
    r.state = 'SUBSCRIPTION_STATE_PAUSED';
    r.autoResumeMs = this.now() + pauseMs;
  }

  /** Revoked before its expiry (a refund with revoke, purchases.subscriptionsv2.revoke): ends now. */
  revoke(r: GoogleSubscriptionRecord): void {
    this.expire(r, 'developerInitiatedCancellation');
    const last = r.orders[r.orders.length - 1];
    if (last) last.refunded = true;
    this.purchases.voided.push({
      purchaseToken: r.purchaseToken, orderId: this.latestOrderId(r) ?? r.orderId, purchaseTimeMillis: String(r.purchaseTimeMs),
      voidedTimeMillis: String(this.now()), voidedSource: 1, voidedReason: 0,
    });
  }

  /** Time-driven truths Google applies by itself: a canceled subscription expires at its expiry; 3 days unacknowledged revokes it. */
  applyClock(): void {
    const now = this.now();
    for (const r of this.subscriptions.values()) {
      if (r.state === 'SUBSCRIPTION_STATE_CANCELED' && r.expiryMs <= now) r.state = 'SUBSCRIPTION_STATE_EXPIRED';
      const paid = r.state !== 'SUBSCRIPTION_STATE_PENDING' && r.state !== 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED' && r.state !== 'SUBSCRIPTION_STATE_EXPIRED';
      if (paid && !r.acknowledged && r.startTimeMs !== undefined && now - r.startTimeMs > AUTO_REFUND_MS) {
        this.expire(r, 'systemInitiatedCancellation');
        for (const o of r.orders) o.refunded = true;
        this.purchases.voided.push({
          purchaseToken: r.purchaseToken, orderId: r.orderId, purchaseTimeMillis: String(r.purchaseTimeMs),
          voidedTimeMillis: String(now), voidedSource: 2, voidedReason: 8,
        });
      }
    }
  }
}
