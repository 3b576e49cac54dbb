import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';

/**
 * Checks a market configuration against its schema before any key is parsed. A missing or
 * mistyped trust input is MARKET_NOT_CONFIGURED: the market refuses everything rather than
 * approving anything without its keys (fail closed).
 */
export function assertMarketConfig<C extends TSchema>(market: string, schema: C, config: unknown): Static<C> {
  if (!Value.Check(schema, config)) {
    const problems = [...Value.Errors(schema, config)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new BillingError('MARKET_NOT_CONFIGURED', `The ${market} configuration is incomplete: ${problems.join('; ')}`, {
      details: { market, problems },
    });
  }
  return config as Static<C>;
}

/** Raised by create() when a configured value is present but unusable (e.g. not a key). */
export function notConfigured(market: string, what: string, cause?: unknown): BillingError {
  return new BillingError('MARKET_NOT_CONFIGURED', `The ${market} configuration has an unusable ${what}.`, {
    details: { market, field: what },
    cause,
  });
}
