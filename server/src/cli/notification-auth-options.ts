import type { NotificationAuth } from '../domain/notification-auth';

export interface NotificationAuthOptions {
  notifications?: string;
  pushAudience?: string;
  pushServiceAccount?: string;
  pushCertsUrl?: string;
}

/** `apps set-market --notifications …` → the market config's `notificationAuth` (validated by checkMarketSetting). */
export function notificationAuthFromOptions(o: NotificationAuthOptions): NotificationAuth | undefined {
  if (o.notifications === undefined) {
    if (o.pushAudience ?? o.pushServiceAccount ?? o.pushCertsUrl) throw new Error('--push-* options need --notifications pubsub-oidc');
    return undefined;
  }
  if (o.notifications === 'pubsub-oidc') {
    if (!o.pushAudience || !o.pushServiceAccount) throw new Error('--notifications pubsub-oidc needs --push-audience and --push-service-account');
    return { mode: 'pubsub-oidc', audience: o.pushAudience, serviceAccountEmail: o.pushServiceAccount, ...(o.pushCertsUrl ? { certsUrl: o.pushCertsUrl } : {}) };
  }
  if (o.notifications === 'pns-signature' || o.notifications === 'unauthenticated' || o.notifications === 'signed-payload') return { mode: o.notifications };
  throw new Error('--notifications is pubsub-oidc, pns-signature, signed-payload or unauthenticated');
}
