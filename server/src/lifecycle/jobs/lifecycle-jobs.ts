import type { BillingContext } from '../../domain/context';
import { marketModules } from '../../markets/registry';
import type { Metrics } from '../../plugins/metrics';
import type { LifecycleOptions } from '../options';
import { expireReservations } from '../expire-reservations';
import { recheckPending } from '../pending-recheck';
import { runWatchdog } from '../watchdog';
import { enqueueWebhookEvents } from '../webhooks/outbox';
import { deliverDueWebhooks } from '../webhooks/sender';
import { recheckSubscriptions, SUBSCRIPTION_RECHECK_INTERVAL_MS } from '../../subscriptions/recheck';
import type { Job } from './scheduler';

const OUTBOX_MARGIN_MS = 10 * 60_000;

/** The lifecycle's jobs; each runs at most once per interval across all server instances. */
export function lifecycleJobs(billing: BillingContext, options: LifecycleOptions, metrics?: Metrics): Job[] {
  return [
    {
      name: 'webhooks',
      intervalMs: options.intervals.webhooks,
      async run(cursor) {
        // Purchase events are stamped before their commit: re-scan a margin below the newest seen.
        const since = Math.max(0, Number(cursor ?? 0) - OUTBOX_MARGIN_MS);
        const { newestAt } = await enqueueWebhookEvents(billing.db, billing.now(), options.webhooks.lookbackMs, since);
        await deliverDueWebhooks({ db: billing.db, keys: billing.keys, now: billing.now, options, metrics });
        return String(Math.max(Number(cursor ?? 0), newestAt));
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
      name: 'pending-recheck',
      intervalMs: options.intervals.pendingRecheck,
      async run() {
        await recheckPending(billing, options.watchdog.batch);
      },
    },
    {
      name: 'expire-reservations',
      intervalMs: options.intervals.expireReservations,
      async run() {
        // Several batches per run, so a backlog drains without one long transaction.
        for (let i = 0; i < 20; i++) {
          if ((await expireReservations(billing, options.reservationGraceMs, 500)) < 500) break;
        }
      },
    },
    {
      // Subscriptions (issue #16): read again before a period ends; catches a missed notification.
      name: 'subscription-recheck',
      intervalMs: SUBSCRIPTION_RECHECK_INTERVAL_MS,
      async run() {
        await recheckSubscriptions(billing, { batch: options.watchdog.batch });
      },
    },
    // The markets' own jobs (Google's voided-purchases poll).
    ...marketModules().flatMap((m) => m.lifecycleJobs?.(billing, options) ?? []),
  ];
}
