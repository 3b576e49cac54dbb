import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Environment, ProductType } from '../../../assets/common-billing/protocol/common';
import type { BillingContext } from '../domain/context';
import type { NotificationAuth } from '../domain/notification-auth';
import type { Job } from '../lifecycle/jobs/scheduler';
import type { NotificationParser } from '../lifecycle/notifications/types';
import type { LifecycleOptions } from '../lifecycle/options';
import type { Database } from '../storage/types';
import type { MarketSubscriptions } from '../subscriptions/types';

/**
 * The contract between the server core and each market folder (STYLE.md rule 1 and 7).
 * A market module turns its own configuration into a verifier (and, where the store has a
 * server API, a store client). Every trust input comes in through `create`; nothing is read
 * from globals, and missing configuration is an error (fail closed), never an approval.
 */

/** Time and I/O a market may use; injected so tests drive them (simulators, fixed clocks). */
export interface MarketContext {
  /** Milliseconds since the epoch. */
  now(): number;
  fetch: typeof fetch;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** The server's database, for a market whose store runs in this process (the sandbox store's own records). */
  db?: Database;
}

/** What a verifier extracts from a receipt whose signature, package and format it has checked. */
export interface VerifiedReceipt {
  market: string;
  /** Unique per market: Google orderId (or purchaseToken when absent), Apple transactionId, ONE store purchaseId. */
  storeTransactionId: string;
  /** The token the store needs to acknowledge/consume (Google/ONE purchaseToken, Apple transactionId). */
  purchaseToken: string;
  marketProductId: string;
  /** PURCHASED = paid. PENDING is never paid. CANCELED = the store says it is void. */
  state: 'PURCHASED' | 'PENDING' | 'CANCELED';
  quantity: number;
  purchaseTimeMs: number;
  environment: Environment;
  /** Licence-tester / sandbox / test purchase: flagged, never counted as revenue. */
  test: boolean;
  /**
   * True when the receipt cannot tell a test purchase from a real one (Google Play without the
   * Developer API): `test` is then false, but only as a guess.
   */
  testUnknown?: boolean;
  /** What the store says it charged, per unit (Apple JWS price/currency, ONE store API); absent = unknown. */
  charged?: { priceMicros: number; currency: string };
  /** Whatever binding the receipt carries; the core checks it against the reservation. */
  binding: {
    developerPayload?: string;
    obfuscatedAccountId?: string;
    obfuscatedProfileId?: string;
    appAccountToken?: string;
  };
  /** True when the store already shows it acknowledged/consumed/finished. */
  storeFinished: boolean;
  /** The decoded payload, kept for audit (secrets are not part of receipts). */
  decoded: Record<string, unknown>;
}

export interface ReceiptVerifier {
  /** Throws BillingError with a verification code (RECEIPT_*) or VERIFICATION_RETRYABLE. */
  verify(receipt: unknown): Promise<VerifiedReceipt>;
}

/** A purchase as a store's server API reports it now (used for re-reads, watchdog, notifications). */
export interface StorePurchaseStatus {
  state: 'PURCHASED' | 'PENDING' | 'CANCELED' | 'REFUNDED';
  acknowledged: boolean;
  consumed: boolean;
  test: boolean;
  /** What the store charged per unit, when its answer says so. */
  charged?: { priceMicros: number; currency: string };
  raw: Record<string, unknown>;
}

export interface StorePurchaseRef {
  marketProductId: string;
  purchaseToken: string;
  storeTransactionId: string;
  developerPayload?: string;
  /** The catalog type: a store whose API reads or finishes subscriptions elsewhere (Google Play, ONE store) needs it. */
  productType?: ProductType;
}

/** Store server API, for markets that have one (Google Play, ONE store, App Store lookups). */
export interface StoreServerApi {
  getPurchase(ref: StorePurchaseRef): Promise<StorePurchaseStatus>;
  acknowledge?(ref: StorePurchaseRef): Promise<void>;
  consume?(ref: StorePurchaseRef): Promise<void>;
}

export interface MarketService {
  verifier: ReceiptVerifier;
  storeApi?: StoreServerApi;
  /** Subscriptions (issue #16); absent = the market sells none. Contract: subscriptions/types.ts. */
  subscriptions?: MarketSubscriptions;
}

export interface MarketModule<C extends TSchema = TSchema> {
  id: string;
  /** TypeBox schema of this market's per-app configuration (keys, package/bundle id, environment, base URLs). */
  configSchema: C;
  /** Throws BillingError('MARKET_NOT_CONFIGURED') when a trust input is missing or unusable. */
  create(config: Static<C>, ctx: MarketContext): MarketService;
  /** What the operator should know about a valid configuration, logged once at start (e.g. a weaker mode). */
  notices?(config: Static<C>): string[];
  /** Server notifications (POST /v1/notifications/{market}); absent = the market has none. */
  notifications?: MarketNotifications;
  /**
   * The store refunds a paid purchase that is not acknowledged/consumed in time (Google Play and
   * ONE store: 3 days): the watchdog finishes such purchases and the console shows the deadline queue.
   */
  refundsUnfinished?: boolean;
  /** Scheduled jobs of this market (e.g. Google's voided-purchases poll); names are global and stable. */
  lifecycleJobs?(billing: BillingContext, options: LifecycleOptions): Job[];
  /** Registers HTTP routes the server serves for this market (the sandbox store). */
  registerRoutes?(app: FastifyInstance): Promise<void>;
}

/**
 * A market's server notifications: how each app authenticates them (`notificationAuth` in the
 * market config) and the parser. Members are functions so that nothing is read from the core's
 * modules while the registry is still loading (the parsers import the intake's helpers).
 */
export interface MarketNotifications {
  /** TypeBox union of the `notificationAuth` modes this market accepts. */
  authModes(): TSchema;
  /** The mode used when none is configured; absent = refuse (NOTIFICATION_AUTH_NOT_CONFIGURED). */
  defaultAuth?(): NotificationAuth;
  /** What to configure, quoted in NOTIFICATION_AUTH_NOT_CONFIGURED. */
  configureHint: string;
  /** What this store's notification body needs, and no more (checked before the parser runs). */
  limits: { maxDepth: number; maxBytes: number };
  createParser(): NotificationParser;
}
