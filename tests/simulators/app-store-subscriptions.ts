import { randomUUID } from 'node:crypto';
import type { SimResponse } from './http';

/**
 * Auto-renewable subscriptions in the App Store simulator, built from Apple's documentation:
 * JWSTransactionDecodedPayload (a renewal is a new transactionId with the same
 * originalTransactionId, `expiresDate` its period end), JWSRenewalInfoDecodedPayload,
 * Get All Subscription Statuses (`GET /inApps/v1/subscriptions/{transactionId}` →
 * StatusResponse, `status` 1 active, 2 expired, 3 billing retry, 4 grace period, 5 revoked) and
 * App Store Server Notifications V2 (`data.signedTransactionInfo`, `data.signedRenewalInfo`,
 * `data.status`). Nothing happens by itself: a test moves the shared clock, then scripts the
 * next event; each event returns the notification Apple would send for it.
 */
export interface AppleSubscribeInput {
  productId: string;
  /** The subscription's period (the test's accelerated month). */
  periodMs: number;
  groupId?: string;
  appAccountToken?: string;
  environment?: 'Sandbox' | 'Production' | 'Xcode' | 'LocalTesting';
  /** 1 introductory, 2 promotional, 3 offer code, 4 win-back; offerDiscountType e.g. FREE_TRIAL, PAY_AS_YOU_GO. */
  offerType?: number;
  offerIdentifier?: string;
  offerDiscountType?: string;
  /** Milliunits (JWSTransactionDecodedPayload.price); default 5,500,000 KRW. */
  price?: number;
  currency?: string;
}

/** What Apple knows about one subscription (one originalTransactionId). */
export interface AppleSubscriptionChain {
  originalTransactionId: string;
  groupId: string;
  periodMs: number;
  environment: string;
  appAccountToken?: string;
  status: 1 | 2 | 3 | 4 | 5;
  autoRenewStatus: 0 | 1;
  autoRenewProductId: string;
  isInBillingRetryPeriod?: boolean;
  gracePeriodExpiresDate?: number;
  priceIncreaseStatus?: 0 | 1;
  expirationIntent?: number;
  /** A redeemed offer that applies from the next renewal. */
  renewalOffer?: { offerType: number; offerIdentifier?: string };
  latestTransactionId: string;
  price: number;
  currency: string;
}

/** The simulator parts the subscriptions use (AppStoreSimulator). */
export interface AppleSubscriptionHost {
  readonly transactions: Map<string, Record<string, unknown>>;
  readonly opts: { bundleId: string; environment: string; appAppleId: number; now: () => number };
  sign(payload: object): string;
  newTransactionId(): string;
}

export type SignedNotification = { signedPayload: string; notificationUUID: string };

/** expirationIntent per EXPIRED subtype (JWSRenewalInfoDecodedPayload.expirationIntent). */
const EXPIRATION_INTENT: Record<string, number> = { VOLUNTARY: 1, BILLING_RETRY: 2, PRICE_INCREASE: 3, PRODUCT_NOT_FOR_SALE: 4 };

export class AppleSubscriptions {
  readonly chains = new Map<string, AppleSubscriptionChain>();

  constructor(private readonly host: AppleSubscriptionHost) {}

  private get now(): number {
    return this.host.opts.now();
  }

  /** A first purchase (SUBSCRIBED/INITIAL_BUY): returns the device's receipt and the notification. */
  subscribe(input: AppleSubscribeInput) {
    const transactionId = this.host.newTransactionId();
    const now = this.now;
    const chain: AppleSubscriptionChain = {
      originalTransactionId: transactionId,
      groupId: input.groupId ?? '21000001',
      periodMs: input.periodMs,
      environment: input.environment ?? this.host.opts.environment,
      ...(input.appAccountToken ? { appAccountToken: input.appAccountToken } : {}),
      status: 1,
      autoRenewStatus: 1,
      autoRenewProductId: input.productId,
      latestTransactionId: transactionId,
      price: input.price ?? 5_500_000,
      currency: input.currency ?? 'KRW',
    };
    this.chains.set(transactionId, chain);
    const payload = this.newTransaction(chain, {
      transactionId, productId: input.productId, purchaseDate: now, expiresDate: now + input.periodMs, reason: 'PURCHASE',
      offer: input.offerType === undefined ? undefined : { offerType: input.offerType, offerIdentifier: input.offerIdentifier, offerDiscountType: input.offerDiscountType },
    });
    return { signedTransaction: this.host.sign(payload), transactionId, originalTransactionId: transactionId, payload, notification: this.notify(chain, 'SUBSCRIBED', 'INITIAL_BUY') };
  }

