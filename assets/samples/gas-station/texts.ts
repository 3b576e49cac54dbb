import type { PublicProduct } from 'db://common-billing/core/types';
import { CAR_UPGRADE_PRODUCT_ID, GAS_PRODUCT_ID, PREMIUM_PASS_PRODUCT_ID, premiumSecondsLeft, type PremiumPass, type Reward } from './game-rules';
import type { Notice } from './gas-station-types';

/** What the player reads: product names, rewards, prices, errors (shared by Cocos and web). */

const PRODUCT_NAMES: Record<string, string> = { [GAS_PRODUCT_ID]: 'Gas', [CAR_UPGRADE_PRODUCT_ID]: 'Car upgrade', [PREMIUM_PASS_PRODUCT_ID]: 'Premium pass' };

export function nameOf(purchase: { productId: string }): string {
  return PRODUCT_NAMES[purchase.productId] ?? purchase.productId;
}

export function rewardText(reward: Reward, recovered: boolean): string {
  const prefix = recovered ? 'Delivered from an interrupted purchase: ' : '';
  if (reward.kind === 'gas') return `${prefix}+${reward.litres} L of gas!${reward.premium ? ' (doubled by your premium pass)' : ''}`;
  if (reward.kind === 'premium-pass') return `${prefix}premium pass bought: every BUY GAS now gives double gas.`;
  if (reward.alreadyOwned) return `${prefix}your car was already upgraded.`;
  return recovered ? `${prefix}car upgraded, it now goes twice as far on a litre!` : 'Car upgraded! It now goes twice as far on a litre.';
}

export function formatPrice(product: PublicProduct): string {
  if (!product.price) return '';
  const amount = product.price.amountMicros / 1_000_000;
  return `${amount.toFixed(2)} ${product.price.currency}`;
}

export function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined;
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) return `${String(error.message)} (${String(error.code)})`;
  return error instanceof Error ? error.message : String(error);
}

const PASS_STATES: Record<string, string> = {
  ACTIVE: 'active',
  CANCELED_ACTIVE: 'canceled, paid to the end',
  IN_GRACE: 'payment failed, grace period',
  ON_HOLD: 'on hold, payment failed',
  PAUSED: 'paused',
  EXPIRED: 'expired',
  REVOKED: 'refunded',
};

/** One line about the pass: its state and, while paid, the time left on the server's clock. */
export function premiumPassText(pass: PremiumPass | null): string {
  if (!pass || pass.state === null) return 'No premium pass';
  const state = PASS_STATES[pass.state] ?? pass.state.toLowerCase();
  // Time left means something only while the period is paid; in grace the store is retrying.
  const paid = pass.state === 'ACTIVE' || pass.state === 'CANCELED_ACTIVE';
  const left = premiumSecondsLeft(pass);
  const until = paid && left !== null ? ` · ${left} s left${pass.autoRenew ? ', renews' : ''}` : '';
  const retrying = pass.state === 'IN_GRACE' ? ' · double gas continues while the store retries' : '';
  return `Premium pass: ${state}${until}${retrying}`;
}

/** What the player is told when the pass changed at the store. */
export function passNotice(before: PremiumPass | null, pass: PremiumPass): Notice {
  switch (pass.state) {
    case 'ACTIVE':
      return before?.state === 'ACTIVE'
        ? { kind: 'success', text: 'Premium pass renewed for another period.' }
        : { kind: 'success', text: before?.state === 'IN_GRACE' || before?.state === 'ON_HOLD' ? 'Premium pass payment went through: active again.' : 'Premium pass active: double gas!' };
    case 'IN_GRACE':
      return { kind: 'warning', text: 'Premium pass renewal failed: grace period, double gas continues while the store retries.' };
    case 'ON_HOLD':
      return { kind: 'warning', text: 'Premium pass on hold: the renewal still fails, double gas is off.' };
    case 'CANCELED_ACTIVE':
      return { kind: 'info', text: 'Premium pass canceled: it stays active until the end of the paid period.' };
    case 'EXPIRED':
      return { kind: 'warning', text: 'Premium pass expired: back to normal gas.' };
    case 'REVOKED':
      return { kind: 'warning', text: 'Premium pass refunded: double gas is off.' };
    default:
      return { kind: 'info', text: `Premium pass: ${String(pass.state)}.` };
  }
}
