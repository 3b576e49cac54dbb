import type { SqlExecutor } from '../storage/types';
import type { AuditEntry } from './api-schemas';

/** One audit record: who did what to which target, when, and why. */
export interface AuditRecord {
  actor: string;
  action: string;
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

interface AuditRow {
  audit_id: number;
  at: number;
  actor: string;
  action: string;
  target_id: string | null;
  reason: string | null;
  details: string | null;
}

/** Writes the record inside the caller's transaction, so the action and its audit commit together. */
export async function writeAudit(tx: SqlExecutor, record: AuditRecord, now: number): Promise<number> {
  const row = await tx.get<{ audit_id: number }>(
    'INSERT INTO console_audit (at, actor, action, target_id, reason, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING audit_id',
    [now, record.actor, record.action, record.targetId ?? null, record.reason ?? null, record.details ? JSON.stringify(record.details) : null, record.ip ?? null],
  );
  return Number(row?.audit_id);
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.audit_id),
    at: new Date(Number(row.at)).toISOString(),
    actor: row.actor,
    action: row.action,
    targetId: row.target_id,
    reason: row.reason,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}

export async function listAudit(db: SqlExecutor, limit: number): Promise<AuditEntry[]> {
  const rows = await db.all<AuditRow>('SELECT * FROM console_audit ORDER BY audit_id DESC LIMIT ?', [limit]);
  return rows.map(toEntry);
}

export async function listAuditFor(db: SqlExecutor, targetId: string): Promise<AuditEntry[]> {
  const rows = await db.all<AuditRow>('SELECT * FROM console_audit WHERE target_id = ? ORDER BY at, audit_id', [targetId]);
  return rows.map(toEntry);
}
