import { Type, type Static } from 'typebox';
import { Environment, MarketId, PurchaseId, PurchaseIdAnyCase, PurchaseState, Text, Token } from '../../../assets/common-billing/protocol/common';

/**
 * The console HTTP API (`/console/api/...`). The server validates with these schemas and the
 * browser code imports the derived types (type-only, so no schema code reaches the bundle).
 */

export const ConsoleRole = Type.Union([Type.Literal('viewer'), Type.Literal('support'), Type.Literal('admin')]);
export type ConsoleRole = Static<typeof ConsoleRole>;

export const ConsoleAccount = Type.Object({ email: Type.String(), role: ConsoleRole });
export type ConsoleAccount = Static<typeof ConsoleAccount>;

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

/** Answer to sign-in and to `GET /me`: who is signed in and the CSRF token for writes. */
export const SessionInfo = Type.Object({
  account: ConsoleAccount,
  csrfToken: Type.String(),
  /** Choices for the search form, so the browser never keeps its own copy of these lists. */
  filters: Type.Object({ markets: Type.Array(Type.String()), states: Type.Array(Type.String()), environments: Type.Array(Type.String()) }),
});
export type SessionInfo = Static<typeof SessionInfo>;

/** Years 1970–9999: no purchase is older, and the default range (30 days back) stays a valid day. */
const Day = Type.String({ pattern: '^(?:19[7-9]\\d|[2-9]\\d{3})-\\d{2}-\\d{2}$', description: 'UTC day, YYYY-MM-DD' });

/** Every filter of the payment search; all optional, combined with AND. */
export const SearchQuery = Type.Object(
  {
    userKey: Type.Optional(Text(128)),
    orderId: Type.Optional(Text(256)),
    storeTransactionId: Type.Optional(Text(256)),
    purchaseToken: Type.Optional(Text(2048)),
    purchaseId: Type.Optional(PurchaseIdAnyCase),
    developerPayload: Type.Optional(Text(2048)),
    market: Type.Optional(MarketId),
    state: Type.Optional(PurchaseState),
    environment: Type.Optional(Environment),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    cursor: Type.Optional(Token(200)),
    /** Query strings are not coerced (TypeBox validator), so numbers travel as digit strings. */
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: 'Page size 1–200' })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const PurchaseRow = Type.Object({
  purchaseId: Type.String(),
  userKey: Type.String(),
  market: Type.String(),
  productId: Type.String(),
  state: PurchaseState,
  environment: Environment,
  test: Type.Boolean(),
  storeTransactionId: Type.Union([Type.String(), Type.Null()]),
  storeFinished: Type.Boolean(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  /** What the store charged (× quantity), in `currency`; the catalog price when `priceEstimated`. */
  amountMicros: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  /** True when the amount is the catalog price, not what the store reported. */
  priceEstimated: Type.Boolean(),
  /** True when the receipt could not tell a test purchase (Google without the Play Developer API). */
  testUnknown: Type.Boolean(),
  createdAt: Type.String(),
});
export type PurchaseRow = Static<typeof PurchaseRow>;

export const SearchResponse = Type.Object({
  items: Type.Array(PurchaseRow),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type SearchResponse = Static<typeof SearchResponse>;

export const TimelineEntry = Type.Object({
  at: Type.String(),
  kind: Type.String({ description: 'reservation, store-result, verification, consume, store-finish, notification, webhook, console' }),
  summary: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const NoteEntry = Type.Object({ at: Type.String(), author: Type.String(), text: Type.String() });
export type NoteEntry = Static<typeof NoteEntry>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const PurchaseDetail = Type.Object({
  purchase: Type.Intersect([
    PurchaseRow,
    Type.Object({
      /** The app the player belongs to: with `userKey` it names the player (the entitlement view). */
      appKey: Type.String(),
      productType: Type.String({ description: 'consumable, non-consumable, subscription' }),
      marketProductId: Type.String(),
      purchaseToken: Type.Union([Type.String(), Type.Null()]),
      developerPayload: Type.Union([Type.String(), Type.Null()]),
      updatedAt: Type.String(),
      redeliveryRequested: Type.Boolean(),
      refundedByHand: Type.Boolean(),
    }),
  ]),
  verification: Type.Object({
    outcome: Type.String({ description: 'verified, rejected, pending, not-submitted' }),
    errorCode: Type.Union([Type.String(), Type.Null()]),
  }),
  /** The receipt as submitted, with signatures and other secrets replaced by "[redacted]". */
  receipt: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  timeline: Type.Array(TimelineEntry),
  notes: Type.Array(NoteEntry),
  audit: Type.Array(AuditEntry),
  /** The actions the signed-in agent may take on this purchase now (role and state). */
  actions: Type.Array(Type.String()),
});
export type PurchaseDetail = Static<typeof PurchaseDetail>;

export const PurchaseIdParams = Type.Object({ purchaseId: PurchaseId });

/** Every console action asks for a reason; it is stored in the audit log. */
export const ReasonBody = Type.Object({ reason: Text(1000, { min: 3 }) }, { additionalProperties: false });
export type ReasonBody = Static<typeof ReasonBody>;

/** Support gives an UNCLAIMED purchase to a player (promo code redeemed outside the game). */
export const AssignBody = Type.Object(
  {
    userKey: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBody>;

export const ActionResponse = Type.Object({ ok: Type.Literal(true), auditId: Type.Integer() });
export type ActionResponse = Static<typeof ActionResponse>;

export const QueueKind = Type.Union([Type.Literal('undelivered'), Type.Literal('deadline'), Type.Literal('unclaimed'), Type.Literal('unconfirmed-revocations')]);
export type QueueKind = Static<typeof QueueKind>;
export const QueueParams = Type.Object({ kind: QueueKind });
export const QueueItem = Type.Intersect([PurchaseRow, Type.Object({ deadlineAt: Type.Union([Type.String(), Type.Null()]) })]);
export type QueueItem = Static<typeof QueueItem>;
export const QueueResponse = Type.Object({ items: Type.Array(QueueItem) });
export type QueueResponse = Static<typeof QueueResponse>;

export const StatsQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
export type StatsQuery = Static<typeof StatsQuery>;
export const RevenuePoint = Type.Object({
  day: Type.String(),
  market: Type.String(),
  currency: Type.String(),
  amountMicros: Type.Integer(),
  count: Type.Integer(),
  /** How many of `count` are priced from the catalog (the store reported no price). */
  estimatedCount: Type.Integer(),
});
export type RevenuePoint = Static<typeof RevenuePoint>;
export const StatsResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  revenue: Type.Array(RevenuePoint),
  countsByState: Type.Array(Type.Object({ state: Type.String(), count: Type.Integer() })),
});
export type StatsResponse = Static<typeof StatsResponse>;

export const AuditQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'At most this many entries (1–999)' })) }, { additionalProperties: false });
export const AuditResponse = Type.Object({ items: Type.Array(AuditEntry) });
export type AuditResponse = Static<typeof AuditResponse>;
