-- Subscriptions and entitlements (issue #16, docs/subscriptions.md). Portable SQL (storage/README.md).

-- A subscription product's entitlement group (e.g. vip) and ISO-8601 period (P1M); NULL for other types.
ALTER TABLE products ADD COLUMN subscription_group TEXT;
ALTER TABLE products ADD COLUMN subscription_period TEXT;

-- One row per store subscription (a chain of renewals), owned by one user. The subscription core
-- (server/src/subscriptions/apply.ts) is its only writer: compare-and-set on `revision`, never a lock.
CREATE TABLE subscriptions (
  subscription_id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL REFERENCES apps (app_key),
  user_key TEXT NOT NULL,
  entitlement_group TEXT NOT NULL,
  product_id TEXT NOT NULL,
  market TEXT NOT NULL,
  market_product_id TEXT NOT NULL,
  -- The store's id of the chain, stable across renewals (see subscriptions/types.ts SubscriptionSnapshot.chainKey).
  chain_key TEXT NOT NULL,
  -- The chain this one replaced (upgrade / downgrade), and the subscription that replaced this one.
  replaces_chain_key TEXT,
  replaced_by TEXT,
  state TEXT NOT NULL,
  period_start BIGINT NOT NULL,
  period_end BIGINT NOT NULL,
  period_end_estimated INTEGER NOT NULL DEFAULT 0,
  grace_end BIGINT,
  resumes_at BIGINT,
  auto_renew INTEGER NOT NULL DEFAULT 1,
  -- The market product id it renews into when that differs (a downgrade at the next renewal).
  renews_into_product_id TEXT,
  offer TEXT,
  price_consent TEXT,
  environment TEXT NOT NULL,
  test INTEGER NOT NULL DEFAULT 0,
  verified_by TEXT NOT NULL,
  -- The store time of the newest snapshot applied: an older one changes nothing (out-of-order guard).
  store_as_of BIGINT NOT NULL,
  -- When the re-check job reads it again (NULL: never, it is final).
  next_check_at BIGINT,
  -- The purchase row that started it (NULL when a store notification opened it, e.g. an upgrade).
  purchase_id TEXT,
  revoked_at BIGINT,
  -- Bumped by every change: the compare-and-set guard of concurrent writers.
  revision INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX subscriptions_market_chain ON subscriptions (market, chain_key);
CREATE INDEX subscriptions_user ON subscriptions (app_key, user_key, entitlement_group);
CREATE INDEX subscriptions_due ON subscriptions (state, next_check_at);
CREATE INDEX subscriptions_replaces ON subscriptions (replaces_chain_key);
CREATE INDEX subscriptions_product_state ON subscriptions (app_key, product_id, state);
CREATE INDEX subscriptions_purchase ON subscriptions (purchase_id);

-- The timeline of a subscription: one row per store event or state change. Ids are derived from
-- what caused the row (the notification id, the snapshot), so a replay inserts nothing.
CREATE TABLE subscription_events (
  event_id TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL,
  app_key TEXT NOT NULL,
  -- Server clock when recorded, and the store's time of the event.
  at BIGINT NOT NULL,
  event_time BIGINT,
  type TEXT NOT NULL,
  source TEXT NOT NULL,
  notification_id TEXT,
  from_state TEXT,
  to_state TEXT,
  -- The subscription's revision this event produced (or saw): orders events of one instant.
  revision INTEGER NOT NULL DEFAULT 0,
  detail TEXT
);
CREATE INDEX subscription_events_subscription ON subscription_events (subscription_id, at);
-- The webhook outbox scans events by time.
CREATE INDEX subscription_events_at ON subscription_events (at);

-- One row per charged (or free) period: the console's revenue per period.
CREATE TABLE subscription_periods (
  period_id TEXT PRIMARY KEY,
  market TEXT NOT NULL,
  period_transaction_id TEXT NOT NULL,
  subscription_id TEXT NOT NULL,
  app_key TEXT NOT NULL,
  product_id TEXT NOT NULL,
  period_start BIGINT NOT NULL,
  period_end BIGINT NOT NULL,
  -- What the store charged; else the catalog price with `estimated` = 1 (like purchases).
  price_micros BIGINT,
  currency TEXT,
  estimated INTEGER NOT NULL DEFAULT 0,
  test INTEGER NOT NULL DEFAULT 0,
  offer_kind TEXT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX subscription_periods_tx ON subscription_periods (market, period_transaction_id);
CREATE INDEX subscription_periods_subscription ON subscription_periods (subscription_id, period_start);
CREATE INDEX subscription_periods_app ON subscription_periods (app_key, period_start);
