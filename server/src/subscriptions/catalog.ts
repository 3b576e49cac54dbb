import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { parsePeriod } from './period';

/** The catalog's subscription fields: the entitlement group it grants and its billing period. */
export interface SubscriptionDefinition {
  /** The entitlement group, e.g. `vip`: every product of a group grants the same entitlement. */
  group: string;
  /** ISO-8601 duration: P1W, P1M, P3M, P6M, P1Y… (see period.ts). */
  period: string;
}

const GROUP = /^[\x21-\x7e]{1,128}$/;

/**
 * A catalog entry's subscription fields are required for type `subscription` and refused for
 * the other types (PRODUCT_SUBSCRIPTION_INVALID): a subscription without a period could not be
 * estimated or re-checked, and a consumable with one would silently never grant anything.
 */
export function checkSubscriptionDefinition(p: { productId: string; type: string; subscription?: SubscriptionDefinition | null }): void {
  const s = p.subscription ?? undefined;
  if (p.type !== 'subscription') {
    if (s) throw new BillingError('PRODUCT_SUBSCRIPTION_INVALID', `Product "${p.productId}" is a ${p.type}: only subscription products have \`subscription\`.`);
    return;
  }
  if (!s) throw new BillingError('PRODUCT_SUBSCRIPTION_INVALID', `Subscription product "${p.productId}" needs \`subscription: { group, period }\`.`);
  if (typeof s.group !== 'string' || !GROUP.test(s.group)) {
    throw new BillingError('PRODUCT_SUBSCRIPTION_INVALID', `Subscription product "${p.productId}": \`group\` must be 1–128 printable characters.`);
  }
  if (typeof s.period !== 'string' || !parsePeriod(s.period)) {
    throw new BillingError('PRODUCT_SUBSCRIPTION_INVALID', `Subscription product "${p.productId}": \`period\` must be an ISO-8601 duration of years, months, weeks or days (P1W, P1M, P3M, P1Y).`);
  }
}

/** A subscription product of the catalog, as the core needs it for one market. */
export interface SubscriptionProduct {
  productId: string;
  marketProductId: string;
  group: string;
  period: string;
  /** The catalog price: what a period is recorded at (estimated) when the store does not say what it charged. */
  price: { amountMicros: number; currency: string } | null;
}

/** The app's subscription products for one market, by market product id. */
export type SubscriptionCatalog = ReadonlyMap<string, SubscriptionProduct>;
