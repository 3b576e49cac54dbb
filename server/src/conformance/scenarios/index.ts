import type { Scenario } from '../types';
import { consumeTwiceConcurrently } from './consume-twice-concurrently';
import { crashAfterPayment } from './crash-after-payment';
import { expiredPayload } from './expired-payload';
import { forgedNotification } from './forged-notification';
import { forgedSignature } from './forged-signature';
import { loginToken } from './login-token';
import { outsidePurchaseClaimed } from './outside-purchase-claimed';
import { pendingApproved } from './pending-approved';
import { pendingDeclined } from './pending-declined';
import { refundAfterConsumption } from './refund-after-consumption';
import { replayAcrossUsers } from './replay-across-users';
import { sandboxInProduction } from './sandbox-in-production';
import { subscriptionRenewalExpiry } from './subscription-renewal-expiry';
import { threeDayDeadline } from './three-day-deadline';
import { webhookDownThenUp } from './webhook-down-then-up';
import { wrongPackage } from './wrong-package';

/** Every scenario, in the order the report lists them. */
export const SCENARIOS: readonly Scenario[] = [
  replayAcrossUsers,
  forgedSignature,
  wrongPackage,
  expiredPayload,
  pendingApproved,
  pendingDeclined,
  consumeTwiceConcurrently,
  crashAfterPayment,
  refundAfterConsumption,
  forgedNotification,
  loginToken,
  sandboxInProduction,
  outsidePurchaseClaimed,
  webhookDownThenUp,
  threeDayDeadline,
  subscriptionRenewalExpiry,
];
