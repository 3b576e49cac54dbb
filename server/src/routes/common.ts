import { ErrorResponse } from '../../../assets/common-billing/protocol/api';

/** Error answers every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  503: ErrorResponse,
};

export const appKeyHeader = { description: 'X-App-Key: the app key (SDK calls before login)' };
