import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { findMarketModule } from '../markets/registry';

/**
 * How a store's server notifications to one app are authenticated: the `notificationAuth`
 * member of the app's market configuration (config file `apps[].markets.<market>.config`,
 * `apps set-market`, admin API). A market without it refuses every notification
 * (NOTIFICATION_AUTH_NOT_CONFIGURED); `unauthenticated` is an explicit opt-in for local
 * testing, logged as a warning when the server starts.
 */
export const GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v1/certs';

export const PubSubOidcAuth = Type.Object(
  {
    mode: Type.Literal('pubsub-oidc'),
    /** The audience set on the Pub/Sub push subscription (usually the push endpoint URL). */
    audience: Type.String({ minLength: 1, maxLength: 2048 }),
    /** The service account the push subscription authenticates as. */
    serviceAccountEmail: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' }),
    /** Google's PEM certificates (default GOOGLE_CERTS_URL); cached as its Cache-Control says. */
    certsUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  },
  { additionalProperties: false },
);
export type PubSubOidcAuth = Static<typeof PubSubOidcAuth>;

/** ONE store PNS `signature`, checked with the market config's licenceKey (see markets/one-store/notifications.ts). */
export const PnsSignatureAuth = Type.Object({ mode: Type.Literal('pns-signature') }, { additionalProperties: false });
/** App Store Server Notifications V2: the JWS chain to the configured Apple roots (the default; nothing to set). */
export const SignedPayloadAuth = Type.Object({ mode: Type.Literal('signed-payload') }, { additionalProperties: false });
export const UnauthenticatedAuth = Type.Object({ mode: Type.Literal('unauthenticated') }, { additionalProperties: false });

/** The modes a market with notifications accepts come from its module (markets/<market>/index.ts). */
function specOf(market: string) {
  return findMarketModule(market)?.notifications;
}

export type NotificationAuth = PubSubOidcAuth | Static<typeof PnsSignatureAuth> | Static<typeof SignedPayloadAuth> | Static<typeof UnauthenticatedAuth>;

/** Validates `notificationAuth` of a market configuration when it is saved (bad values never reach intake). */
export function checkNotificationAuthConfig(market: string, config: unknown): void {
  const spec = specOf(market);
  const value = config && typeof config === 'object' ? (config as Record<string, unknown>).notificationAuth : undefined;
  if (value === undefined) return;
  if (!spec) throw new BillingError('VALIDATION_FAILED', `${market} has no store notifications; remove notificationAuth.`, { details: { market } });
  const schema = spec.authModes();
  if (!Value.Check(schema, value)) {
    const first = [...Value.Errors(schema, value)][0];
    throw new BillingError('VALIDATION_FAILED', `notificationAuth of ${market} is invalid: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim(), { details: { market } });
  }
}

/** The configured authentication of one app's market, or NOTIFICATION_AUTH_NOT_CONFIGURED. */
export function notificationAuthOf(market: string, config: Record<string, unknown>): NotificationAuth {
  const spec = specOf(market);
  const value = config.notificationAuth ?? spec?.defaultAuth?.();
  if (spec && value !== undefined && Value.Check(spec.authModes(), value)) return value as NotificationAuth;
  throw new BillingError('NOTIFICATION_AUTH_NOT_CONFIGURED', undefined, {
    details: { market, configure: spec?.configureHint ?? 'notificationAuth: this market has no store notifications' },
  });
}
