import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { redactSecrets } from './redact';

/**
 * The server's pino options. Whatever comes in, receipts, tokens and credentials are redacted
 * (`redactSecrets`, the rule of REDACT_PATHS).
 * Without a stream of its own, the log goes to stdout through pino's asynchronous destination:
 * lines are buffered and written in large chunks instead of one write(2) per line on the request's
 * turn of the event loop (what is buffered is flushed when the process exits).
 */
export function loggerOptions(logger: FastifyServerOptions['logger'] | undefined): FastifyServerOptions['logger'] {
  if (logger === true) return { level: 'info', formatters: { log: redactSecrets }, stream: asyncStdout() };
  if (logger && typeof logger === 'object') {
    // pino's own `redact` (REDACT_PATHS) is replaced by the same rule as a formatter, far cheaper per line.
    const { redact: _ignored, ...rest } = logger as typeof logger & { redact?: unknown };
    void _ignored;
    const log = rest.formatters?.log;
    return {
      ...rest,
      stream: rest.stream ?? asyncStdout(),
      formatters: { ...rest.formatters, log: log ? (o: Record<string, unknown>) => redactSecrets(log(o)) : redactSecrets },
    };
  }
  return logger ?? false;
}

function asyncStdout() {
  return pino.destination({ dest: 1, sync: false, minLength: 4096 });
}
