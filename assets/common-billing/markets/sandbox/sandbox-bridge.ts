import type { BridgeEvent, BridgeMethod, BridgeParams, BridgeResult, NativeProduct, NativePurchase } from '../../protocol/bridge';
import type { SandboxPurchaseResponse, SandboxPurchasesResponse, SandboxStorePurchase } from '../../protocol/sandbox';
import { BillingError } from '../../protocol/error-codes';
import type { BillingApiClient } from '../../core/api-client';
import type { MarketBridge } from '../../core/market-bridge';
import type { PublicProduct, SandboxOutcomeChooser } from '../../core/types';

/**
 * The sandbox store as a bridge: instead of native code it calls the billing server's
 * sandbox STORE API (`/v1/sandbox/*`, protocol/sandbox.ts), which keeps the store-side
 * record like a real store would. Engine-free: it needs only the API client (fetch).
 * The outcome of each purchase comes from the injected chooser (a game's own dialog).
 */
export class SandboxBridge implements MarketBridge {
  private readonly listeners = new Set<(event: BridgeEvent) => void>();
  private closed = false;

  constructor(
    private readonly api: BillingApiClient,
    private readonly chooseOutcome: SandboxOutcomeChooser,
    private readonly products: () => PublicProduct[],
  ) {}

  async call<M extends BridgeMethod>(method: M, params: BridgeParams<M>): Promise<BridgeResult<M>> {
    if (this.closed) throw new BillingError('DISPOSED');
    return (await this.dispatch(method, params as BridgeParams<BridgeMethod>)) as BridgeResult<M>;
  }

  onEvent(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  /**
   * Settles a pending sandbox payment (what the cashier or the parent does in a real store)
   * and reports the new state the way a store does: through `purchasesUpdated`.
   */
  async resolvePending(purchaseToken: string, outcome: 'approve' | 'decline'): Promise<void> {
    const answer = await this.api.request<SandboxPurchaseResponse>('POST', `/v1/sandbox/purchases/${encodeURIComponent(purchaseToken)}/resolve`, { outcome });
    if (answer.purchase) this.emit({ type: 'purchasesUpdated', purchases: [toNative(answer.purchase)] });
  }

  private async dispatch(method: BridgeMethod, params: BridgeParams<BridgeMethod>): Promise<unknown> {
    switch (method) {
      case 'connect':
        return { connected: true };
      case 'queryProducts':
        return { products: this.storeProducts(params as BridgeParams<'queryProducts'>) };
      case 'launchPurchase':
        return this.launch(params as BridgeParams<'launchPurchase'>);
      case 'queryPurchases': {
        const answer = await this.api.request<SandboxPurchasesResponse>('GET', '/v1/sandbox/purchases');
        return { purchases: answer.purchases.filter((p) => p.state === 'purchased' || p.state === 'pending').map(toNative) };
      }
      case 'consume':
      case 'acknowledge': {
        const token = (params as BridgeParams<'consume'>).purchaseToken;
        await this.api.request('POST', `/v1/sandbox/purchases/${encodeURIComponent(token)}/${method}`, {});
        return {};
      }
      case 'finish':
        throw new BillingError('STORE_ERROR', 'Sandbox purchases close by consume or acknowledge.', { retryable: false });
    }
  }

  /**
   * The sandbox store's own product list, like a real store's answer: it sells the catalog
   * products that have a price, at that price, formatted for the player's locale. A product
   * without a price is unknown to it (the SDK lists it as invalid).
   */
  private storeProducts(params: BridgeParams<'queryProducts'>): NativeProduct[] {
    const out: NativeProduct[] = [];
    for (const p of this.products()) {
      if (!p.price || p.type !== params.type || !params.productIds.includes(p.marketProductId)) continue;
      const { amountMicros, currency } = p.price;
      out.push({ productId: p.marketProductId, type: p.type, title: p.title, description: '', formattedPrice: formatPrice(amountMicros, currency), priceMicros: amountMicros, currency });
    }
    return out;
  }

  private async launch(params: BridgeParams<'launchPurchase'>): Promise<BridgeResult<'launchPurchase'>> {
    const product = this.products().find((p) => p.marketProductId === params.productId);
    if (!product) throw new BillingError('UNKNOWN_PRODUCT');
    const outcome = await this.chooseOutcome(product);
    if (outcome === 'cancel') throw new BillingError('USER_CANCELED');
    const answer = await this.api.request<SandboxPurchaseResponse>('POST', '/v1/sandbox/purchases', {
      productId: params.productId,
      developerPayload: params.developerPayload,
      quantity: params.quantity,
      outcome,
    });
    if (outcome === 'fail' || !answer.purchase) throw new BillingError('STORE_ERROR', 'Scripted sandbox failure.', { retryable: false });
    const purchase = toNative(answer.purchase);
    // A duplicate store callback: the same purchase reported again right after the answer, as
    // some stores do on a flaky connection; the SDK and the game must deliver it once.
    if (outcome === 'duplicate') void Promise.resolve().then(() => this.emit({ type: 'purchasesUpdated', purchases: [purchase] }));
    return { purchases: [purchase] };
  }

  private emit(event: BridgeEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** A localized price string like a store's (`$0.99`, `₩1,200`); plain `0.99 USD` where Intl is missing. */
export function formatPrice(amountMicros: number, currency: string): string {
  const amount = amountMicros / 1_000_000;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Sandbox store record → the native purchase shape every adapter reads. */
export function toNative(p: SandboxStorePurchase): NativePurchase {
  return {
    productId: p.productId,
    transactionId: p.orderId,
    purchaseToken: p.purchaseToken,
    nativeState: p.state,
    quantity: 1,
    acknowledged: p.acknowledged,
    purchaseTime: 0,
    developerPayload: p.developerPayload,
    receipt: p.receipt,
  };
}
