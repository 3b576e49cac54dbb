import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { SandboxSubscriptionAction, SandboxSubscriptionScript, SandboxStoreSubscription } from '../../../../assets/common-billing/protocol/sandbox';
import type { Database, SqlExecutor } from '../../storage/types';
import type { SubscriptionNotice } from '../../subscriptions/types';
import { UnmatchedNotice } from './core-delivery';
import { act, advance, nextDue, type StoreStep, type SubscriptionRecord } from './subscription-clock';
import { recordFromRow, snapshotOf, storeView } from './subscription-view';

/** How the store's notifications reach the subscription core (in-process: our own store). */
export type StoreNotificationSink = (appKey: string, notificationId: string, notice: SubscriptionNotice) => Promise<void>;

export interface SubscriptionClockConfig {
  periodMs: number;
  graceMs: number;
  holdMs: number;
}

interface EventRow {
  event_id: string;
  purchase_token: string;
  app_key: string;
  seq: number;
  type: string;
  event_time: number;
  record: string;
  created_at: number;
}

/** How long a notification for a subscription the core does not know yet is retried. */
const UNMATCHED_RETRY_MS = 10 * 60_000;

/** A tester's action racing the renewal job: the loser reads the record again, a few times at most. */
const CAS_ATTEMPTS = 3;

/**
 * The sandbox store's subscription records and their notifications. Every change (the store's
 * clock, a tester's action) is one compare-and-set UPDATE plus its event rows in one
 * transaction; the events are then delivered to the subscription core, which is idempotent on
 * their ids, so a second server instance or a retry delivers nothing twice.
 */
