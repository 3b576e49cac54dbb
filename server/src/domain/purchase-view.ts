import type { Purchase } from '../../../assets/common-billing/protocol/api';
import type { ServerKeys } from './keys';
import { paymentTokenFor } from './tokens';

/** A payment token exists only for a paid purchase (VERIFIED, or CONSUMED and replayed). */
export function withPaymentToken(keys: ServerKeys, purchase: Purchase): { purchase: Purchase; paymentToken: string | null } {
  const paid = purchase.state === 'VERIFIED' || purchase.state === 'CONSUMED';
  return { purchase, paymentToken: paid ? paymentTokenFor(keys, purchase.purchaseId) : null };
}
