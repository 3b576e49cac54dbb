import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { notificationAuthOf, type NotificationAuth } from '../../domain/notification-auth';
import type { AppMarketConfig } from './app-lookup';

/**
 * The first app (among those the unverified body names) whose configured notification
 * authentication accepts the request. `check` throws for a mode it cannot satisfy. With no app
 * configured the answer is NOTIFICATION_AUTH_NOT_CONFIGURED (what to set is in its details);
 * otherwise the last authentication failure. Transient failures (certificates unreachable) win,
 * so the store retries later.
 */
export async function firstAuthenticated(
  market: string,
  apps: readonly AppMarketConfig[],
  check: (auth: NotificationAuth, app: AppMarketConfig) => Promise<void> | void,
): Promise<AppMarketConfig> {
  let failure: BillingError | undefined;
  for (const app of apps) {
    let auth: NotificationAuth;
    try {
      auth = notificationAuthOf(market, app.config);
    } catch (error) {
      failure ??= error as BillingError;
      continue;
    }
    if (auth.mode === 'unauthenticated') return app;
    try {
      await check(auth, app);
      return app;
    } catch (error) {
      if (error instanceof BillingError && error.retryable) throw error;
      failure = error instanceof BillingError ? error : new BillingError('NOTIFICATION_AUTH_FAILED', undefined, { cause: error, details: { market } });
    }
  }
  throw failure ?? new BillingError('NOTIFICATION_AUTH_FAILED', undefined, { details: { market } });
}