  /** The latest transaction as the device would send it now (Transaction.currentEntitlements). */
  deviceReceipt(originalTransactionId: string): { signedTransaction: string; transactionId: string } {
    const chain = this.chain(originalTransactionId);
    const tx = this.latest(chain);
    return { signedTransaction: this.host.sign({ ...tx, signedDate: this.now }), transactionId: chain.latestTransactionId };
  }

  /** A charge for the next period: a new transaction (DID_RENEW; BILLING_RECOVERY after a failed renewal). */
  renew(originalTransactionId: string): SignedNotification & { transactionId: string } {
    const chain = this.chain(originalTransactionId);
    const previous = this.latest(chain);
    const recovering = chain.status === 3 || chain.status === 4;
    // On time, the new period starts where the last ended; a recovery starts when the charge went through.
    const purchaseDate = recovering ? this.now : (previous.expiresDate as number);
    const transactionId = this.host.newTransactionId();
    this.newTransaction(chain, {
      transactionId, productId: chain.autoRenewProductId, purchaseDate, expiresDate: purchaseDate + chain.periodMs, reason: 'RENEWAL',
      offer: chain.renewalOffer,
    });
    delete chain.renewalOffer;
    Object.assign(chain, { status: 1 });
    delete chain.isInBillingRetryPeriod;
    delete chain.gracePeriodExpiresDate;
    delete chain.expirationIntent;
    return { ...this.notify(chain, 'DID_RENEW', recovering ? 'BILLING_RECOVERY' : undefined), transactionId };
  }

