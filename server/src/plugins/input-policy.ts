import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';

/**
 * The one input policy at the edge, for every route (present and future) before its schema runs:
 * every string that came in (path parameters, query values, JSON keys and values) is valid
 * Unicode without NUL, and a JSON body is at most `maxDepth` deep with at most `maxNodes` values.
 * PostgreSQL refuses NUL and unpaired surrogates in text, so such input used to reach a query and
 * answer 500; SQLite stored it. Both engines now answer 400 VALIDATION_FAILED before any handler.
 * Lengths and patterns of each field are in its schema (protocol/common.ts: Text, Token, ...).
 *
 * A route that needs other bounds says so in its options: `config: { input: { maxDepth } }`
 * (size is Fastify's own `bodyLimit`, per route or server-wide).
 */
export interface InputLimits {
  /** Nesting of objects and arrays; the body itself is depth 1. */
  maxDepth: number;
  /** Every object, array and primitive counted once. */
  maxNodes: number;
  /** Longest string anywhere (the body limit bounds it too; this bounds query and path values). */
  maxStringLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 8, maxNodes: 20_000, maxStringLength: 65_536 };

declare module 'fastify' {
  interface FastifyContextConfig {
    input?: Partial<InputLimits>;
  }
}

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is refused, or undefined when it is acceptable text. */
export function textProblem(value: string, maxLength = DEFAULT_INPUT_LIMITS.maxStringLength): string | undefined {
  if (value.length > maxLength) return `is longer than ${maxLength} characters`;
  const bad = BAD_TEXT.exec(value);
  if (!bad) return undefined;
  return bad[0] === '\u0000' ? 'holds a NUL character' : 'holds an unpaired UTF-16 surrogate (not valid Unicode)';
}

function refuse(where: string, problem: string): never {
  throw new BillingError('VALIDATION_FAILED', `${where} ${problem}.`.slice(0, 300), { details: { where: where.slice(0, 120) } });
}

/** Checks a parsed value (JSON body, query, params) against the limits; throws VALIDATION_FAILED. */
export function checkInput(value: unknown, where: string, limits: InputLimits): void {
  let nodes = 0;
  // Iterative walk: a hostile body must not be able to exhaust our stack either.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: where, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (++nodes > limits.maxNodes) refuse(where, `has more than ${limits.maxNodes} values`);
    const v = item.value;
    if (typeof v === 'string') {
      const problem = textProblem(v, limits.maxStringLength);
      if (problem) refuse(item.path, problem);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limits.maxDepth) refuse(item.path, `is nested deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], path: `${item.path}[${i}]`, depth });
      continue;
    }
    for (const key of Object.keys(v)) {
      const problem = textProblem(key, 1024);
      if (problem) refuse(`${item.path} key`, problem);
      stack.push({ value: (v as Record<string, unknown>)[key], path: `${item.path}.${key.slice(0, 40)}`, depth });
    }
  }
}

export function limitsOf(request: FastifyRequest): InputLimits {
  const own = request.routeOptions.config?.input;
  return own ? { ...DEFAULT_INPUT_LIMITS, ...own } : DEFAULT_INPUT_LIMITS;
}

export function installInputPolicy(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      const limits = limitsOf(request);
      // Query strings and path parameters are flat: depth 2 allows a repeated query key's array.
      const flat = { ...limits, maxDepth: 2, maxStringLength: Math.min(limits.maxStringLength, 8192) };
      if (request.params) checkInput(request.params, 'params', flat);
      if (request.query) checkInput(request.query, 'querystring', flat);
      if (request.body !== undefined) checkInput(request.body, 'body', limits);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
}
