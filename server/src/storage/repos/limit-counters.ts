import type { Database, SqlExecutor } from '../types';

/**
 * Fixed-window counters in the database (table limit_counters), so every server instance on
 * one database shares them: one atomic upsert per hit counts and answers how many hits the
 * window has seen. An expired row starts a new window.
 */
export async function hitCounter(tx: SqlExecutor, bucket: string, windowMs: number, now: number): Promise<{ hits: number; expiresAt: number }> {
  const row = await tx.get<{ hits: number; expires_at: number }>(
    `INSERT INTO limit_counters (bucket, hits, expires_at) VALUES (?, 1, ?)
     ON CONFLICT (bucket) DO UPDATE SET
       hits = CASE WHEN limit_counters.expires_at <= ? THEN 1 ELSE limit_counters.hits + 1 END,
       expires_at = CASE WHEN limit_counters.expires_at <= ? THEN excluded.expires_at ELSE limit_counters.expires_at END
     RETURNING hits, expires_at`,
    [bucket, now + windowMs, now, now],
  );
  return { hits: Number(row?.hits ?? 1), expiresAt: Number(row?.expires_at ?? now + windowMs) };
}

export async function resetCounter(tx: SqlExecutor, bucket: string): Promise<void> {
  await tx.run('DELETE FROM limit_counters WHERE bucket = ?', [bucket]);
}

/** Expired rows are garbage; any instance may remove them now and then. */
export async function pruneCounters(db: Database, now: number): Promise<void> {
  await db.write((tx) => tx.run('DELETE FROM limit_counters WHERE expires_at <= ?', [now]));
}
