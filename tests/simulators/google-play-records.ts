import { randomBytes, randomInt } from 'node:crypto';

/** Unacknowledged purchases are refunded after three days (Play policy). */
export const AUTO_REFUND_MS = 3 * 24 * 60 * 60 * 1000;

export interface GooglePurchaseRecord {
  packageName: string;
  productId: string;
  purchaseToken: string;
  orderId: string;
  purchaseTimeMs: number;
  /** Developer API v1 values: 0 Purchased, 1 Canceled, 2 Pending. */
  purchaseState: 0 | 1 | 2;
  acknowledged: boolean;
  consumed: boolean;
  test: boolean;
  /** Promo-code redemption: purchaseType 1 in the Developer API (ProductPurchase.purchaseType). */
  promo?: boolean;
  quantity: number;
  obfuscatedAccountId?: string;
  obfuscatedProfileId?: string;
  developerPayload?: string;
}

export interface GoogleVoidedRecord {
  purchaseToken: string;
  orderId: string;
  purchaseTimeMillis: string;
  voidedTimeMillis: string;
  /** 0 User, 1 Developer, 2 Google. */
  voidedSource: number;
  /** 0 Other … 7 Chargeback, 8 Unacknowledged_purchase. */
  voidedReason: number;
}

/** The store side of Play purchases: tokens, states, acknowledgement, voids. */
export class GooglePurchaseBook {
  readonly purchases = new Map<string, GooglePurchaseRecord>();
  readonly voided: GoogleVoidedRecord[] = [];
  private orderSeq = 10000;
  /** Order ids are unique across the whole store: each simulator gets its own merchant prefix. */
  private readonly orderPrefix = `GPA.${randomInt(1000, 10000)}-${randomInt(1000, 10000)}-${randomInt(1000, 10000)}`;

  constructor(private readonly now: () => number) {}

  newToken(): string {
    // Real tokens are long opaque strings of letters, digits, '.', '-' and '_'.
    return `${randomBytes(12).toString('base64url')}.AO-J1O${randomBytes(24).toString('base64url')}`;
  }

  newOrderId(): string {
    this.orderSeq += 1;
    return `${this.orderPrefix}-${this.orderSeq}`;
  }

  add(record: GooglePurchaseRecord): void {
    this.purchases.set(record.purchaseToken, record);
  }

  get(token: string): GooglePurchaseRecord | undefined {
    this.autoRefund();
    return this.purchases.get(token);
  }

  void(record: GooglePurchaseRecord, reason: number, source = 2): void {
    record.purchaseState = 1;
    this.voided.push({
      purchaseToken: record.purchaseToken,
      orderId: record.orderId,
      purchaseTimeMillis: String(record.purchaseTimeMs),
      voidedTimeMillis: String(this.now()),
      voidedSource: source,
      voidedReason: reason,
    });
  }

  /** Applies the three-day rule on the injected clock; called on every read. */
  autoRefund(): void {
    for (const record of this.purchases.values()) {
      if (record.purchaseState === 0 && !record.acknowledged && this.now() - record.purchaseTimeMs > AUTO_REFUND_MS) {
        this.void(record, 8);
      }
    }
  }
}
