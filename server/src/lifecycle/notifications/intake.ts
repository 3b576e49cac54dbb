import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { toBillingError } from '../../plugins/errors';
import type { PurchaseRow } from '../../storage/repos/rows';
import type { SqlExecutor } from '../../storage/types';
import { takeSubscriptionNotice } from '../../subscriptions/notices';
import { reconcile } from '../reconcile';
import { readStore } from '../store-view';
import { claimNotification, finishNotification, recordRejected, type NotificationStatus } from './store';
import { recordUnclaimedFromNotification } from './unclaimed';
import type { IntakeContext, NotificationParser, NotificationRequest, ParsedNotification } from './types';

export type IntakeStatus = NotificationStatus | 'duplicate';

/**
 * One store notification, end to end: authenticate and parse (market parser), store it raw
 * once per notification id, re-read the purchase from the store, reconcile our row. A replay
 * of a finished notification changes nothing. Bad input throws a NOTIFICATION_* BillingError
 * (4xx, recorded as rejected); a transient store failure throws a retryable one (503), so the
 * store delivers again later. `seen.kind` receives the store's event name once it is authenticated.
 */
export async function takeNotification(ctx: IntakeContext, parser: NotificationParser, request: NotificationRequest, seen: { kind?: string } = {}): Promise<IntakeStatus> {
  const { db } = ctx.billing;
  const raw = rawText(request.body);
  let parsed: ParsedNotification;
  try {
    parsed = await parser.parse(request, ctx);
    seen.kind = parsed.kind;
  } catch (error) {
    const failure = error instanceof BillingError ? error : new BillingError('NOTIFICATION_MALFORMED', undefined, { cause: error });
    if (!failure.retryable) await db.write((tx) => recordRejected(tx, parser.market, raw, failure.code, ctx.billing.now()));
    throw failure;
  }
  const rowId = await db.write((tx) =>
    claimNotification(tx, { market: parser.market, notificationId: parsed.notificationId, appKey: parsed.appKey, kind: parsed.kind, raw }, ctx.billing.now()),
  );
  if (!rowId) return 'duplicate';
  try {
    const outcome = await apply(ctx, parser.market, parsed);
    await db.write((tx) => finishNotification(tx, rowId, outcome, ctx.billing.now()));
    return outcome.status;
  } catch (error) {
    // A database that is gone is retryable (503, the store delivers again); our bug is INTERNAL.
    const failure = toBillingError(error);
    // Transient: keep it processable so the store's retry runs it again. Permanent: final.
    const status: NotificationStatus = failure.retryable ? 'failed' : 'ignored';
    await db.write((tx) => finishNotification(tx, rowId, { status, code: failure.code }, ctx.billing.now()));
    if (failure.retryable) throw failure;
    return status;
  }
}

async function apply(ctx: IntakeContext, market: string, n: ParsedNotification): Promise<{ status: NotificationStatus; code?: string; purchaseId?: string }> {
  // Subscriptions (issue #16): the subscription core decides; a purchase signal of the same
  // notification is used only when no subscription of ours matched.
  if (n.subscription) {
    const subscription = await takeSubscriptionNotice(ctx, market, n);
    if (!n.purchase || subscription.status !== 'unmatched') return subscription;
  }
  // Recorded, never refused: a refusal makes the store retry for days.
  if (!n.purchase) return n.unknownKind ? { status: 'ignored', code: 'NOTIFICATION_TYPE_UNKNOWN' } : { status: 'ignored' };
  const p = n.purchase;
  const row = await findNotified(ctx.billing.db, market, n.appKey, p.purchaseToken, p.storeTransactionId);
  if (!row) return p.transaction && p.signal === 'completed' ? recordUnclaimedFromNotification(ctx, n.appKey, p.transaction) : { status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' };
  const store = p.signal === 'note' ? undefined : await readStore(ctx.billing, row);
  const now = ctx.billing.now();
  const result = await ctx.billing.db.write(async (tx) => {
    const current = await findNotified(tx, market, n.appKey, p.purchaseToken, p.storeTransactionId);
    if (!current) return 'unchanged';
    return reconcile(tx, current, { store, signal: p.signal, signed: p.signed, kind: n.kind, reason: p.reason, at: p.at ?? now, source: 'notification' }, now);
  });
  if (result === 'unconfirmed') return { status: 'unconfirmed', code: 'REVOCATION_UNCONFIRMED', purchaseId: row.purchase_id };
  return { status: 'processed', purchaseId: row.purchase_id };
}

/** Our purchase row for the store's identifiers (token or transaction id), within the app. */
export async function findNotified(db: SqlExecutor, market: string, appKey: string, token?: string, transactionId?: string): Promise<PurchaseRow | undefined> {
  const ids = [token, transactionId].filter((v): v is string => typeof v === 'string' && v.length > 0);
  for (const id of ids) {
    const row = await db.get<PurchaseRow>(
      // Two indexed lookups (token, transaction id); with the OR inside one WHERE, SQLite walked the market's whole log.
      // The market and app are checked on the rows found, not in the token lookup, where SQLite (without
      // statistics) would otherwise take the (market, created_at) index over the token's.
      `SELECT * FROM purchases WHERE purchase_id IN (
         SELECT purchase_id FROM purchases WHERE purchase_token = ?
         UNION ALL SELECT purchase_id FROM purchases WHERE store_transaction_id = ? AND market = ?)
       AND market = ? AND app_key = ? ORDER BY created_at LIMIT 1`,
      [id, id, market, market, appKey],
    );
    if (row) return row;
  }
  return undefined;
}

const MAX_RAW_CHARS = 65_536;

function rawText(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body) ?? '';
  if (text.length <= MAX_RAW_CHARS) return text;
  // Never cut a surrogate pair in half: PostgreSQL refuses text that is not valid Unicode.
  const cut = text.slice(0, MAX_RAW_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
