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

/**
 * A game that delivers what it is handed, as the sample game does: build-in model, it
 * consumes every verified purchase and confirms every delivery. `settle()` waits for those
 * follow-up calls (and theirs).
 */
export class DeliveringGame extends RecordingListener {
  billing: { consume(purchaseId: string): Promise<unknown>; confirmDelivered(purchaseId: string): Promise<void> } | null = null;
  private readonly work: Promise<unknown>[] = [];

  override onPurchaseVerified(purchase: BillingPurchase, paymentToken: string) {
    super.onPurchaseVerified(purchase, paymentToken);
    this.track(this.billing?.consume(purchase.purchaseId));
  }

  override onDeliver(purchase: BillingPurchase, info: DeliveryInfo) {
    super.onDeliver(purchase, info);
    this.track(this.billing?.confirmDelivered(purchase.purchaseId));
  }

  async settle(): Promise<void> {
    for (let seen = -1; seen !== this.work.length; ) {
      seen = this.work.length;
      await Promise.all(this.work);
    }
  }

  private track(work: Promise<unknown> | undefined): void {
    if (work) this.work.push(work.catch((error: unknown) => this.events.push({ kind: 'error', error: error as BillingError })));
  }
}
