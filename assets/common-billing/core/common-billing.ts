import type { Product } from '../protocol/api';
import type { EntitlementsResponse } from '../protocol/entitlements';
import type { ProductType } from '../protocol/common';
import { BillingError } from '../protocol/error-codes';
import { MarketAdapter, type LaunchOptions, type StorePurchase } from '../markets/market-adapter';
import { findMarket } from '../markets/registry';
import type { MarketDefinition } from '../markets/types';
import { BillingApiClient } from './api-client';
import { BridgeClient } from './bridge-client';
import { Journal } from './journal';
import { ListenerDispatch } from './listener-dispatch';
import { quietConsoleLogger, SafeLogger } from './logger';
import { sealedMarketKey } from './market-key';
import { listProducts } from './product-list';
import { Mutex } from './mutex';
import { PurchaseEngine } from './purchase-engine';
import { reconcile } from './reconcile';
import { isTerminal } from './states';
import { restoreOwned } from './restore';
import type {
  BillingPurchase, ChangeSubscriptionOptions, CommonBillingApi, CommonBillingListener, CommonBillingOptions, DeliveryInfo, LoginResult, ProductList, PurchaseOptions,
  PurchaseResult,
} from './types';

const DEFAULT_BRIDGE_TIMEOUT_MS = 120_000;

/**
 * The SDK entry point. One instance per game; `initialize` once, `login` per user.
 * Everything it touches (fetch, storage, clock, logger, native transport) is injected.
 */
export class CommonBilling implements CommonBillingApi {
  private phase: 'new' | 'initializing' | 'ready' | 'disposed' = 'new';
  private definition!: MarketDefinition;
  private options!: CommonBillingOptions;
  private dispatch!: ListenerDispatch;
  private log!: SafeLogger;
  private api!: BillingApiClient;
  private adapter!: MarketAdapter;
  private journal!: Journal;
  private engine: PurchaseEngine | null = null;
  private products: Product[] = [];
  private readonly openProducts = new Set<string>();
  private readonly launching = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  /** "No on-device key check" is said once per instance, not at every login. */
  private keyCheckOffSaid = false;
  /** One lock over the journal for every engine this instance makes (see PurchaseEngine.mutex). */
  private readonly journalLock = new Mutex();

  async initialize(market: string, listener: CommonBillingListener, options: CommonBillingOptions): Promise<void> {
    if (this.phase === 'disposed') throw new BillingError('DISPOSED');
    if (this.phase !== 'new') throw new BillingError('ALREADY_INITIALIZED');
    this.phase = 'initializing';
    try {
      const definition = findMarket(market);
      if (!definition) throw new BillingError('UNKNOWN_MARKET', `Unknown market "${market}".`);
      if (!definition.platforms.includes(options.platform)) {
        throw new BillingError('MARKET_NOT_ON_PLATFORM', `${market} does not exist on ${options.platform}.`);
      }
      if (!options.serverUrl || !options.appKey) throw new BillingError('BAD_REQUEST', 'serverUrl and appKey are required.');
      this.definition = definition;
      this.options = options;
      this.log = new SafeLogger(options.logger ?? quietConsoleLogger).child(market);
      this.dispatch = new ListenerDispatch(listener, this.log);
      this.api = new BillingApiClient(options.serverUrl, options.appKey, options.fetch);
      const bridge = this.createBridge(definition, options);
      this.adapter = new MarketAdapter(definition, options.decorateBridge ? options.decorateBridge(bridge) : bridge);
      this.journal = await Journal.open(options.storage, `commonbilling/${options.appKey}`, options.clock ?? { now: () => Date.now() });
      this.unsubscribe = this.adapter.onUpdate((purchases, error) => this.onStoreUpdate(purchases, error));
      this.phase = 'ready';
    } catch (error) {
      this.phase = 'new';
      throw error;
    }
  }

