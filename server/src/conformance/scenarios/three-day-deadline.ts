import type { Scenario } from '../types';

export const threeDayDeadline: Scenario = {
  id: 'three-day-deadline',
  title: 'Acknowledged before the 3-day deadline',
  market: 'google-play',
  description: 'A paid purchase the device never acknowledges; the clock moves past 12 hours; the target\u2019s watchdog must acknowledge it at the store before Google Play auto-refunds it on day 3.',
  guards: 'Purchases acknowledged too late and refunded by the store (items kept, money gone). docs/lifecycle.md "3-day watchdog"; tests/lifecycle/jobs.spec.ts.',
  expected: 'acknowledged at the store before day 3; not refunded',
  requires: ['test-clock', 'simulator-host'],
};
