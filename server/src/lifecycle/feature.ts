import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Feature } from '../features';
import { lifecycleJobs } from './jobs/lifecycle-jobs';
import { JobScheduler } from './jobs/scheduler';
import { lifecycleOptions, type LifecycleOptions } from './options';
import { notificationRoutes } from './routes-notifications';
import { webhookRoutes } from './routes-webhooks';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: { scheduler: JobScheduler; options: LifecycleOptions };
  }
}

/**
 * The store lifecycle (issue #4): notification intake, refunds and voids, pending
 * resolution, the 3-day deadline watchdog, the voided-purchases poll and outbound webhooks.
 * Jobs start when the server is ready and stop before it closes; instances coordinate
 * through leases in the shared database.
 */
export function lifecycleFeature(overrides: Partial<LifecycleOptions> = {}): Feature {
  const options = lifecycleOptions(overrides);
  async function plugin(app: FastifyInstance): Promise<void> {
    const scheduler = new JobScheduler(lifecycleJobs(app.billing, options, app.metrics), {
      db: app.billing.db,
      now: app.billing.now,
      holder: `instance-${randomUUID()}`,
      leaseMs: options.leaseMs,
      log: app.log,
    });
    app.decorate('lifecycle', { scheduler, options });
    await notificationRoutes(app, options);
    await webhookRoutes(app);
    if (options.runJobs) app.addHook('onReady', async () => scheduler.start(options.tickMs));
    app.addHook('onClose', async () => scheduler.stop());
  }
  // Not encapsulated (what fastify-plugin does): `app.lifecycle` is visible on the root instance.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return { name: 'lifecycle', plugin };
}
