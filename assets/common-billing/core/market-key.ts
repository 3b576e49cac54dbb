import type { SealedMarketKey } from '../protocol/bridge';
import { BillingError } from '../protocol/error-codes';
import type { MarketDefinition } from '../markets/types';
import type { CommonBillingOptions } from './types';

/**
 * The sealed market key with what opens it, for the native bridge only (it decrypts on the
 * device). ONE store cannot run without it: login stops here, naming the panel field.
 */
export function sealedMarketKey(definition: MarketDefinition, options: CommonBillingOptions, dataKey: string | null): SealedMarketKey | undefined {
  const use = definition.marketKey;
  const sealed = options.encryptedMarketKey;
  if (!use) return undefined;
  if (sealed && dataKey) return { sealed, dataKey, appKey: options.appKey, market: definition.id };
  if (use === 'required') {
    throw new BillingError('MARKET_KEY_MISSING', sealed
      ? 'The billing server has no data key for this app: Common Billing panel, Data key.'
      : `${definition.id} needs its licence key: Common Billing panel, ${definition.id}, Public key; copy the encrypted keys into the component.`);
  }
  return undefined;
}
