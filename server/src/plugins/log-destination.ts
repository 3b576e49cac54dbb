import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { REDACT_PATHS } from './redact';

/**
 * The server's pino options. Whatever comes in, receipts, tokens and credentials are redacted.
 * Without a stream of its own, the log goes to stdout through pino's asynchronous destination:
 * lines are buffered and written in large chunks instead of one write(2) per line on the request's
 * turn of the event loop (what is buffered is flushed when the process exits).
 */
export function loggerOptions(logger: FastifyServerOptions['logger'] | undefined): FastifyServerOptions['logger'] {
  if (logger === true) return { level: 'info', redact: REDACT_PATHS, stream: asyncStdout() };
  if (logger && typeof logger === 'object') {
    return { ...logger, ...('stream' in logger && logger.stream ? {} : { stream: asyncStdout() }), redact: REDACT_PATHS };
  }
  return logger ?? false;
}

function asyncStdout() {
  return pino.destination({ dest: 1, sync: false, minLength: 4096 });
}
