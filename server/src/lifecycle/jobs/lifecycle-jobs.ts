import type { BillingContext } from '../../domain/context';
import type { Metrics } from '../../plugins/metrics';
import type { LifecycleOptions } from '../options';
import { recheckPending } from '../pending-recheck';
import { pollVoided } from '../voided-poll';
import { runWatchdog } from '../watchdog';
import { enqueueWebhookEvents } from '../webhooks/outbox';
import { deliverDueWebhooks } from '../webhooks/sender';
import type { Job } from './scheduler';

/** The lifecycle's jobs; each runs at most once per interval across all server instances. */
export function lifecycleJobs(billing: BillingContext, options: LifecycleOptions, metrics?: Metrics): Job[] {
  return [
    {
      name: 'webhooks',
      intervalMs: options.intervals.webhooks,
      async run() {
        await enqueueWebhookEvents(billing.db, billing.now(), options.webhooks.lookbackMs);
        await deliverDueWebhooks({ db: billing.db, keys: billing.keys, now: billing.now, options, metrics });
      },
    },
    {
      name: 'watchdog',
      intervalMs: options.intervals.watchdog,
      async run() {
        await runWatchdog(billing, options, metrics);
      },
    },
    {
      name: 'voided-poll',
      intervalMs: options.intervals.voidedPoll,
      async run(cursor) {
        return (await pollVoided(billing, options, cursor)).cursor;
      },
    },
    {
      name: 'pending-recheck',
      intervalMs: options.intervals.pendingRecheck,
      async run() {
        await recheckPending(billing, options.watchdog.batch);
      },
    },
  ];
}
