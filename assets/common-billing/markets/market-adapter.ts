import type { ReservePurchaseResponse } from '../protocol/api';
import type { BridgeEvent, BridgeParams, NativeProduct, NativePurchase, SealedMarketKey } from '../protocol/bridge';
import type { ProductType } from '../protocol/common';
import { BillingError } from '../protocol/error-codes';
import { toBillingError } from '../core/bridge-client';
import type { MarketBridge } from '../core/market-bridge';
import type { MarketDefinition, StoreState } from './types';

/** The store's transaction id; Google has none while a payment is pending, so the token stands in. */
export function storeTransactionId(native: NativePurchase): string {
  return native.transactionId || native.purchaseToken;
}

/** What a purchase flow may add to the reservation: the offer, and the subscription it replaces. */
export type LaunchOptions = Pick<BridgeParams<'launchPurchase'>, 'offerId' | 'basePlanId' | 'promotionalOffer' | 'replace'>;

/** A store purchase with our state and binding attached. */
export interface StorePurchase {
  native: NativePurchase;
  state: StoreState;
  binding: string | null;
}

/**
 * Runs a market definition over its bridge: the only place where the SDK core meets a
 * store. Store-specific knowledge stays in the definition's pure functions.
 */
export class MarketAdapter {
  constructor(
    readonly definition: MarketDefinition,
    private readonly bridge: MarketBridge,
  ) {}

  /** The billing server's market id for sessions, receipts and journal entries. */
  get id(): string {
    return this.definition.serverMarket ?? this.definition.id;
  }

  /** @returns whether the bridge pre-checks purchase signatures on the device (false: only the server does). */
  async connect(marketKey: SealedMarketKey | undefined): Promise<boolean> {
    const params: { market: string; marketKey?: SealedMarketKey } = { market: this.definition.nativeMarket };
    if (marketKey) params.marketKey = marketKey;
    const result = await this.bridge.call('connect', params);
    if (!result.connected) throw new BillingError('STORE_NOT_READY');
    return result.keyCheck !== false;
  }

  /** The store's own answer for these products (unknown ones are simply absent). */
  async queryProducts(productIds: string[], type: ProductType): Promise<NativeProduct[]> {
    return productIds.length ? (await this.bridge.call('queryProducts', { productIds, type })).products : [];
  }

  /** Opens the store UI. Purchases may come back here, through `onUpdate`, or both. */
  async launch(reservation: ReservePurchaseResponse, options: LaunchOptions): Promise<StorePurchase[]> {
    const result = await this.bridge.call('launchPurchase', {
      productId: reservation.marketProductId,
      type: reservation.productType,
      quantity: reservation.quantity,
      ...this.definition.launchBinding(reservation.payload),
      ...options,
    });
    return result.purchases.map((p) => this.describe(p));
  }

  /** The store's subscription management page (for one product where the store has one). */
  async manage(productId?: string): Promise<void> {
    await this.bridge.call('manageSubscriptions', productId === undefined ? {} : { productId });
  }

  /**
   * The store's purchases of the given product types, one per purchase token: unfinished ones, and
   * owned ones already closed (`acknowledged`). `sync`: an explicit restore (the App Store syncs first).
   */
  async query(types: readonly ProductType[], sync = false): Promise<StorePurchase[]> {
    const seen = new Map<string, StorePurchase>();
    for (const type of types) {
      const result = await this.bridge.call('queryPurchases', sync ? { type, sync } : { type });
      for (const p of result.purchases) if (!seen.has(p.purchaseToken)) seen.set(p.purchaseToken, this.describe(p));
    }
    return [...seen.values()];
  }

  /**
   * Closes a delivered purchase at the store. "Not owned" means a previous run already
   * closed it (a crash after the store call), so it counts as done.
   */
  async finish(ref: { purchaseToken: string; transactionId: string }, type: ProductType): Promise<void> {
    const method = this.definition.finishMethod(type);
    try {
      if (method === 'finish') await this.bridge.call('finish', { transactionId: ref.transactionId });
      else await this.bridge.call(method, { purchaseToken: ref.purchaseToken });
    } catch (error) {
      if (error instanceof BillingError && error.code === 'ITEM_NOT_OWNED') return;
      throw error;
    }
  }

  onUpdate(listener: (purchases: StorePurchase[], error: BillingError | null, raw: BridgeEvent) => void): () => void {
    return this.bridge.onEvent((event) => {
      const error = event.error ? toBillingError(event.error) : null;
      listener(event.purchases.map((p) => this.describe(p)), error, event);
    });
  }

  reservationBinding(reservation: ReservePurchaseResponse): string {
    return this.definition.reservationBinding(reservation.payload);
  }

  close(): void {
    this.bridge.close();
  }

  private describe(native: NativePurchase): StorePurchase {
    return { native, state: this.definition.toState(native), binding: this.definition.purchaseBinding(native) };
  }
}
