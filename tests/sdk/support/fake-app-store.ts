import type { BridgeParams, NativePurchase } from '../../../assets/common-billing/protocol/bridge';
import type { JsbBridgeWrapperDouble } from '../../doubles/cc';
import type { ApplePki } from '../../simulators/apple-pki';
import { signEs256Jws } from '../../simulators/jws';

/**
 * The native side of StoreKit 2 for SDK tests (store simulator): `launchPurchase` answers
 * with the outcome itself (README of tests/fixtures/bridge), transactions are JWS signed by a
 * test PKI shaped like Apple's, `finish` removes a transaction from the unfinished ones.
 * Runs on the cc double in iOS ordering (answers inside `dispatchEventToNative`).
 */
export class FakeAppStore {
  private readonly unfinished = new Map<string, NativePurchase>();
  private seq = 0;
  outcome: 'purchased' | 'cancel' = 'purchased';
  /** Store product ids that are non-consumables (they stay entitled once finished). */
  readonly nonConsumables = new Set<string>();
  /** Store product ids that are auto-renewable subscriptions (entitled once finished, renewed by renew()). */
  readonly subscriptions = new Set<string>();
  /** Every launchPurchase's and manageSubscriptions' params as they crossed the bridge. */
  readonly launches: Array<Record<string, unknown>> = [];
  readonly managed: Array<Record<string, unknown>> = [];
  /** Finished non-consumables: Transaction.currentEntitlements, reported with `acknowledged: true`. */
  readonly entitled = new Map<string, NativePurchase>();
  /** Every queryPurchases params (an explicit restore asks with `sync: true` for AppStore.sync()). */
  readonly queries: Array<Record<string, unknown>> = [];

  constructor(
    private readonly wrapper: JsbBridgeWrapperDouble,
    private readonly pki: ApplePki,
    private readonly bundleId: string,
    private readonly now: () => number,
  ) {
    wrapper.nativeSide = (event, arg) => {
      if (event === 'commonbilling:request' && arg) this.onRequest(JSON.parse(arg) as { id: string; method: string; params: Record<string, unknown> });
    };
  }

  unfinishedTransactions(): NativePurchase[] {
    return [...this.unfinished.values()];
  }

  private onRequest(request: { id: string; method: string; params: Record<string, unknown> }): void {
    const ok = (result: unknown) => this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id: request.id, ok: true, result }));
    const fail = (code: string, nativeCode: string) =>
      this.wrapper.emitFromNative('commonbilling:response', JSON.stringify({ id: request.id, ok: false, error: { code, message: code, retryable: false, nativeCode } }));
    switch (request.method) {
      case 'connect':
        return ok({ connected: true });
      case 'manageSubscriptions':
        this.managed.push(request.params);
        return ok({});
      case 'launchPurchase':
        this.launches.push(request.params);
        if (this.outcome === 'cancel') return fail('USER_CANCELED', 'userCancelled');
        return ok({ purchases: [this.buy(request.params as BridgeParams<'launchPurchase'>)] });
      case 'queryProducts': {
        const { productIds, type } = request.params as BridgeParams<'queryProducts'>;
        return ok({ products: productIds.map((productId) => ({ productId, type, title: productId, description: '', formattedPrice: '\u20a91,200', priceMicros: 1_200_000_000, currency: 'KRW' })) });
      }
      case 'queryPurchases':
        this.queries.push(request.params);
        return ok({ purchases: [...this.unfinishedTransactions(), ...this.entitled.values()] });
      case 'finish': {
        const id = request.params.transactionId as string;
        const done = this.unfinished.get(id);
        this.unfinished.delete(id);
        // StoreKit keeps a finished non-consumable in Transaction.currentEntitlements.
        if (done && (this.nonConsumables.has(done.productId) || this.subscriptions.has(done.productId))) this.entitled.set(id, { ...done, acknowledged: true });
        return ok({});
      }
      default:
        return fail('BAD_REQUEST', 'unsupported');
    }
  }

  /**
   * The App Store renews: a new transaction with the first one's originalTransactionId and
   * appAccountToken, unfinished, delivered through Transaction.updates (a purchasesUpdated event).
   */
  renew(original: NativePurchase): NativePurchase {
    const renewed = this.buy({ productId: original.productId, quantity: 1, appAccountToken: original.appAccountToken ?? '' }, original.transactionId, 'RENEWAL');
    for (const [id, entitled] of this.entitled) if (entitled.originalTransactionId === original.transactionId) this.entitled.delete(id);
    this.wrapper.emitFromNative('commonbilling:event', JSON.stringify({ type: 'purchasesUpdated', purchases: [renewed] }));
    return renewed;
  }

  private buy(params: Pick<BridgeParams<'launchPurchase'>, 'productId' | 'quantity' | 'appAccountToken'>, originalId?: string, reason = 'PURCHASE'): NativePurchase {
    const transactionId = String(2000000000000000 + ++this.seq);
    const originalTransactionId = originalId ?? transactionId;
    const at = this.now();
    const payload = {
      transactionId, originalTransactionId, bundleId: this.bundleId, productId: params.productId, purchaseDate: at,
      originalPurchaseDate: at, signedDate: at, quantity: params.quantity, type: this.subscriptions.has(params.productId) ? 'Auto-Renewable Subscription' : this.nonConsumables.has(params.productId) ? 'Non-Consumable' : 'Consumable', inAppOwnershipType: 'PURCHASED',
      environment: 'Sandbox', appAccountToken: params.appAccountToken, transactionReason: reason,
      ...(this.subscriptions.has(params.productId) && { expiresDate: at + 30 * 86_400_000 }), storefront: 'KOR', currency: 'KRW', price: 1200000,
    };
    const native: NativePurchase = {
      productId: params.productId, transactionId, purchaseToken: transactionId, nativeState: 'purchased', quantity: params.quantity, acknowledged: false,
      purchaseTime: at, appAccountToken: params.appAccountToken, originalTransactionId, receipt: { signedTransaction: signEs256Jws(payload, this.pki.leafKey, { x5c: this.pki.x5c }) },
    };
    this.unfinished.set(transactionId, native);
    return native;
  }
}
