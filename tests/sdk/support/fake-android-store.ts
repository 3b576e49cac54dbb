import { generateKeyPairSync, sign } from 'node:crypto';
import type { BridgeParams, NativePricingPhase, NativeProduct, NativePurchase, SealedMarketKey } from '../../../assets/common-billing/protocol/bridge';
import { openMarketKey } from '../../../extensions/common-billing/src/settings/market-key-seal';
import type { JsbBridgeWrapperDouble } from '../../doubles/cc';

interface Owned {
  native: NativePurchase;
  json: Record<string, unknown>;
}

/** A subscription base plan (no offerId) or offer, as Play's ProductDetails.SubscriptionOfferDetails holds it. */
export interface PlayOffer {
  basePlanId: string;
  offerId?: string;
  offerToken: string;
  phases: NativePricingPhase[];
}

/**
 * The native side of Google Play — or, with `flavour: 'one-store'`, of ONE store (SHA512withRSA,
 * purchaseState 0 = purchased, purchaseId as transaction id, developerPayload binding) — for SDK tests (a store simulator, the one kind of fake the
 * project allows): it answers the bridge protocol over the cc double's jsbBridgeWrapper the
 * way the Java dispatcher does (README of tests/fixtures/bridge): `launchPurchase` answers
 * `{purchases: []}` and the outcome follows as a `purchasesUpdated` event; receipts are
 * signed SHA1withRSA over the exact originalJson bytes with a licence key made here.
 */
export class FakeAndroidStore {
  readonly licenceKey: string;
  private readonly privateKey;
  private readonly owned = new Map<string, Owned>();
  private seq = 0;
  /** What the next purchase flow does. */
  outcome: 'approve' | 'cancel' | 'pending' = 'approve';
  /** Deliver every purchasesUpdated event this many times (duplicate native callbacks). */
  repeatEvents = 1;
  /** The licence key connect opened from the sealed key (what Java's MarketKey does on the device). */
  connectedWith: string | undefined = undefined;
  /** Every connect's params exactly as they crossed the bridge. */
  readonly connects: Array<Record<string, unknown>> = [];
  /** Every launchPurchase's params exactly as they crossed the bridge. */
  readonly launches: Array<Record<string, unknown>> = [];
  /** Store product ids it does not sell (queryProducts leaves them out, like Play and ONE store). */
  readonly unknownProducts = new Set<string>();
  /** Subscription products' base plans and offers, by store product id. */
  readonly subscriptionOffers = new Map<string, PlayOffer[]>();
  /** The offer token each purchase flow opened with, chosen the way the Java bridge's OfferChoice does (null: none). */
  readonly offerTokens: Array<string | null> = [];
  /** Every manageSubscriptions' params. */
  readonly managed: Array<Record<string, unknown>> = [];

