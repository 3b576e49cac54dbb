import type { Database } from '../storage/types';
import type { ServerKeys } from './keys';
import type { MarketServices } from './market-services';

/** Everything a route or a feature needs, decorated onto Fastify as `app.billing`. */
export interface BillingContext {
  db: Database;
  keys: ServerKeys;
  markets: MarketServices;
  /** Epoch milliseconds; injected so tests control expiry. */
  now(): number;
  sessionTtlMs: number;
  reservationTtlMs: number;
}
