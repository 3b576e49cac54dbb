import type { FastifyServerOptions } from 'fastify';
import { ChunkedLogStream } from './chunked-log-stream';
import { redactSecrets } from './redact';

/**
 * The server's pino options. Whatever comes in, receipts, tokens and credentials are redacted
 * (`redactSecrets`, the rule of REDACT_PATHS).
 * Without a stream of its own, the log goes to stdout in 16 KiB chunks written off the request's
 * turn of the event loop (`ChunkedLogStream`; what is gathered is flushed when the process exits).
 */
export function loggerOptions(logger: FastifyServerOptions['logger'] | undefined): FastifyServerOptions['logger'] {
  if (logger === true) return { level: 'info', formatters: { log: redactSecrets }, stream: ChunkedLogStream.open() };
  if (logger && typeof logger === 'object') {
    // pino's own `redact` (REDACT_PATHS) is replaced by the same rule as a formatter, far cheaper per line.
    const { redact: _ignored, ...rest } = logger as typeof logger & { redact?: unknown };
    void _ignored;
    const log = rest.formatters?.log;
    return {
      ...rest,
      stream: rest.stream ?? ChunkedLogStream.open(),
      formatters: { ...rest.formatters, log: log ? (o: Record<string, unknown>) => redactSecrets(log(o)) : redactSecrets },
    };
  }
  return logger ?? false;
}
