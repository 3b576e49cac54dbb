import type { SafeLogger } from './logger';
import type { CommonBillingListener } from './types';

type ListenerMethod = keyof CommonBillingListener;
type ArgsOf<M extends ListenerMethod> = Parameters<NonNullable<CommonBillingListener[M]>>;

/**
 * Calls one optional listener method in isolation: a game callback that throws is logged
 * and the purchase pipeline goes on (the journal, not the callback, is the source of truth).
 */
export class ListenerDispatch {
  constructor(
    private readonly listener: CommonBillingListener,
    private readonly log: SafeLogger,
  ) {}

  emit<M extends ListenerMethod>(method: M, ...args: ArgsOf<M>): void {
    const fn = this.listener[method] as ((...a: ArgsOf<M>) => void) | undefined;
    if (typeof fn !== 'function') return;
    try {
      fn.apply(this.listener, args);
    } catch (error) {
      this.log.error(`listener ${method} threw (ignored)`, { error: String(error) });
    }
  }
}
