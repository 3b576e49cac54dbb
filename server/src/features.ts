import type { FastifyPluginAsync } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { BillingContext } from './domain/context';
import { consoleFeature } from './console/feature';
import { lifecycleFeature } from './lifecycle/feature';
import { demoFeature } from './demo';

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

/** The app `common-billing demo` creates (sandbox market; products gas and car_upgrade). */
export const DEMO_APP_KEY = 'gas-station-demo';

/** THE list of optional features. Add one line per feature. */
export const FEATURES: Feature[] = [
  lifecycleFeature(),
  consoleFeature(),
  demoFeature(),
];
