import type { Product, ProductSubscription, Purchase as ServerPurchase } from '../protocol/api';
import type { ProductType } from '../protocol/common';
import type { BillingError } from '../protocol/error-codes';
import type { NativeSubscriptionOffer, ReplacementMode, SignedPromotionalOffer } from '../protocol/bridge';
import type { EntitlementsResponse } from '../protocol/entitlements';
import type { BridgeTransport } from './bridge-transport';
import type { MarketBridge } from './market-bridge';

/**
 * The public surface of the CommonBilling SDK. Games (and the sample game) program against
 * these types only; everything else in core/ and markets/ is internal.
 * @public
 */

/** Async key-value storage the journal writes to (sys.localStorage on device, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The subset of WHATWG fetch the SDK uses; inject `globalThis.fetch` or a test double. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** Where the game runs; decides which markets exist (a market on the wrong platform is an error). */
export type Platform = 'android' | 'ios' | 'web' | 'editor';

/**
 * Who consumes a verified purchase at the billing server.
 * - `server`: the game's own server consumes with its secret key and the paymentToken (recommended).
 * - `build-in`: no game server; the game calls `consume(purchaseId)` and the SDK consumes with its session.
 */
export type ConsumeModel = 'server' | 'build-in';

/** What the sandbox store dialog decided; a game/demo may show its own dialog. */
/** 'duplicate': the sandbox store charges once and reports the purchase to the device twice. */
export type SandboxOutcomeChooser = (product: PublicProduct) => Promise<'approve' | 'cancel' | 'pending' | 'fail' | 'duplicate'>;

export interface CommonBillingOptions {
  /** Billing server base URL, e.g. `https://billing.example.com` (no trailing slash needed). */
  serverUrl: string;
  /** The app key issued by the billing server (sent as X-App-Key). */
  appKey: string;
  platform: Platform;
  storage: KeyValueStorage;
  fetch: FetchLike;
  /** The native bridge transport (JSB on device). Markets other than sandbox need it. */
  transport?: BridgeTransport;
  /**
   * The market public key, AES-256-GCM encrypted by the editor panel (`cbk1.…`). Handed sealed,
   * with the data key from login, to the native bridge, which opens it (Android only).
   */
  encryptedMarketKey?: string;
  consumeModel?: ConsumeModel;
  /** Sandbox market only: decides the outcome of each sandbox purchase. Default: approve. */
  sandboxOutcome?: SandboxOutcomeChooser;
  clock?: Clock;
  logger?: Logger;
  /** Wraps the market's bridge (native or sandbox), e.g. to record or inspect store traffic. */
  decorateBridge?: (bridge: MarketBridge) => MarketBridge;
  /** How long a native bridge call may take before BRIDGE_TIMEOUT. Default 120 s (store UI is slow). */
  bridgeTimeoutMs?: number;
}

/** A product of the catalog, as the billing server lists it for this market. */
export type PublicProduct = Product;

/**
 * A catalog product the store sells, with the store's answer: show `formattedPrice` (the
 * store's localized price string); `price` is the store's amount in micros and its currency.
 */
export interface ListedProduct extends Product {
  price: { amountMicros: number; currency: string };
  formattedPrice: string;
  /** The store's (localized) title and description; `title` stays the catalog's. */
  storeTitle: string;
  description: string;
  /** Subscriptions: the store's offers (base plans / the standard price, introductory, promotional, offers). */
  subscription?: SubscriptionInfo;
}

/** A subscription offer as the store lists it; `freeTrial`: its first pricing phase costs nothing. */
export type SubscriptionOffer = NativeSubscriptionOffer;

/** The catalog's entitlement group and period, with the store's offers. */
export interface SubscriptionInfo extends ProductSubscription {
  offers: SubscriptionOffer[];
  /** App Store: the store's subscription group id; null elsewhere. */
  storeGroup: string | null;
}

/**
 * A catalog product that cannot be sold here: the store does not know it or has it inactive
 * (`NOT_AT_STORE`), or has it as another product type (`TYPE_MISMATCH`).
 */
export interface InvalidProduct extends Product {
  /** `STORE_UNAVAILABLE`: login could not ask the store (the error went to onError); ask again with getProducts(). */
  reason: 'NOT_AT_STORE' | 'TYPE_MISMATCH' | 'STORE_UNAVAILABLE';
}

/** The catalog merged with the store's answer. */
export interface ProductList {
  valid: ListedProduct[];
  invalid: InvalidProduct[];
}

/** A purchase handed to the game. `purchaseId` is stable across replays: grant idempotently on it. */
export interface BillingPurchase {
  purchaseId: string;
  productId: string;
  marketProductId: string;
  productType: ProductType;
  quantity: number;
  market: string;
  /** Store transaction id (Google orderId, Apple transactionId, ONE store purchaseId), once known. */
  storeTransactionId: string | null;
  /** True when this purchase is being replayed after a restart, a crash or a restore. */
  recovered: boolean;
  /** The billing server's record, when the server has answered for this purchase. */
  server: ServerPurchase | null;
}

export interface DeliveryInfo {
  /** True when the billing server had already consumed it (a replay): the game may have granted it. */
  alreadyConsumed: boolean;
}

