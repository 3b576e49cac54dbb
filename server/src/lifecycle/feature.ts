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
    app.addHook('onReady', async () => warnUnauthenticatedNotifications(app));
    if (options.runJobs) app.addHook('onReady', async () => scheduler.start(options.tickMs));
    app.addHook('onClose', async () => scheduler.stop());
  }
  // Not encapsulated (what fastify-plugin does): `app.lifecycle` is visible on the root instance.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return { name: 'lifecycle', plugin };
}

/** The operator opted a market out of notification authentication: say so loudly at every start. */
async function warnUnauthenticatedNotifications(app: FastifyInstance): Promise<void> {
  const rows = await app.billing.db.all<{ app_key: string; market: string; config: string }>('SELECT app_key, market, config FROM app_markets WHERE enabled = 1');
  for (const row of rows) {
    let mode: unknown;
    try {
      mode = (JSON.parse(row.config) as { notificationAuth?: { mode?: unknown } }).notificationAuth?.mode;
    } catch {
      continue;
    }
    if (mode === 'unauthenticated') {
      app.log.warn({ appKey: row.app_key, market: row.market },
        'store notifications are accepted WITHOUT authentication (notificationAuth.mode "unauthenticated"): for local testing only; anyone can post them');
    }
  }
}
