import type { FastifyError, FastifyInstance } from 'fastify';
import { BillingError, type ErrorCode } from '../../../assets/common-billing/protocol/error-codes';
import { errorBody } from '../../../assets/common-billing/protocol/errors/messages';
import { databaseErrorCode } from './database-errors';

/** Fastify's own client-error codes → our catalog. Anything a client sent maps to a 4xx. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_TYPE: 'BAD_REQUEST',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export function toBillingError(error: unknown): BillingError {
  if (error instanceof BillingError) return error;
  const fe = error as Partial<FastifyError> & { validation?: unknown; statusCode?: number };
  if (fe?.validation) {
    return new BillingError('VALIDATION_FAILED', `${fe.validationContext ?? 'request'} ${fe.message ?? ''}`.slice(0, 300));
  }
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new BillingError(mapped);
  // A database error the request's values caused (400), or a database that is gone (503).
  const database = databaseErrorCode(error);
  if (database) return new BillingError(database.code, database.message, { cause: error });
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) return new BillingError(BY_STATUS[status] ?? 'BAD_REQUEST');
  return new BillingError('INTERNAL', undefined, { cause: error });
}

/** One error shape for every answer: `{error: {code, message, retryable}}` (DESIGN.md §4). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const billing = toBillingError(error);
    if (billing.code === 'INTERNAL') {
      // Only our own bugs get here: logged with the request id, which the answer carries too
      // (x-request-id header and details.requestId), so a report can be matched to the log.
      request.log.error({ err: error, requestId: request.id, url: request.url.slice(0, 200) }, 'unhandled error');
      return reply.status(billing.status).send(errorBody(new BillingError('INTERNAL', undefined, { details: { requestId: request.id } })));
    }
    if (billing.status >= 500) request.log.warn({ code: billing.code, err: (billing as { cause?: unknown }).cause }, 'retryable failure');
    if (billing.code === 'RATE_LIMITED') reply.header('retry-after', '60');
    if (billing.retryable && billing.status === 503) reply.header('retry-after', '1');
    return reply.status(billing.status).send(errorBody(billing));
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody(new BillingError('NOT_FOUND'))));
}
