import type { FastifyPluginAsync } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { BillingContext } from './domain/context';

/** What `common-billing demo` hands to each feature after it created the demo app. */
export interface DemoSeedContext {
  billing: BillingContext;
  log: FastifyBaseLogger;
  /** The demo app created (idempotently) by `demo`. */
  appKey: string;
  /** Its secret key, only when it was created in this run (it is stored hashed). */
  appSecret?: string;
  baseUrl: string;
}

/**
 * An optional part of the server (demo page, support console, …). `app.ts` registers every
 * plugin listed below after the core routes; the plugin sees `app.billing` and `app.metrics`.
 * `seedDemo` runs during `common-billing demo` (idempotently: it runs on every start).
 */
export interface Feature {
  name: string;
  plugin: FastifyPluginAsync;
  seedDemo?(ctx: DemoSeedContext): Promise<void>;
}

/** THE list of optional features. Add one line per feature. */
export const FEATURES: Feature[] = [];
