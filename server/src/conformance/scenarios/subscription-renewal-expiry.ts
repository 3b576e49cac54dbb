import type { Scenario } from '../types';

export const subscriptionRenewalExpiry: Scenario = {
  id: 'subscription-renewal-expiry',
  title: 'Subscription renewal and expiry',
  market: 'google-play',
  description: 'A subscription renews (entitlement extended, webhook once) and then lapses (entitlement ends).',
  guards: 'Renewals never credited, or lapsed subscriptions kept active. Subscriptions are not built yet (DESIGN.md).',
  expected: 'renewal extends the entitlement; expiry ends it',
  requires: ['subscriptions'],
};
