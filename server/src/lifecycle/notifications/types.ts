import type { FastifyBaseLogger } from 'fastify';
import type { BillingContext } from '../../domain/context';
import type { VerifiedReceipt } from '../../markets/types';
import type { LifecycleOptions } from '../options';
import type { SubscriptionNotice } from '../../subscriptions/types';

/** What the store says happened to a purchase; the server re-reads the purchase before acting. */
export type StoreSignal =
  | 'completed' // a (pending) purchase went through
  | 'canceled' // a pending purchase was declined / cancelled
  | 'voided' // refund, chargeback, revoke: the purchase is no longer paid
  | 'partial-refund' // part of the quantity refunded; the purchase stays
  | 'refund-reversed' // an earlier refund was undone
  | 'note'; // a timeline event only (refund declined, consumption request)

/** A notification whose authenticity and app its market's parser checked. */
export interface ParsedNotification {
  /** The store's id of this notification (Pub/Sub messageId, notificationUUID, PNS purchase+state). */
  notificationId: string;
  appKey: string;
  /** The store's own name of the event, e.g. ONE_TIME_PRODUCT_PURCHASED, REFUND, COMPLETED. */
  kind: string;
  /** A type the parser does not know (added by the store later): stored and answered 200, never refused. */
  unknownKind?: boolean;
  /** Absent for test notifications and events about nothing we track. */
  purchase?: {
    /** Google/ONE purchaseToken or Apple transactionId, whichever names our row. */
    purchaseToken?: string;
    storeTransactionId?: string;
    marketProductId?: string;
    signal: StoreSignal;
    /** Stored as the revoke reason or on the timeline. */
    reason: string;
    /** When the store says it happened (epoch ms). */
    at?: number;
    /** A signed statement the parser verified (Apple JWS): enough on its own when no store API exists. */
    signed: boolean;
    /** The store-signed transaction itself (Apple), so a paid purchase we have no row for is recorded UNCLAIMED. */
    transaction?: VerifiedReceipt;
  };
  /** A subscription event (issue #16): the subscription core applies it (subscriptions/types.ts). */
  subscription?: SubscriptionNotice;
}

export interface IntakeContext {
  billing: BillingContext;
  options: LifecycleOptions;
  log: FastifyBaseLogger;
}

/** The request as a market parser sees it. */
export interface NotificationRequest {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** The URL the store posted to (the default Pub/Sub push audience). */
  url: string;
}

/** One per market: authenticates, parses and names the app; throws BillingError NOTIFICATION_*. */
export interface NotificationParser {
  market: string;
  parse(request: NotificationRequest, ctx: IntakeContext): Promise<ParsedNotification>;
}
