import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { marketIds } from '../markets/registry';
import type { Database } from '../storage/types';
import { BACKLOG_COUNT_CAP, unfinishedBacklog } from '../lifecycle/watchdog-schedule';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const LAG_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 86_400];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const SYNC_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The server's Prometheus metrics (prom-client), one registry per server instance so that
 * several servers in one process (tests) never share counters. Label values come from route
 * templates, market ids, catalog codes and store event names, never from free client input.
 * docs/production.md lists them and docs/prometheus-rules.yml alerts on them.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly r = [this.registry];

  readonly httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status.', labelNames: ['method', 'route', 'status'], registers: this.r });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds', help: 'Request latency by route.', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: this.r,
  });
  readonly verifications = new Counter({
    name: 'billing_verifications_total', help: 'Receipt verifications (POST /v1/receipts) by market and outcome code (OK or the error code).', labelNames: ['market', 'code'], registers: this.r,
  });
  readonly consumes = new Counter({
    name: 'billing_consumes_total', help: 'Consume calls by result: first, repeat (idempotent answer) or the error code.', labelNames: ['result'], registers: this.r,
  });
  readonly notifications = new Counter({
    name: 'billing_notifications_total', help: 'Store notifications by market, store event type and outcome (processed, unmatched, ignored, duplicate, failed or the error code).',
    labelNames: ['market', 'type', 'outcome'], registers: this.r,
  });
  readonly notificationsRefused = new Counter({
    name: 'billing_notifications_refused_total', help: 'Store notifications refused for lack of (or failed) authentication.', labelNames: ['market', 'code'], registers: this.r,
  });
  readonly webhookAttempts = new Counter({ name: 'billing_webhook_attempts_total', help: 'Outbound webhook attempts by outcome (delivered, retry, dead).', labelNames: ['outcome'], registers: this.r });
  readonly webhookFailures = new Counter({ name: 'billing_webhook_failures_total', help: 'Outbound webhook attempts that failed (no 2xx answer).', labelNames: ['reason'], registers: this.r });
  readonly webhookLag = new Histogram({
    name: 'billing_webhook_delivery_lag_seconds', help: 'From the purchase event to its webhook delivered (2xx).', buckets: LAG_BUCKETS, registers: this.r,
  });
  readonly watchdogActions = new Counter({
    name: 'billing_watchdog_actions_total', help: 'Deadline watchdog outcomes (reason: why a purchase was skipped).', labelNames: ['market', 'outcome', 'reason'], registers: this.r,
  });
  readonly claims = new Counter({ name: 'billing_claims_total', help: 'Purchases without a reservation claimed for a user.', labelNames: ['market'], registers: this.r });
  readonly stuckUndelivered = new Counter({
    name: 'billing_purchases_stuck_undelivered_total', help: 'Paid purchases found undelivered past the threshold.', labelNames: ['market'], registers: this.r,
  });
  readonly commitBatchSize = new Histogram({ name: 'billing_group_commit_batch_size', help: 'Writes carried by one group-commit transaction.', buckets: BATCH_BUCKETS, registers: this.r });
  readonly commitSyncSeconds = new Histogram({
    name: 'billing_group_commit_sync_seconds', help: 'Time to make committed batches durable (COMMIT, or the WAL sync that covers them).', buckets: SYNC_BUCKETS, registers: this.r,
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A market id for a label: known ids as they are, anything else (client input) as "other". */
  static market(id: string | undefined): string {
    return id !== undefined && marketIds().includes(id) ? id : 'other';
  }

  /** The purchases the 3-day watchdog still has to finish at the store, read when scraped. */
  watchBacklog(db: Database, now: () => number): void {
    let pending: Promise<Array<{ market: string; n: number; oldest: number }>> | undefined;
    // Both gauges are read by one scrape: one read serves them. It is bounded (an index seek and a
    // capped count per market): a scrape must not cost more as the backlog grows.
    const read = () => (pending ??= unfinishedBacklog(db, marketIds()).finally(() => setImmediate(() => (pending = undefined))));
    new Gauge({
      name: 'billing_watchdog_backlog',
      help: `Paid purchases not yet finished (acknowledged/consumed) at the store, by market; counted up to ${BACKLOG_COUNT_CAP.toLocaleString('en')}.`,
      labelNames: ['market'], registers: this.r,
      async collect() {
        this.reset();
        for (const row of await read()) this.set({ market: row.market }, row.n);
      },
    });
    new Gauge({
      name: 'billing_oldest_unfinished_purchase_age_seconds', help: 'Age of the oldest paid purchase not yet finished at the store, by market (3-day deadline).',
      labelNames: ['market'], registers: this.r,
      async collect() {
        this.reset();
        const at = now();
        for (const row of await read()) this.set({ market: row.market }, Math.max(0, (at - row.oldest) / 1000));
      },
    });
  }

  /** Group-commit batch sizes and sync times, as the committer reports them. */
  watchCommits(db: Database): void {
    db.observeCommits({
      batch: (writes) => this.commitBatchSize.observe(writes),
      synced: (seconds) => this.commitSyncSeconds.observe(seconds),
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A catalog code for a label: BillingError codes as they are, anything else INTERNAL. */
export function errorCodeOf(error: unknown): string {
  return error instanceof BillingError ? error.code : 'INTERNAL';
}

export function installMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}