  async login(userKey: string, loginToken?: string): Promise<LoginResult> {
    this.requireReady();
    const session = await this.api.createSession(this.adapter.id, userKey, loginToken);
    this.products = session.products;
    const keyCheck = await this.adapter.connect(sealedMarketKey(this.definition, this.options, session.marketKey));
    if (!keyCheck && !this.keyCheckOffSaid) {
      this.keyCheckOffSaid = true;
      this.log.warn('no market key: only the billing server checks purchase signatures');
    }
    const engine = new PurchaseEngine(this.journal, this.api, this.adapter, this.dispatch, this.log, userKey, this.products, this.options.consumeModel ?? 'server', this.journalLock);
    this.engine = engine;
    let listed: ProductList;
    try {
      listed = await listProducts(this.adapter, this.products);
    } catch (error) {
      this.reportError(error, 'store products not listed (ask getProducts() again)');
      listed = { valid: [], invalid: this.products.map((p) => ({ ...p, reason: 'STORE_UNAVAILABLE' as const })) };
    }
    this.dispatch.emit('onProducts', listed.valid);
    let store: StorePurchase[] | null = null;
    try {
      store = (await this.adapter.query(this.productTypes())).filter((p) => !this.isFinishedOwnership(p));
    } catch (error) {
      this.reportError(error, 'store purchases not listed (next login reconciles)');
    }
    const replayed = await reconcile(engine, store, session.unfinished, this.launching);
    return { products: listed.valid, invalid: listed.invalid, replayed };
  }

  async getProducts(): Promise<ProductList> {
    this.requireLogin();
    return listProducts(this.adapter, this.products);
  }

  /**
   * What the logged-in player owns now, from the server (never the device's clock or cache):
   * non-consumables as entitlements that never expire, ACTIVE or REVOKED.
   */
  async getEntitlements(): Promise<EntitlementsResponse> {
    this.requireLogin();
    return this.api.entitlements();
  }

  purchase(productId: string, quantity = 1, options: PurchaseOptions = {}): Promise<PurchaseResult> {
    return this.buy(productId, quantity, options);
  }

  /**
   * A subscription change is a purchase of the new product through the same reservation and
   * verification; where the store replaces tokens, the old purchase's token comes from the store.
   */
  async changeSubscription(fromProductId: string, toProductId: string, options: ChangeSubscriptionOptions = {}): Promise<PurchaseResult> {
    this.requireLogin();
    const from = this.storeProductId(fromProductId);
    const { replacementMode, ...launch }: ChangeSubscriptionOptions & LaunchOptions = options;
    // The store's token of the old one: Google Play and ONE store replace it (SubscriptionUpdateParams);
    // StoreKit ignores it, a purchase within the subscription group is the change there.
    const owned = (await this.adapter.query(['subscription'])).find((p) => p.native.productId === from && p.state === 'PAID');
    if (!owned) throw new BillingError('ITEM_NOT_OWNED');
    launch.replace = { purchaseToken: owned.native.purchaseToken, mode: replacementMode ?? 'with-time-proration' };
    return this.buy(toProductId, 1, launch);
  }

  async manageSubscriptions(productId?: string): Promise<void> {
    this.requireLogin();
    await this.adapter.manage(productId && this.storeProductId(productId));
  }

  /** Throws UNKNOWN_PRODUCT for a product the catalog does not have. */
  private storeProductId(productId: string): string {
    const product = this.products.find((p) => p.productId === productId);
    if (!product) throw new BillingError('UNKNOWN_PRODUCT');
    return product.marketProductId;
  }

  private async buy(productId: string, quantity: number, options: LaunchOptions): Promise<PurchaseResult> {
    const engine = this.requireLogin();
    this.storeProductId(productId);
    const open = engine.openEntries().some((e) => e.productId === productId && !isTerminal(e.state));
    if (open || this.openProducts.has(productId)) throw new BillingError('PURCHASE_IN_PROGRESS');
    this.openProducts.add(productId);
    try {
      const reservation = await this.api.reserve(productId, quantity);
      const key = reservation.purchaseId;
      const landed = () => this.launching.delete(key);
      // In flight from before its entry exists until its outcome arrives: a reconciliation
      // meanwhile must not take it for vanished, and Google and ONE store answer the launch
      // first and report the result (or a cancel with no purchase attached) as a later event.
      this.launching.add(key);
      const entry = await this.journal.create({
        key,
        userKey: engine.userKey,
        market: this.adapter.id,
        purchaseId: reservation.purchaseId,
        productId: reservation.productId,
        marketProductId: reservation.marketProductId,
        productType: reservation.productType,
        quantity: reservation.quantity,
        state: 'RESERVED',
        binding: this.adapter.reservationBinding(reservation),
        storeTransactionId: null,
        purchaseToken: null,
        receipt: null,
        paymentToken: null,
        server: null,
      }).catch((error: unknown) => {
        landed();
        throw error;
      });
      const outcome = engine.waitFor(entry.key);
      outcome.then(landed, landed);
      let purchases: StorePurchase[];
      try {
        purchases = await this.adapter.launch(reservation, options);
      } catch (error) {
        const failure = BillingError.from(error, 'STORE_ERROR');
        // A timeout or a lost answer may still end in a payment: keep the reservation for the next reconciliation.
        if (failure.retryable && failure.code !== 'USER_CANCELED') {
          engine.rejectWaiter(entry.key, failure);
          this.dispatch.emit('onPurchaseFailed', failure, null);
        } else {
          await engine.handleLaunchError([entry.key], failure);
        }
        return await outcome;
      }
      await engine.handleStorePurchases(purchases, false);
      return await outcome;
    } finally {
      this.openProducts.delete(productId);
    }
  }

