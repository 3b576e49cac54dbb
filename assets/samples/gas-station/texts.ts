import type { PublicProduct } from 'db://common-billing/core/types';
import { CAR_UPGRADE_PRODUCT_ID, GAS_PRODUCT_ID, type Reward } from './game-rules';

/** What the player reads: product names, rewards, prices, errors (shared by Cocos and web). */

const PRODUCT_NAMES: Record<string, string> = { [GAS_PRODUCT_ID]: 'Gas', [CAR_UPGRADE_PRODUCT_ID]: 'Car upgrade' };

export function nameOf(purchase: { productId: string }): string {
  return PRODUCT_NAMES[purchase.productId] ?? purchase.productId;
}

export function rewardText(reward: Reward, recovered: boolean): string {
  const prefix = recovered ? 'Delivered from an interrupted purchase: ' : '';
  if (reward.kind === 'gas') return `${prefix}+${reward.litres} L of gas!`;
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
