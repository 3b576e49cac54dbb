import type { PurchasePayload, ReservePurchaseResponse } from '../protocol/api';
import type { BridgeParams, NativePurchase } from '../protocol/bridge';
import type { ProductType } from '../protocol/common';
import type { MarketBridge } from '../core/market-bridge';
import type { SafeLogger } from '../core/logger';
import type { BillingApiClient } from '../core/api-client';
import type { Platform, SandboxOutcomeChooser, PublicProduct } from '../core/types';

/** What a store says about one purchase, in our words (a subset of the client journal states). */
export type StoreState = 'PAID' | 'PENDING' | 'CANCELED' | 'FAILED';

/** How the purchase is closed at the store once it is delivered. */
export type FinishMethod = 'consume' | 'acknowledge' | 'finish';

/**
 * One market, as data plus pure functions (STYLE.md rules 1–3). `toState` and the payload
 * mapping are pure and table-tested; all I/O goes through the bridge the SDK hands in.
 */
export interface MarketDefinition {
  /** Our market id: what a game passes to initialize(). */
  readonly id: string;
  /** The billing server market its purchases belong to, when not `id` (Naver builds now sell through ONE store). */
  readonly serverMarket?: string;
  /** The store the native bridge must connect to (Naver builds now buy through ONE store). */
  readonly nativeMarket: string;
  readonly platforms: readonly Platform[];
  /**
   * How the market public key is used: `required` (ONE store: its SDK needs it), `optional`
   * (Google Play: without it only the server checks signatures), or absent (no key at all).
   */
  readonly marketKey?: 'required' | 'optional';
  /** Native purchase state → ours. Pure. */
  toState(native: NativePurchase): StoreState;
  /** Reservation payload → the binding fields of `launchPurchase`. Pure. */
  launchBinding(payload: PurchasePayload): Pick<BridgeParams<'launchPurchase'>, 'accountId' | 'profileId' | 'developerPayload' | 'appAccountToken'>;
  /** The binding a store purchase carries, comparable with `reservationBinding`. Pure. */
  purchaseBinding(native: NativePurchase): string | null;
  reservationBinding(payload: PurchasePayload): string;
  /** How a delivered purchase of this type is closed at the store. Pure. */
  finishMethod(type: ProductType): FinishMethod;
  /**
   * A paid subscription purchase this device has no journal entry for is a renewal (or a change
   * made outside the game), not a new purchase to deliver. Pure. Absent: never.
   */
  isRenewal?(native: NativePurchase): boolean;

  /** Markets without native code (sandbox) build their own bridge; the others use the JSB bridge. */
  createBridge?(context: MarketBridgeContext): MarketBridge;
}

export interface MarketBridgeContext {
  /** The billing server client of this SDK instance, with its session (the sandbox store API is per user). */
  api: BillingApiClient;
  chooseOutcome: SandboxOutcomeChooser;
  products(): PublicProduct[];
  log: SafeLogger;
}

export type { ReservePurchaseResponse };