  consume(purchaseId: string): Promise<DeliveryInfo> {
    return this.requireLogin().consume(purchaseId);
  }

  confirmDelivered(purchaseId: string): Promise<void> {
    return this.requireLogin().confirmDelivered(purchaseId);
  }

  /**
   * Asks the store for every product type, like login: unfinished purchases are reconciled the
   * same way (a pending payment the store declined is closed as canceled, one it approved is
   * delivered); owned purchases already closed at the store are restored.
   */
  async restore(): Promise<BillingPurchase[]> {
    const engine = this.requireLogin();
    const store = await this.adapter.query(this.productTypes(), true);
    const owned = store.filter((p) => this.isFinishedOwnership(p) && !engine.findForStore(p));
    await reconcile(engine, store.filter((p) => !owned.includes(p)), [], this.launching);
    const restored = await restoreOwned(engine, owned);
    for (const purchase of restored) this.dispatch.emit('onRestored', purchase);
    return restored;
  }

  async dispose(): Promise<void> {
    if (this.phase === 'disposed') return;
    this.phase = 'disposed';
    this.unsubscribe?.();
    this.adapter?.close();
    for (const key of this.launching) this.engine?.rejectWaiter(key, new BillingError('DISPOSED'));
    this.engine = null;
  }

  /** Purchases that are the user's property, already closed at the store (restore only). */
  private isFinishedOwnership(p: StorePurchase): boolean {
    const product = this.products.find((x) => x.marketProductId === p.native.productId);
    return p.native.acknowledged && p.state === 'PAID' && product !== undefined && product.type !== 'consumable';
  }

  private onStoreUpdate(purchases: StorePurchase[], error: BillingError | null): void {
    const engine = this.engine;
    if (!engine) return this.log.warn('store update before login');
    const work = purchases.length > 0 ? engine.handleStorePurchases(purchases, false) : error ? engine.handleLaunchError([...this.launching], error) : Promise.resolve();
    work.catch((failure: unknown) => this.reportError(failure, 'store update failed (journal keeps it)'));
  }

  private createBridge(definition: MarketDefinition, options: CommonBillingOptions) {
    if (definition.createBridge) {
      return definition.createBridge({
        api: this.api,
        chooseOutcome: options.sandboxOutcome ?? (async () => 'approve'),
        products: () => this.products,
        log: this.log,
      });
    }
    if (!options.transport) throw new BillingError('STORE_NOT_READY', `${definition.id} needs options.transport.`, { retryable: false });
    return new BridgeClient(options.transport, this.log.child('bridge'), options.bridgeTimeoutMs ?? DEFAULT_BRIDGE_TIMEOUT_MS);
  }

  private productTypes(): ProductType[] {
    const types = new Set<ProductType>(this.products.map((p) => p.type));
    return types.size > 0 ? [...types] : ['consumable'];
  }

  private reportError(error: unknown, message: string): void {
    const failure = BillingError.from(error, 'INTERNAL');
    this.log.warn(message, { code: failure.code });
    this.dispatch.emit('onError', failure);
  }

  private requireReady(): void {
    if (this.phase === 'disposed') throw new BillingError('DISPOSED');
    if (this.phase !== 'ready') throw new BillingError('NOT_INITIALIZED');
  }

  private requireLogin(): PurchaseEngine {
    this.requireReady();
    if (!this.engine) throw new BillingError('NOT_LOGGED_IN');
    return this.engine;
  }
}
