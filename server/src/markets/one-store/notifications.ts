import { createPublicKey, verify } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { appsByStoreIdentifier, type AppMarketConfig } from '../../lifecycle/notifications/app-lookup';
import { firstAuthenticated } from '../../lifecycle/notifications/authenticate';
import { integerOf, malformed, objectOf, optionalStringOf, stringOf } from '../../lifecycle/notifications/fields';
import type { IntakeContext, NotificationParser, NotificationRequest, ParsedNotification } from '../../lifecycle/notifications/types';
import { isSnsMessage, parseSns } from './sns';

const MARKET = 'one-store';
const STATES = { COMPLETED: 'completed', CANCELED: 'voided' } as const;

/**
 * ONE store PNS (STORES.md §3.2) and, for subscriptions, SNS (./sns.ts): a JSON POST per payment with purchaseState COMPLETED or
 * CANCELED. Older messages name the app by packageName, msgVersion 3.1 by clientId. Each app
 * chooses its authentication in its market config (`notificationAuth`); a PNS never grants:
 * COMPLETED is re-read from the V7 purchase API.
 */
export function oneStoreParser(): NotificationParser {
  return {
    market: MARKET,
    async parse(request: NotificationRequest, ctx: IntakeContext): Promise<ParsedNotification> {
      const body = objectOf(MARKET, request.body, 'the body');
      const appId = optionalStringOf(MARKET, body, 'clientId', 255) ?? stringOf(MARKET, body, 'packageName', 255);
      if (isSnsMessage(body)) {
        // SNS (subscriptions) is authenticated like PNS before anything in it is read further.
        const app = await authenticate(ctx, appId, body);
        return parseSns(body, app.appKey, ctx.billing.now());
      }
      const purchaseId = stringOf(MARKET, body, 'purchaseId', 256);
      const purchaseToken = optionalStringOf(MARKET, body, 'purchaseToken', 4096);
      const state = stringOf(MARKET, body, 'purchaseState', 32);
      const signal = STATES[state as keyof typeof STATES];
      if (!signal) throw malformed(MARKET, `purchaseState ${state} is not COMPLETED or CANCELED`);
      const at = body.purchaseTimeMillis === undefined ? undefined : integerOf(MARKET, body, 'purchaseTimeMillis');
      const app = await authenticate(ctx, appId, body);
      return {
        notificationId: `${purchaseId}:${state}`,
        appKey: app.appKey,
        kind: state,
        purchase: {
          storeTransactionId: purchaseId,
          purchaseToken,
          marketProductId: optionalStringOf(MARKET, body, 'productId', 256),
          signal,
          reason: `one-store:${state}`,
          at,
          signed: false,
        },
      };
    },
  };
}

/** The app the message names, authenticated with its own `notificationAuth` (PNS and SNS alike). */
async function authenticate(ctx: IntakeContext, appId: string, body: Record<string, unknown>): Promise<AppMarketConfig> {
  const apps = await appsByStoreIdentifier(ctx.billing.db, MARKET, ['packageName', 'serverApi.clientId'], appId);
  return firstAuthenticated(MARKET, apps, (auth, candidate) => {
    if (auth.mode !== 'pns-signature') throw deny('Unsupported notification authentication.');
    verifySignature(candidate, body);
  });
}

/**
 * The PNS `signature` member: SHA512withRSA with the app's licence key (the key that signs the
 * app's PurchaseData) over the message as sent without its `signature` member. Reference: ONE
 * store developer guide v21, "Using PNS (Push Notification Service)" → "How to review the
 * signature" (onestore-dev.gitbook.io/dev/eng/tools/tools/v21/using-pns-push-notification-service):
 * the check uses the licence key from Developer Center > In-App > Credentials. Its code sample,
 * which fixes the exact signed bytes, was not in the copies we could consult: the bytes here are
 * those a published implementation verifies (STORES.md §3.2). Whatever the PNS
 * says, it never grants or revokes by itself (intake re-reads the V7 API or asks a person).
 */
function verifySignature(app: AppMarketConfig, body: Record<string, unknown>): void {
  const { signature, ...rest } = body;
  if (typeof signature !== 'string' || signature.length === 0) throw deny('The PNS carries no signature.');
  const licenceKey = app.config.licenceKey;
  if (typeof licenceKey !== 'string') throw deny('The app has no licence key to check the PNS signature with.');
  let ok = false;
  try {
    const key = createPublicKey({ key: Buffer.from(licenceKey, 'base64'), format: 'der', type: 'spki' });
    ok = verify('sha512', Buffer.from(JSON.stringify(rest), 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    // An unusable key verifies nothing.
  }
  if (!ok) throw deny('The PNS signature does not verify with the licence key.');
}

function deny(message: string): BillingError {
  return new BillingError('NOTIFICATION_AUTH_FAILED', message, { details: { market: MARKET } });
}
