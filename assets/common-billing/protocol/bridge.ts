import { Type, type Static } from 'typebox';
import { ProductType } from './common';
import { Receipt } from './receipts';

/**
 * Native bridge protocol (DESIGN.md §5). One event name each way over
 * `native.jsbBridgeWrapper`, JSON strings only. The Java dispatcher and the ObjC++ bridge
 * speak exactly these messages; transcripts under `tests/fixtures/bridge/` hold both sides to them.
 */
export const BRIDGE_REQUEST_EVENT = 'commonbilling:request';
export const BRIDGE_RESPONSE_EVENT = 'commonbilling:response';
export const BRIDGE_EVENT_EVENT = 'commonbilling:event';

export const BridgeError = Type.Object({
  code: Type.String({ description: 'A code of the shared error catalog' }),
  message: Type.String(),
  retryable: Type.Optional(Type.Boolean()),
  nativeCode: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
});
export type BridgeError = Static<typeof BridgeError>;

/** A purchase as a native store reports it. `nativeState` is the store's own value. */
export const NativePurchase = Type.Object({
  productId: Type.String(),
  transactionId: Type.String({ description: 'Google orderId, ONE store purchaseId, Apple transactionId' }),
  purchaseToken: Type.String({ description: 'Token used to consume/acknowledge; Apple: the transactionId' }),
  nativeState: Type.Union([Type.Integer(), Type.String()]),
  quantity: Type.Integer({ minimum: 1 }),
  acknowledged: Type.Boolean(),
  purchaseTime: Type.Number(),
  developerPayload: Type.Optional(Type.String()),
  accountId: Type.Optional(Type.String()),
  profileId: Type.Optional(Type.String()),
  appAccountToken: Type.Optional(Type.String()),
  receipt: Receipt,
});
export type NativePurchase = Static<typeof NativePurchase>;

export const NativeProduct = Type.Object({
  productId: Type.String(),
  type: ProductType,
  title: Type.String(),
  description: Type.String(),
  formattedPrice: Type.String(),
  priceMicros: Type.Integer(),
  currency: Type.String(),
});
export type NativeProduct = Static<typeof NativeProduct>;

const NoResult = Type.Object({});

/** Every method: its params and its result. */
export const BridgeMethods = {
  connect: {
    params: Type.Object({ market: Type.String(), publicKey: Type.Optional(Type.String()) }),
    result: Type.Object({ connected: Type.Boolean() }),
  },
  queryProducts: {
    params: Type.Object({ productIds: Type.Array(Type.String()), type: ProductType }),
    result: Type.Object({ products: Type.Array(NativeProduct) }),
  },
  launchPurchase: {
    params: Type.Object({
      productId: Type.String(),
      type: ProductType,
      quantity: Type.Integer({ minimum: 1 }),
      accountId: Type.String(),
      profileId: Type.String(),
      developerPayload: Type.String(),
      appAccountToken: Type.String(),
    }),
    /** Purchases may also (or only) arrive through the `purchasesUpdated` event. */
    result: Type.Object({ purchases: Type.Array(NativePurchase) }),
  },
  queryPurchases: {
    params: Type.Object({ type: ProductType }),
    result: Type.Object({ purchases: Type.Array(NativePurchase) }),
  },
  consume: { params: Type.Object({ purchaseToken: Type.String() }), result: NoResult },
  acknowledge: { params: Type.Object({ purchaseToken: Type.String() }), result: NoResult },
  finish: { params: Type.Object({ transactionId: Type.String() }), result: NoResult },
} as const;

export type BridgeMethod = keyof typeof BridgeMethods;
export type BridgeParams<M extends BridgeMethod> = Static<(typeof BridgeMethods)[M]['params']>;
export type BridgeResult<M extends BridgeMethod> = Static<(typeof BridgeMethods)[M]['result']>;

export interface BridgeRequest<M extends BridgeMethod = BridgeMethod> {
  id: string;
  method: M;
  params: BridgeParams<M>;
}

export type BridgeResponse =
  | { id: string; ok: true; result: unknown }
  | { id: string; ok: false; error: BridgeError };

export const PurchasesUpdatedEvent = Type.Object({
  type: Type.Literal('purchasesUpdated'),
  purchases: Type.Array(NativePurchase),
  /** Set when the store reported an error for the purchase flow (e.g. user canceled). */
  error: Type.Optional(BridgeError),
});
export type PurchasesUpdatedEvent = Static<typeof PurchasesUpdatedEvent>;

export const BridgeEvent = PurchasesUpdatedEvent;
export type BridgeEvent = Static<typeof BridgeEvent>;
