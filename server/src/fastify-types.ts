import type { BillingContext } from './domain/context';
import type { Metrics } from './plugins/metrics';

declare module 'fastify' {
  interface FastifyInstance {
    billing: BillingContext;
    metrics: Metrics;
  }
}
