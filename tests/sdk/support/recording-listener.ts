import type { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { BillingPurchase, CommonBillingListener, DeliveryInfo, PublicProduct } from '../../../assets/common-billing/core/types';

export type Recorded =
  | { kind: 'products'; products: PublicProduct[] }
  | { kind: 'verified'; purchase: BillingPurchase; paymentToken: string }
  | { kind: 'pending'; purchase: BillingPurchase }
  | { kind: 'canceled'; purchase: BillingPurchase }
  | { kind: 'failed'; error: BillingError; purchase: BillingPurchase | null }
  | { kind: 'deliver'; purchase: BillingPurchase; info: DeliveryInfo }
  | { kind: 'finished'; purchase: BillingPurchase }
  | { kind: 'restored'; purchase: BillingPurchase }
  | { kind: 'error'; error: BillingError };

/** A listener that records every callback (the events are the outcome we assert on). */
export class RecordingListener implements CommonBillingListener {
  readonly events: Recorded[] = [];
  onProducts(products: PublicProduct[]) { this.events.push({ kind: 'products', products }); }
  onPurchaseVerified(purchase: BillingPurchase, paymentToken: string) { this.events.push({ kind: 'verified', purchase, paymentToken }); }
  onPurchasePending(purchase: BillingPurchase) { this.events.push({ kind: 'pending', purchase }); }
  onPurchaseCanceled(purchase: BillingPurchase) { this.events.push({ kind: 'canceled', purchase }); }
  onPurchaseFailed(error: BillingError, purchase: BillingPurchase | null) { this.events.push({ kind: 'failed', error, purchase }); }
  onDeliver(purchase: BillingPurchase, info: DeliveryInfo) { this.events.push({ kind: 'deliver', purchase, info }); }
  onPurchaseFinished(purchase: BillingPurchase) { this.events.push({ kind: 'finished', purchase }); }
  onRestored(purchase: BillingPurchase) { this.events.push({ kind: 'restored', purchase }); }
  onError(error: BillingError) { this.events.push({ kind: 'error', error }); }

  of<K extends Recorded['kind']>(kind: K): Extract<Recorded, { kind: K }>[] {
    return this.events.filter((e): e is Extract<Recorded, { kind: K }> => e.kind === kind);
  }
}