export class SandboxSubscriptionStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly sink: StoreNotificationSink,
  ) {}

  /** A new subscription, started by the first purchase (same token, same order id). */
  async start(tx: SqlExecutor, first: { purchaseToken: string; orderId: string; appKey: string; userKey: string; productId: string; developerPayload: string; at: number; script: SandboxSubscriptionScript }, clock: SubscriptionClockConfig): Promise<SubscriptionRecord> {
    const r: SubscriptionRecord = {
      purchase_token: first.purchaseToken,
      order_id: first.orderId,
      app_key: first.appKey,
      user_key: first.userKey,
      product_id: first.productId,
      developer_payload: first.developerPayload,
      state: 'ACTIVE',
      script: first.script,
      auto_renew: 1,
      period_ms: clock.periodMs,
      grace_ms: clock.graceMs,
      hold_ms: clock.holdMs,
      period_start: first.at,
      period_end: first.at + clock.periodMs,
      retry_end: null,
      renewals: 0,
      revoked_at: null,
      next_due_at: null,
      event_seq: 0,
      created_at: first.at,
      updated_at: first.at,
    };
    r.next_due_at = nextDue(r);
    await tx.run(
      `INSERT INTO sandbox_store_subscriptions (purchase_token, order_id, app_key, user_key, product_id, developer_payload, state, script, auto_renew,
         period_ms, grace_ms, hold_ms, period_start, period_end, retry_end, renewals, revoked_at, next_due_at, event_seq, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.purchase_token, r.order_id, r.app_key, r.user_key, r.product_id, r.developer_payload, r.state, r.script, r.auto_renew,
        r.period_ms, r.grace_ms, r.hold_ms, r.period_start, r.period_end, r.retry_end, r.renewals, r.revoked_at, r.next_due_at, r.event_seq, r.created_at, r.updated_at],
    );
    return r;
  }

  async find(token: string): Promise<SubscriptionRecord | undefined> {
    const row = await this.db.get<SubscriptionRecord>('SELECT * FROM sandbox_store_subscriptions WHERE purchase_token = ?', [token]);
    return row ? recordFromRow(row) : undefined;
  }

  async list(appKey: string, userKey: string): Promise<SandboxStoreSubscription[]> {
    const rows = await this.db.all<SubscriptionRecord>(
      'SELECT * FROM sandbox_store_subscriptions WHERE app_key = ? AND user_key = ? ORDER BY created_at, purchase_token LIMIT 50',
      [appKey, userKey],
    );
    const now = this.now();
    return rows.map((row) => {
      const r = recordFromRow(row);
      return storeView(advance(r, now).at(-1)?.record ?? r, now);
    });
  }

  /** A tester's action on the player's subscription (the clock catches up first). */
  async apply(owner: { appKey: string; userKey: string }, token: string, action: SandboxSubscriptionAction): Promise<SandboxStoreSubscription> {
    const record = await this.change(token, (r, now) => {
      if (r.app_key !== owner.appKey || r.user_key !== owner.userKey) throw new BillingError('PURCHASE_NOT_FOUND');
      const steps = advance(r, now);
      const extra = act(steps.at(-1)?.record ?? r, action, now);
      return extra ? [...steps, extra] : steps;
    });
    await this.deliver(token);
    return storeView(record, this.now());
  }

  /** The store's clock: every record that is due moves on, then every undelivered event goes out. */
  async runClock(limit = 200): Promise<{ changed: number; delivered: number }> {
    const now = this.now();
    const due = await this.db.all<{ purchase_token: string }>(
      'SELECT purchase_token FROM sandbox_store_subscriptions WHERE next_due_at IS NOT NULL AND next_due_at <= ? ORDER BY next_due_at LIMIT ?',
      [now, limit],
    );
    let changed = 0;
    for (const { purchase_token: token } of due) {
      await this.change(token, (r, at) => advance(r, at));
      changed += 1;
    }
    return { changed, delivered: await this.deliver(undefined, limit) };
  }

  /**
   * Delivers undelivered events in the store's order (of one subscription, or all). A failed
   * delivery stays undelivered, and so do the later events of that subscription: the job
   * tries again, and the core never hears a renewal before the grace that preceded it.
   */
  async deliver(token?: string, limit = 200): Promise<number> {
    const rows = await this.db.all<EventRow>(
      `SELECT event_id, purchase_token, app_key, seq, type, event_time, record, created_at FROM sandbox_store_subscription_events
       WHERE delivered_at IS NULL ${token ? 'AND purchase_token = ?' : ''} ORDER BY created_at, purchase_token, seq LIMIT ?`,
      token ? [token, limit] : [limit],
    );
    const blocked = new Set<string>();
    let delivered = 0;
    for (const row of rows) {
      if (blocked.has(row.purchase_token)) continue;
      const record = JSON.parse(row.record) as SubscriptionRecord;
      const notice: SubscriptionNotice = {
        chainKey: row.purchase_token,
        marketProductId: record.product_id,
        event: row.type as SubscriptionNotice['event'],
        storeType: `SANDBOX_${row.type}`,
        eventTimeMs: Number(row.event_time),
        snapshot: snapshotOf(record, Number(row.event_time), 'signed'),
      };
      try {
        await this.sink(row.app_key, row.event_id, notice);
      } catch (error) {
        // A subscription whose first receipt never reached the server has nobody to tell: after a
        // while its notifications stop being retried (the core's re-check reads the store anyway).
        const abandoned = error instanceof UnmatchedNotice && this.now() - Number(row.created_at) > UNMATCHED_RETRY_MS;
        if (!abandoned) {
          blocked.add(row.purchase_token);
          continue;
        }
      }
      await this.db.write((tx) => tx.run('UPDATE sandbox_store_subscription_events SET delivered_at = ? WHERE event_id = ? AND delivered_at IS NULL', [this.now(), row.event_id]));
      delivered += 1;
    }
    return delivered;
  }

  private async change(token: string, steps: (r: SubscriptionRecord, now: number) => StoreStep[]): Promise<SubscriptionRecord> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.db.write(async (tx) => {
        const row = await tx.get<SubscriptionRecord>('SELECT * FROM sandbox_store_subscriptions WHERE purchase_token = ?', [token]);
        if (!row) throw new BillingError('PURCHASE_NOT_FOUND');
        const before = recordFromRow(row);
        const now = this.now();
        const taken = steps(before, now);
        const after = taken.at(-1)?.record;
        if (!after) return before;
        const notified = taken.filter((s) => s.storeType !== 'SANDBOX_SCRIPT');
        const final = { ...after, event_seq: before.event_seq + notified.length };
        const updated = await tx.run(
          `UPDATE sandbox_store_subscriptions SET state = ?, script = ?, auto_renew = ?, period_start = ?, period_end = ?, retry_end = ?,
             renewals = ?, revoked_at = ?, next_due_at = ?, event_seq = ?, updated_at = ?
           WHERE purchase_token = ? AND event_seq = ? AND updated_at = ?`,
          [final.state, final.script, final.auto_renew, final.period_start, final.period_end, final.retry_end,
            final.renewals, final.revoked_at, final.next_due_at, final.event_seq, final.updated_at, token, before.event_seq, before.updated_at],
        );
        if (updated.changes !== 1) return null;
        let seq = before.event_seq;
        for (const s of notified) {
          seq += 1;
          await tx.run(
            `INSERT INTO sandbox_store_subscription_events (event_id, purchase_token, app_key, seq, type, event_time, record, delivered_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
            [`${token}.${seq}`, token, before.app_key, seq, s.type, s.at, JSON.stringify(s.record), now],
          );
        }
        return final;
      });
      if (result) return result;
      if (attempt >= CAS_ATTEMPTS) throw new BillingError('STORE_UNAVAILABLE', 'The sandbox subscription changed meanwhile; try again.');
    }
  }
}

/** The record as the store's clock has it at `now`, read without writing (the store's subscription API). */
export async function currentRecord(db: Pick<Database, 'get'>, token: string, now: number): Promise<SubscriptionRecord | undefined> {
  const row = await db.get<SubscriptionRecord>('SELECT * FROM sandbox_store_subscriptions WHERE purchase_token = ?', [token]);
  if (!row) return undefined;
  const found = recordFromRow(row);
  return advance(found, now).at(-1)?.record ?? found;
}
