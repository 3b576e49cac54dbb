/**
 * The shape of one entry in the error catalog. Kept apart from the catalog so that each
 * area (SDK, server, verification, console, native) can own its own file of codes while
 * the project still has exactly one catalog (`ERROR_CATALOG` in `../error-codes.ts`).
 * The public messages are a separate table (`./messages.ts`) that the runtime SDK never loads.
 */
export interface ErrorSpec {
  /** HTTP status the billing server answers with. Client-side-only codes use 400. */
  readonly status: number;
  /** True when the same call may succeed later (network, upstream outage, lock). */
  readonly retryable: boolean;
}

/** A code whose call fails the same way if repeated (bad input, refused, not found). */
export function permanent(status: number): ErrorSpec {
  return { status, retryable: false };
}

/** A code whose call may succeed later (network, upstream outage, busy). */
export function retryable(status: number): ErrorSpec {
  return { status, retryable: true };
}

/** Identity helper that keeps literal keys while checking every entry's shape. */
export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): T {
  return specs;
}