  /** The renewal charge failed: billing grace period (status 4) when `graceMs` is given, else billing retry (status 3). */
  failRenewal(originalTransactionId: string, o: { graceMs?: number } = {}): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.isInBillingRetryPeriod = true;
    chain.expirationIntent = 2;
    if (o.graceMs !== undefined) {
      chain.status = 4;
      chain.gracePeriodExpiresDate = (this.latest(chain).expiresDate as number) + o.graceMs;
      return this.notify(chain, 'DID_FAIL_TO_RENEW', 'GRACE_PERIOD');
    }
    chain.status = 3;
    return this.notify(chain, 'DID_FAIL_TO_RENEW');
  }

  /** Grace ended without a charge; Apple keeps retrying (status 3). */
  endGrace(originalTransactionId: string): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.status = 3;
    delete chain.gracePeriodExpiresDate;
    return this.notify(chain, 'GRACE_PERIOD_EXPIRED');
  }

  /** The customer turns auto-renew off or back on (DID_CHANGE_RENEWAL_STATUS). */
  setAutoRenew(originalTransactionId: string, on: boolean): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.autoRenewStatus = on ? 1 : 0;
    if (on) delete chain.expirationIntent;
    else chain.expirationIntent = 1;
    return this.notify(chain, 'DID_CHANGE_RENEWAL_STATUS', on ? 'AUTO_RENEW_ENABLED' : 'AUTO_RENEW_DISABLED');
  }

  /**
   * An upgrade inside the group: takes effect now with a new transaction; the old one is
   * `isUpgraded`. Bought in the game, it carries that purchase's `appAccountToken` (and so do
   * the renewals after it). Returns the device's receipt of it too.
   */
  upgrade(originalTransactionId: string, productId: string, o: { appAccountToken?: string } = {}): SignedNotification & { transactionId: string; signedTransaction: string } {
    const chain = this.chain(originalTransactionId);
    this.latest(chain).isUpgraded = true;
    if (o.appAccountToken) chain.appAccountToken = o.appAccountToken;
    const transactionId = this.host.newTransactionId();
    const now = this.now;
    chain.autoRenewProductId = productId;
    const payload = this.newTransaction(chain, { transactionId, productId, purchaseDate: now, expiresDate: now + chain.periodMs, reason: 'PURCHASE' });
    return { ...this.notify(chain, 'DID_CHANGE_RENEWAL_PREF', 'UPGRADE'), transactionId, signedTransaction: this.host.sign(payload) };
  }

  /** A downgrade (or crossgrade) at the next renewal: only `autoRenewProductId` changes now. */
  downgrade(originalTransactionId: string, productId: string): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.autoRenewProductId = productId;
    return this.notify(chain, 'DID_CHANGE_RENEWAL_PREF', 'DOWNGRADE');
  }

  /** The subscription ended (EXPIRED with Apple's subtype; expirationIntent to match). */
  expire(originalTransactionId: string, subtype: 'VOLUNTARY' | 'BILLING_RETRY' | 'PRICE_INCREASE' | 'PRODUCT_NOT_FOR_SALE' = 'VOLUNTARY'): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.status = 2;
    chain.autoRenewStatus = 0;
    chain.expirationIntent = EXPIRATION_INTENT[subtype];
    delete chain.isInBillingRetryPeriod;
    delete chain.gracePeriodExpiresDate;
    return this.notify(chain, 'EXPIRED', subtype);
  }

  /**
   * Apple refunds the current period: the transaction gains revocationDate, the status is 5
   * (REFUND). `transactionId` of an earlier period refunds that charge only: the notification
   * carries that transaction and the subscription stays as it is.
   */
  refund(originalTransactionId: string, o: { revocationReason?: number; transactionId?: string } = {}): SignedNotification {
    const chain = this.chain(originalTransactionId);
    const earlier = o.transactionId !== undefined && o.transactionId !== chain.latestTransactionId ? this.host.transactions.get(o.transactionId) : undefined;
    Object.assign(earlier ?? this.latest(chain), { revocationDate: this.now, revocationReason: o.revocationReason ?? 0 });
    if (!earlier) chain.status = 5;
    return this.notify(chain, 'REFUND', undefined, earlier);
  }

  /** Apple undoes the refund (REFUND_REVERSED). */
  reverseRefund(originalTransactionId: string): SignedNotification {
    const chain = this.chain(originalTransactionId);
    const tx = this.latest(chain);
    delete tx.revocationDate;
    delete tx.revocationReason;
    chain.status = (tx.expiresDate as number) > this.now ? 1 : 2;
    return this.notify(chain, 'REFUND_REVERSED');
  }

  /** A price increase: consent asked (PENDING, priceIncreaseStatus 0) or given (ACCEPTED, 1). */
  priceIncrease(originalTransactionId: string, subtype: 'PENDING' | 'ACCEPTED'): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.priceIncreaseStatus = subtype === 'PENDING' ? 0 : 1;
    return this.notify(chain, 'PRICE_INCREASE', subtype);
  }

  /** Extend a Subscription Renewal Date: the current transaction's expiresDate moves (RENEWAL_EXTENDED). */
  extend(originalTransactionId: string, byMs: number): SignedNotification {
    const chain = this.chain(originalTransactionId);
    const tx = this.latest(chain);
    tx.expiresDate = (tx.expiresDate as number) + byMs;
    return this.notify(chain, 'RENEWAL_EXTENDED');
  }

  /** An offer redeemed for an active subscription: it applies from the next renewal (OFFER_REDEEMED). */
  redeemOffer(originalTransactionId: string, offer: { offerType: number; offerIdentifier?: string }): SignedNotification {
    const chain = this.chain(originalTransactionId);
    chain.renewalOffer = offer;
    return this.notify(chain, 'OFFER_REDEEMED');
  }

  /** Any V2 notification about the chain as it stands now (e.g. REFUND_DECLINED, CONSUMPTION_REQUEST). */
  notify(chain: AppleSubscriptionChain | string, notificationType: string, subtype?: string, transaction?: Record<string, unknown>): SignedNotification {
    const c = typeof chain === 'string' ? this.chain(chain) : chain;
    const now = this.now;
    const payload = {
      notificationType,
      ...(subtype ? { subtype } : {}),
      notificationUUID: randomUUID(),
      version: '2.0',
      signedDate: now,
      data: {
        environment: c.environment,
        appAppleId: this.host.opts.appAppleId,
        bundleId: this.host.opts.bundleId,
        bundleVersion: '1.0.0',
        signedTransactionInfo: this.host.sign({ ...(transaction ?? this.latest(c)), signedDate: now }),
        signedRenewalInfo: this.host.sign(this.renewalInfo(c)),
        status: c.status,
        ...(notificationType === 'CONSUMPTION_REQUEST' ? { consumptionRequestReason: 'UNINTENDED_PURCHASE' } : {}),
      },
    };
    return { signedPayload: this.host.sign(payload), notificationUUID: payload.notificationUUID };
  }

  /** JWSRenewalInfoDecodedPayload of the chain now. */
  renewalInfo(chain: AppleSubscriptionChain): Record<string, unknown> {
    const tx = this.latest(chain);
    return {
      originalTransactionId: chain.originalTransactionId,
      productId: tx.productId,
      autoRenewProductId: chain.autoRenewProductId,
      autoRenewStatus: chain.autoRenewStatus,
      environment: chain.environment,
      signedDate: this.now,
      recentSubscriptionStartDate: tx.originalPurchaseDate,
      renewalDate: tx.expiresDate,
      renewalPrice: chain.price,
      currency: chain.currency,
      ...(chain.isInBillingRetryPeriod !== undefined ? { isInBillingRetryPeriod: chain.isInBillingRetryPeriod } : {}),
      ...(chain.gracePeriodExpiresDate !== undefined ? { gracePeriodExpiresDate: chain.gracePeriodExpiresDate } : {}),
      ...(chain.priceIncreaseStatus !== undefined ? { priceIncreaseStatus: chain.priceIncreaseStatus } : {}),
      ...(chain.expirationIntent !== undefined ? { expirationIntent: chain.expirationIntent } : {}),
      ...(chain.renewalOffer ? { offerType: chain.renewalOffer.offerType, ...(chain.renewalOffer.offerIdentifier ? { offerIdentifier: chain.renewalOffer.offerIdentifier } : {}) } : {}),
    };
  }

  /**
   * Get All Subscription Statuses for any transaction id of the customer: every chain of the
   * same customer (here: the same appAccountToken, or the one chain), grouped by subscription
   * group, each with its latest transaction and renewal info signed now.
   */
  statusResponse(transactionId: string, hostEnvironment: string): SimResponse | undefined {
    const tx = this.host.transactions.get(transactionId);
    const chain = tx ? this.chains.get(tx.originalTransactionId as string) : undefined;
    if (!tx || !chain || chain.environment !== hostEnvironment) return undefined;
    const customer = [...this.chains.values()].filter((c) =>
      c === chain || (chain.appAccountToken !== undefined && c.appAccountToken === chain.appAccountToken && c.environment === chain.environment));
    const groups = new Map<string, AppleSubscriptionChain[]>();
    for (const c of customer) groups.set(c.groupId, [...(groups.get(c.groupId) ?? []), c]);
    const now = this.now;
    return {
      status: 200,
      body: {
        environment: chain.environment,
        bundleId: this.host.opts.bundleId,
        appAppleId: this.host.opts.appAppleId,
        data: [...groups].map(([subscriptionGroupIdentifier, chains]) => ({
          subscriptionGroupIdentifier,
          lastTransactions: chains.map((c) => ({
            originalTransactionId: c.originalTransactionId,
            status: c.status,
            signedTransactionInfo: this.host.sign({ ...this.latest(c), signedDate: now }),
            signedRenewalInfo: this.host.sign(this.renewalInfo(c)),
          })),
        })),
      },
    };
  }

  chain(originalTransactionId: string): AppleSubscriptionChain {
    const chain = this.chains.get(originalTransactionId);
    if (!chain) throw new Error(`no simulated App Store subscription ${originalTransactionId}`);
    return chain;
  }

  private latest(chain: AppleSubscriptionChain): Record<string, unknown> {
    return this.host.transactions.get(chain.latestTransactionId)!;
  }

  private newTransaction(chain: AppleSubscriptionChain, t: {
    transactionId: string; productId: string; purchaseDate: number; expiresDate: number; reason: 'PURCHASE' | 'RENEWAL';
    offer?: { offerType: number; offerIdentifier?: string; offerDiscountType?: string };
  }): Record<string, unknown> {
    const first = this.host.transactions.get(chain.originalTransactionId);
    const payload: Record<string, unknown> = {
      transactionId: t.transactionId,
      originalTransactionId: chain.originalTransactionId,
      webOrderLineItemId: String(BigInt(t.transactionId) + 1n),
      bundleId: this.host.opts.bundleId,
      productId: t.productId,
      subscriptionGroupIdentifier: chain.groupId,
      purchaseDate: t.purchaseDate,
      originalPurchaseDate: (first?.purchaseDate as number | undefined) ?? t.purchaseDate,
      expiresDate: t.expiresDate,
      quantity: 1,
      type: 'Auto-Renewable Subscription',
      inAppOwnershipType: 'PURCHASED',
      signedDate: this.now,
      environment: chain.environment,
      transactionReason: t.reason,
      storefront: 'KOR',
      storefrontId: '143466',
      price: t.offer?.offerDiscountType === 'FREE_TRIAL' ? 0 : chain.price,
      currency: chain.currency,
      ...(t.offer ? {
        offerType: t.offer.offerType,
        ...(t.offer.offerIdentifier ? { offerIdentifier: t.offer.offerIdentifier } : {}),
        ...(t.offer.offerDiscountType ? { offerDiscountType: t.offer.offerDiscountType } : {}),
      } : {}),
      ...(chain.appAccountToken ? { appAccountToken: chain.appAccountToken } : {}),
    };
    this.host.transactions.set(t.transactionId, payload);
    chain.latestTransactionId = t.transactionId;
    return payload;
  }
}
