import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../../storage/types';

/** 'unconfirmed': it asked for a revocation nothing could confirm; a person decides in the console. */
export type NotificationStatus = 'received' | 'processed' | 'unconfirmed' | 'unmatched' | 'ignored' | 'rejected' | 'failed';

/** Statuses after which a replay changes nothing ('failed' = transient, processed again). */
const FINAL: readonly NotificationStatus[] = ['processed', 'unconfirmed', 'unmatched', 'ignored'];

export interface NotificationRow {
  row_id: string;
  market: string;
  notification_id: string | null;
  app_key: string | null;
  kind: string | null;
  status: NotificationStatus;
  code: string | null;
  purchase_id: string | null;
  raw: string;
  received_at: number;
  processed_at: number | null;
}

/** A notification we could not trust or read: kept raw for audit, with its code. */
export async function recordRejected(tx: SqlExecutor, market: string, raw: string, code: string, now: number): Promise<void> {
  await tx.run(
    `INSERT INTO lifecycle_notifications (row_id, market, notification_id, status, code, raw, received_at, processed_at)
     VALUES (?, ?, NULL, 'rejected', ?, ?, ?, ?)`,
    [randomUUID(), market, code, raw, now, now],
  );
}

/**
 * Stores an authenticated notification once per (market, notification id). Returns the row
 * id to process, or undefined when an earlier delivery already reached a final status.
 */
export async function claimNotification(
  tx: SqlExecutor,
  n: { market: string; notificationId: string; appKey: string; kind: string; raw: string },
  now: number,
): Promise<string | undefined> {
  const rowId = randomUUID();
  const inserted = await tx.run(
    `INSERT INTO lifecycle_notifications (row_id, market, notification_id, app_key, kind, status, raw, received_at)
     VALUES (?, ?, ?, ?, ?, 'received', ?, ?) ON CONFLICT (market, notification_id) DO NOTHING`,
    [rowId, n.market, n.notificationId, n.appKey, n.kind, n.raw, now],
  );
  if (inserted.changes === 1) return rowId;
  const existing = await tx.get<NotificationRow>('SELECT * FROM lifecycle_notifications WHERE market = ? AND notification_id = ?', [n.market, n.notificationId]);
  if (!existing || FINAL.includes(existing.status)) return undefined;
  return existing.row_id;
}

export async function finishNotification(
  tx: SqlExecutor,
  rowId: string,
  outcome: { status: NotificationStatus; code?: string; purchaseId?: string },
  now: number,
): Promise<void> {
  await tx.run('UPDATE lifecycle_notifications SET status = ?, code = ?, purchase_id = COALESCE(?, purchase_id), processed_at = ? WHERE row_id = ?', [
    outcome.status,
    outcome.code ?? null,
    outcome.purchaseId ?? null,
    now,
    rowId,
  ]);
}
