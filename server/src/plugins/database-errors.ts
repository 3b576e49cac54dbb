import type { ErrorCode } from '../../../assets/common-billing/protocol/error-codes';

/**
 * What a database error means for the caller. Only errors a client's input can cause map to 4xx;
 * a lost or overloaded database is a retryable 503; anything else stays a 500 (our bug).
 *
 * PostgreSQL: SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * SQLite: better-sqlite3's extended result code names (https://www.sqlite.org/rescode.html).
 */
export function databaseErrorCode(error: unknown): { code: ErrorCode; message: string } | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; message?: unknown; severity?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code.startsWith('SQLITE_')) return sqlite(code);
  if (/^[0-9A-Z]{5}$/.test(code) && typeof e.severity === 'string') return postgres(code);
  if (CONNECTION_ERRNOS.has(code) || CONNECTION_MESSAGES.test(message)) return UNREACHABLE;
  return undefined;
}

const REFUSED_VALUE = { code: 'VALIDATION_FAILED', message: 'The database refused a value of the request (type, size or characters).' } as const;
const CONFLICT = { code: 'CONFLICT', message: 'The request conflicts with an existing record.' } as const;
const UNREACHABLE = { code: 'SERVER_BUSY', message: 'The database is not reachable; retry.' } as const;
const BUSY = { code: 'SERVER_BUSY', message: 'The database is busy; retry.' } as const;

function postgres(sqlstate: string): { code: ErrorCode; message: string } | undefined {
  // 22: data exception (bad text, NUL, out of range, invalid representation); 54: program limit
  // exceeded (statement too complex, index row too large); 23514: CHECK constraint.
  if (sqlstate.startsWith('22') || sqlstate.startsWith('54') || sqlstate === '23514') return REFUSED_VALUE;
  if (sqlstate === '23505') return CONFLICT;
  // 08: connection exception; 57P01–57P05: shutdown, crash, cannot connect now, idle timeout;
  // 53: insufficient resources; 40: serialization failure / deadlock; 55P03: lock not available.
  if (sqlstate.startsWith('08') || sqlstate.startsWith('57P') || sqlstate.startsWith('53')) return UNREACHABLE;
  if (sqlstate.startsWith('40') || sqlstate === '55P03' || sqlstate === '57014') return BUSY;
  return undefined;
}

function sqlite(code: string): { code: ErrorCode; message: string } | undefined {
  if (code === 'SQLITE_TOOBIG' || code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_MISMATCH') return REFUSED_VALUE;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return CONFLICT;
  if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|INTERRUPT)/.test(code)) return BUSY;
  return undefined;
}

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN', 'EAI_AGAIN']);
/** node-postgres reports a lost socket or a pool timeout with these messages and no code. */
const CONNECTION_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Cannot use a pool after calling end)/;
