import type { BillingContext } from '../../../../server/src/domain/context';
import { takeNotification, type IntakeStatus } from '../../../../server/src/lifecycle/notifications/intake';
import type { NotificationParser, ParsedNotification } from '../../../../server/src/lifecycle/notifications/types';
import { lifecycleOptions } from '../../../../server/src/lifecycle/options';
import type { SubscriptionNotice } from '../../../../server/src/subscriptions/types';
import type { SubscriptionHarness } from './setup';
import { STAND_IN_MARKET } from './store-stand-in';

/**
 * STORE STAND-IN notification parser: the request body IS the ParsedNotification a market parser
 * would produce after authenticating it (the contract, as data). The intake around it is the real one.
 */
const standInParser: NotificationParser = {
  market: STAND_IN_MARKET,
  async parse(request) {
    return request.body as ParsedNotification;
  },
};

/** Delivers one store notification about a subscription through the real intake (claim once, apply, finish). */
export function notify(s: SubscriptionHarness, notificationId: string, notice: SubscriptionNotice, billing: BillingContext = s.h.app.billing): Promise<IntakeStatus> {
  const body: ParsedNotification = { notificationId, appKey: s.h.appKey, kind: notice.storeType, subscription: notice };
  return takeNotification({ billing, options: lifecycleOptions({ runJobs: false }), log: s.h.app.log }, standInParser, { body, headers: {}, url: '/v1/notifications/sub-stand-in' });
}
