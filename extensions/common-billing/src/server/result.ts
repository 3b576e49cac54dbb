import { BillingError, isBillingError, type ErrorBody } from '../../../../assets/common-billing/protocol/error-codes';
import { errorBody } from '../../../../assets/common-billing/protocol/errors/messages';

/**
 * Extension messages cross the editor's process boundary as JSON, where a thrown Error loses
 * its code and details. Main-process methods therefore answer with this envelope.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: ErrorBody['error'] };

export async function settle<T>(work: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    const billing = isBillingError(err) ? err : new BillingError('INTERNAL', undefined, { cause: err });
    return { ok: false, error: errorBody(billing).error };
  }
}

export function unwrap<T>(result: Settled<T>): T {
  if (result.ok) return result.value;
  throw BillingError.fromBody({ error: result.error });
}
