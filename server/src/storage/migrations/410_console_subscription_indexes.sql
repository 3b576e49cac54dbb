-- The console's subscription panel (issue #16, server/src/console/subscription-stats.ts) reads
-- across apps by time: revenue by the day each period was charged (only the periods that can be
-- revenue), and churn by the end of the period of EXPIRED subscriptions. The core's indexes lead
-- with app_key, which a cross-app range cannot use.
CREATE INDEX subscription_periods_console_revenue ON subscription_periods (period_start, subscription_id)
  WHERE test = 0 AND revoked_at IS NULL;
CREATE INDEX subscriptions_console_ended ON subscriptions (state, period_end);