/**
 * The game's listener. Every method is optional; each call is isolated, so a throwing
 * callback is logged and never breaks the purchase pipeline.
 */
export interface CommonBillingListener {
  /** Login finished; the products the store sells, with the store's prices (see ProductList). */
  onProducts?(products: ListedProduct[]): void;
  /** The billing server verified the payment. Server model: send paymentToken to your game server. */
  onPurchaseVerified?(purchase: BillingPurchase, paymentToken: string): void;
  /** The store holds the payment (e.g. cash, parental approval); nothing is paid yet. */
  onPurchasePending?(purchase: BillingPurchase): void;
  onPurchaseCanceled?(purchase: BillingPurchase): void;
  /** The purchase failed; `error.retryable` says whether the journal keeps it for a retry. */
  onPurchaseFailed?(error: BillingError, purchase: BillingPurchase | null): void;
  /** Build-in model: consumed at the server; grant the item now (idempotent on purchaseId), then confirmDelivered. */
  onDeliver?(purchase: BillingPurchase, info: DeliveryInfo): void;
  /** The store-side purchase is finished; the journal entry is closed. */
  onPurchaseFinished?(purchase: BillingPurchase): void;
  /** A non-consumable or subscription the user owns, reported by restore(). */
  onRestored?(purchase: BillingPurchase): void;
  /** Something failed outside a single purchase (login, reconcile, bridge). */
  onError?(error: BillingError): void;
}

export interface LoginResult {
  /** The products the store sells, with its prices. */
  products: ListedProduct[];
  /** Catalog products the store does not sell. */
  invalid: InvalidProduct[];
  /** How many unfinished purchases were replayed to the listener. */
  replayed: number;
}

export interface PurchaseOptions {
  /**
   * Google Play (Play Billing 8): the offer to buy — a one-time product's offer or purchase option id, a
   * subscription's offer id. Absent: the base purchase option or base plan, never a promotion.
   */
  offerId?: string;
  /** Google Play subscriptions: the base plan (of the offer, or itself). Absent: the first base plan that matches. */
  basePlanId?: string;
  /**
   * App Store subscriptions: a promotional offer signed by your server (Apple's subscription offer key never
   * leaves a server). An introductory offer needs nothing: StoreKit applies it when the player is eligible.
   */
  promotionalOffer?: SignedPromotionalOffer;
}

export interface ChangeSubscriptionOptions extends PurchaseOptions {
  /** Google Play and ONE store: how the change is charged (default `with-time-proration`). ONE store has no `charge-full-price`. */
  replacementMode?: ReplacementMode;
}

/** How a purchase() call ended; failures reject with a BillingError instead. */
export interface PurchaseResult {
  status: 'verified' | 'pending' | 'canceled';
  purchase: BillingPurchase;
}

/** The SDK instance: `const billing = new CommonBilling(); await billing.initialize(market, listener, options)`. */
export interface CommonBillingApi {
  /** Throws UNKNOWN_MARKET, MARKET_NOT_ON_PLATFORM, ALREADY_INITIALIZED. */
  initialize(market: string, listener: CommonBillingListener, options: CommonBillingOptions): Promise<void>;
  /**
   * Opens a session, connects the store, reconciles and replays unfinished purchases (recovered: true).
   * `loginToken` comes from the game server (docs/integration.md); required unless the app is sandbox-only
   * with login tokens off. Throws LOGIN_TOKEN_REQUIRED / LOGIN_TOKEN_INVALID / LOGIN_TOKEN_EXPIRED.
   */
  login(userKey: string, loginToken?: string): Promise<LoginResult>;
  /** Asks the store again and merges its answer with the catalog from the last login. */
  getProducts(): Promise<ProductList>;
  /** Throws NOT_LOGGED_IN, UNKNOWN_PRODUCT, PURCHASE_IN_PROGRESS, NETWORK_ERROR, STORAGE_FAILED … */
  purchase(productId: string, quantity?: number, options?: PurchaseOptions): Promise<PurchaseResult>;
  /** Build-in model: consume a verified purchase at the billing server, then onDeliver fires. */
  consume(purchaseId: string): Promise<DeliveryInfo>;
  /** The item is granted: finish the purchase at the store and close the journal entry. */
  confirmDelivered(purchaseId: string): Promise<void>;
  /**
   * Upgrade, downgrade or crossgrade: Google Play and ONE store replace the owned `fromProductId`
   * subscription (ITEM_NOT_OWNED when the store lists none); the App Store changes within the group.
   * The new subscription arrives like a purchase (onPurchaseVerified …).
   */
  changeSubscription(fromProductId: string, toProductId: string, options?: ChangeSubscriptionOptions): Promise<PurchaseResult>;
  /** Opens the store's subscription management (one product's page where the store has one). */
  manageSubscriptions(productId?: string): Promise<void>;
  /** What the player has now, from the server's clock: non-consumables and subscriptions (`active`: grant the benefits). */
  getEntitlements(): Promise<EntitlementsResponse>;
  /** Reports owned non-consumables/subscriptions (onRestored) and re-runs reconciliation. */
  restore(): Promise<BillingPurchase[]>;
  dispose(): Promise<void>;
}
