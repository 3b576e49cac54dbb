import type { Logger, LogLevel } from './types';

/**
 * Logging with redaction: receipts, tokens and keys never reach a log handler, whatever
 * the caller passes in `fields`. The default logger is quiet (warnings and errors only).
 */
const SECRET_FIELD = /token|receipt|signature|key|originaljson|payload|secret/i;

export function redact(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    out[name] = SECRET_FIELD.test(name) && value !== null && value !== undefined ? '[redacted]' : value;
  }
  return out;
}

/** Wraps the game's logger (or the console) with a prefix and redaction; never throws. */
export class SafeLogger {
  constructor(
    private readonly sink: Logger,
    private readonly prefix = 'CommonBilling',
  ) {}

  child(name: string): SafeLogger {
    return new SafeLogger(this.sink, `${this.prefix}:${name}`);
  }

  debug(message: string, fields?: Record<string, unknown>): void { this.emit('debug', message, fields); }
  warn(message: string, fields?: Record<string, unknown>): void { this.emit('warn', message, fields); }
  error(message: string, fields?: Record<string, unknown>): void { this.emit('error', message, fields); }

  private emit(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    try {
      this.sink.log(level, `[${this.prefix}] ${message}`, redact(fields));
    } catch {
      // A broken log handler must not break a payment.
    }
  }
}

/** The default sink: console warnings and errors only. */
export const quietConsoleLogger: Logger = {
  log(level, message, fields) {
    if (level === 'warn') console.warn(message, fields ?? '');
    else if (level === 'error') console.error(message, fields ?? '');
  },
};