  constructor(
    private readonly wrapper: JsbBridgeWrapperDouble,
    private readonly packageName: string,
    private readonly flavour: 'google-play' | 'one-store' = 'google-play',
  ) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.licenceKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    this.privateKey = privateKey;
    wrapper.nativeSide = (event, arg) => {
      if (event === 'commonbilling:request' && arg) this.onRequest(JSON.parse(arg) as { id: string; method: string; params: Record<string, unknown> });
    };
  }

  ownedPurchases(): NativePurchase[] {
    return [...this.owned.values()].map((o) => o.native);
  }

  /** The pending payment was paid (cash at a shop): Play reports it with an orderId now. */
  completePending(purchaseToken: string): void {
    const owned = this.owned.get(purchaseToken)!;
    const orderId = `GPA.${1000 + ++this.seq}`;
    this.store({ ...owned.json, orderId, purchaseState: 0 }, 1);
    this.event([this.owned.get(purchaseToken)!.native]);
  }

  /**
   * A promo code redeemed in the Play Store app: a paid purchase the game never launched, so it
   * carries no obfuscated ids. The next queryPurchases reports it.
   */
  redeemPromoCode(productId: string): NativePurchase {
    const n = ++this.seq;
    const json = {
      orderId: `GPA.${1000 + n}`, packageName: this.packageName, productId, purchaseTime: 1_767_225_600_000 + n,
      purchaseState: 0, purchaseToken: `gp-promo-${n}`, quantity: 1, acknowledged: false,
    };
    this.store(json, 1);
    return this.owned.get(json.purchaseToken)!.native;
  }

  /**
   * Play renews a subscription: the same purchase token, still acknowledged, a new orderId with a
   * "..N" suffix (developer.android.com/google/play/billing/subscriptions); reported as a purchases update.
   */
  renew(purchaseToken: string, n: number): NativePurchase {
    const owned = this.owned.get(purchaseToken)!;
    const base = String(owned.json.orderId).split('..')[0];
    this.store({ ...owned.json, orderId: `${base}..${n - 1}`, acknowledged: true }, 1);
    const renewed = this.owned.get(purchaseToken)!.native;
    renewed.acknowledged = true;
    this.event([renewed]);
    return renewed;
  }

  /** OfferChoice.java: the named offer (within the named base plan), else the first base plan entry. */
  private chooseOffer(params: BridgeParams<'launchPurchase'>): string | null {
    const offers = (this.subscriptionOffers.get(params.productId) ?? []).filter((o) => params.basePlanId === undefined || o.basePlanId === params.basePlanId);
    const found = offers.find((o) => (params.offerId === undefined ? o.offerId === undefined : o.offerId === params.offerId || (o.offerId === undefined && o.basePlanId === params.offerId)));
    return found?.offerToken ?? null;
  }

  private onRequest(request: { id: string; method: string; params: Record<string, unknown> }): void {
    const answer = (result: unknown) => this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id: request.id, ok: true, result }));
    switch (request.method) {
      case 'connect':
        return this.connect(request.id, request.params, answer);
      case 'queryProducts': {
        const { productIds, type } = request.params as BridgeParams<'queryProducts'>;
        const products: NativeProduct[] = productIds.filter((id) => !this.unknownProducts.has(id))
          .map((productId) => ({ productId, type, title: `${productId} (store)`, description: '', formattedPrice: '\u20a91,200', priceMicros: 1_200_000_000, currency: 'KRW' }));
        for (const p of products) {
          const offers = type === 'subscription' ? this.subscriptionOffers.get(p.productId) : undefined;
          if (offers) {
            p.subscriptionOffers = offers.map((o) => ({
              offerId: o.offerId ?? null, basePlanId: o.basePlanId, kind: o.offerId ? 'offer' as const : 'base' as const,
              freeTrial: o.phases.length > 1 && o.phases[0]!.priceMicros === 0, pricingPhases: o.phases,
            }));
          }
        }
        return answer({ products });
      }
      case 'manageSubscriptions':
        this.managed.push(request.params);
        return answer({});
      case 'launchPurchase': {
        const params = request.params as BridgeParams<'launchPurchase'>;
        const token = this.chooseOffer(params);
        if (this.subscriptionOffers.has(params.productId) && token === null) {
          const error = { code: 'UNKNOWN_PRODUCT', message: `${params.productId} has no such offer at google-play.`, retryable: false };
          return this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id: request.id, ok: false, error }));
        }
        this.launches.push(request.params);
        this.offerTokens.push(token);
        answer({ purchases: [] });
        return this.flow(params);
      }
      case 'queryPurchases':
        return answer({ purchases: this.ownedPurchases() });
      case 'consume':
      case 'acknowledge': {
        const token = request.params.purchaseToken as string;
        const owned = this.owned.get(token);
        if (!owned) {
          return this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id: request.id, ok: false, error: { code: 'ITEM_NOT_OWNED', message: 'Item not owned', retryable: false, nativeCode: 8 } }));
        }
        if (request.method === 'consume') this.owned.delete(token);
        else owned.native.acknowledged = true;
        return answer({});
      }
      default:
        return this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id: request.id, ok: false, error: { code: 'BAD_REQUEST', message: 'unsupported', retryable: false } }));
    }
  }

  /**
   * Like the Java bridge: opens the sealed key (AES-256-GCM), refuses a damaged one; without a key
   * Google Play connects with `keyCheck: false` and ONE store refuses (MARKET_KEY_MISSING).
   */
  private connect(id: string, params: Record<string, unknown>, answer: (result: unknown) => void): void {
    this.connects.push(params);
    const fail = (code: string, message: string) => this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id, ok: false, error: { code, message, retryable: false } }));
    const key = params.marketKey as SealedMarketKey | undefined;
    if (!key) {
      if (this.flavour === 'one-store') return fail('MARKET_KEY_MISSING', 'one-store needs its licence key: enter it in the Common Billing panel (one-store, Public key).');
      this.connectedWith = undefined;
      return answer({ connected: true, keyCheck: false });
    }
    try {
      this.connectedWith = openMarketKey(key.sealed, key.dataKey, key.appKey, key.market);
    } catch {
      return fail('MARKET_KEY_INVALID', 'The market key does not open with this data key, app key and market.');
    }
    return answer({ connected: true });
  }

  private flow(params: BridgeParams<'launchPurchase'>): void {
    if (this.outcome === 'cancel') {
      this.wrapper.emitFromNative('commonbilling:event', JSON.stringify({ type: 'purchasesUpdated', purchases: [], error: { code: 'USER_CANCELED', message: 'canceled', retryable: false, nativeCode: 1 } }));
      return;
    }
    const n = ++this.seq;
    if (this.flavour === 'one-store') {
      const json = {
        orderId: `ONE-${1000 + n}`, packageName: this.packageName, productId: params.productId, purchaseTime: 1_767_225_600_000 + n,
        purchaseId: `${3000000000 + n}`, purchaseToken: `one-token-${n}`, developerPayload: params.developerPayload,
        purchaseState: 0, recurringState: -1, acknowledgeState: 0, quantity: params.quantity,
      };
      this.store(json, 0);
      return this.event([this.owned.get(json.purchaseToken)!.native]);
    }
    const pending = this.outcome === 'pending';
    // SubscriptionUpdateParams: the new purchase links the old token, which Play ends (except DEFERRED, at renewal).
    if (params.replace && params.replace.mode !== 'deferred') this.owned.delete(params.replace.purchaseToken);
    const json = {
      orderId: pending ? '' : `GPA.${1000 + n}`,
      packageName: this.packageName,
      productId: params.productId,
      purchaseTime: 1_767_225_600_000 + n,
      purchaseState: pending ? 4 : 0,
      purchaseToken: `gp-token-${n}`,
      quantity: params.quantity,
      obfuscatedAccountId: params.accountId,
      obfuscatedProfileId: params.profileId,
      acknowledged: false,
      ...(params.type === 'subscription' && { autoRenewing: true }),
      ...(params.replace && { linkedPurchaseToken: params.replace.purchaseToken }),
    };
    this.store(json, pending ? 2 : 1);
    this.event([this.owned.get(json.purchaseToken)!.native]);
  }

  private store(json: Record<string, unknown>, nativeState: number): void {
    const originalJson = JSON.stringify(json);
    const oneStore = this.flavour === 'one-store';
    const signature = sign(oneStore ? 'sha512' : 'sha1', Buffer.from(originalJson, 'utf8'), this.privateKey).toString('base64');
    const native: NativePurchase = {
      productId: json.productId as string,
      transactionId: (oneStore ? json.purchaseId : json.orderId) as string,
      purchaseToken: json.purchaseToken as string,
      nativeState,
      quantity: json.quantity as number,
      acknowledged: false,
      purchaseTime: json.purchaseTime as number,
      receipt: { originalJson, signature },
    };
    if (oneStore) native.developerPayload = json.developerPayload as string;
    else Object.assign(native, { accountId: json.obfuscatedAccountId, profileId: json.obfuscatedProfileId });
    this.owned.set(native.purchaseToken, { native, json });
  }

  private event(purchases: NativePurchase[]): void {
    for (let i = 0; i < this.repeatEvents; i++) this.wrapper.emitFromNative('commonbilling:event', JSON.stringify({ type: 'purchasesUpdated', purchases }));
  }
}
