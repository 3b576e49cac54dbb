import { createPublicKey, verify } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { appsByStoreIdentifier, type AppMarketConfig } from './app-lookup';
import { integerOf, malformed, objectOf, optionalStringOf, stringOf } from './fields';
import type { IntakeContext, NotificationParser, NotificationRequest, ParsedNotification } from './types';

const MARKET = 'one-store';
const STATES = { COMPLETED: 'completed', CANCELED: 'voided' } as const;

/**
 * ONE store PNS (STORES.md §3.2): a JSON POST per payment with purchaseState COMPLETED or
 * CANCELED. Older messages name the app by packageName, msgVersion 3.1 by clientId. The
 * signature scheme is not confirmed by ONE store, so it is a configuration value; either
 * way the PNS never grants: COMPLETED is re-read from the V7 purchase API.
 */
export function oneStoreParser(): NotificationParser {
  return {
    market: MARKET,
    async parse(request: NotificationRequest, ctx: IntakeContext): Promise<ParsedNotification> {
      const body = objectOf(MARKET, request.body, 'the body');
      const appId = optionalStringOf(MARKET, body, 'clientId', 255) ?? stringOf(MARKET, body, 'packageName', 255);
      const purchaseId = stringOf(MARKET, body, 'purchaseId', 256);
      const purchaseToken = optionalStringOf(MARKET, body, 'purchaseToken', 4096);
      const state = stringOf(MARKET, body, 'purchaseState', 32);
      const signal = STATES[state as keyof typeof STATES];
      if (!signal) throw malformed(MARKET, `purchaseState ${state} is not COMPLETED or CANCELED`);
      const at = body.purchaseTimeMillis === undefined ? undefined : integerOf(MARKET, body, 'purchaseTimeMillis');
      const apps = await appsByStoreIdentifier(ctx.billing.db, MARKET, ['packageName', 'serverApi.clientId'], appId);
      const app = ctx.options.oneStorePnsSignature === 'none' ? apps[0]! : signedBy(apps, body);
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

/** SHA512withRSA with the app's licence key over the PNS JSON without `signature` (unconfirmed bytes). */
function signedBy(apps: AppMarketConfig[], body: Record<string, unknown>): AppMarketConfig {
  const { signature, ...rest } = body;
  if (typeof signature !== 'string' || signature.length === 0) throw deny('The PNS carries no signature.');
  const data = Buffer.from(JSON.stringify(rest), 'utf8');
  for (const app of apps) {
    const licenceKey = app.config.licenceKey;
    if (typeof licenceKey !== 'string') continue;
    try {
      const key = createPublicKey({ key: Buffer.from(licenceKey, 'base64'), format: 'der', type: 'spki' });
      if (verify('sha512', data, key, Buffer.from(signature, 'base64'))) return app;
    } catch {
      // An unusable key verifies nothing.
    }
  }
  throw deny('The PNS signature does not verify with the licence key.');
}

function deny(message: string): BillingError {
  return new BillingError('NOTIFICATION_AUTH_FAILED', message, { details: { market: MARKET } });
}
