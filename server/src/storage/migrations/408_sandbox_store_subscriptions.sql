-- The sandbox STORE's subscription records (issue #16): what a real store keeps on its side of a
-- subscription, on an accelerated clock (one period lasts `period_ms` of real time, a month in a
-- minute for the demo) and run by a script the tester chooses (renew, fail and recover, fail and
-- expire). The subscription core never reads these; it hears of them as store notifications.
CREATE TABLE sandbox_store_subscriptions (
  -- The first purchase's token: the chain's id, stable across renewals (like Google's purchaseToken).
  purchase_token TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  app_key TEXT NOT NULL REFERENCES apps (app_key),
  user_key TEXT NOT NULL,
  product_id TEXT NOT NULL,
  developer_payload TEXT NOT NULL,
  state TEXT NOT NULL,
  script TEXT NOT NULL,
  auto_renew INTEGER NOT NULL DEFAULT 1,
  period_ms BIGINT NOT NULL,
  grace_ms BIGINT NOT NULL,
  hold_ms BIGINT NOT NULL,
  period_start BIGINT NOT NULL,
  period_end BIGINT NOT NULL,
  -- End of grace (IN_GRACE) or of the hold (ON_HOLD); NULL otherwise.
  retry_end BIGINT,
  -- Charges so far after the first (the renewal's order id is `order_id..N`, as Google numbers them).
  renewals INTEGER NOT NULL DEFAULT 0,
  revoked_at BIGINT,
  -- When the store's clock next changes this record (NULL: final); the renewal job reads by it.
  next_due_at BIGINT,
  -- Events written so far; the next event's sequence number.
  event_seq INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sandbox_store_subscriptions_user ON sandbox_store_subscriptions (app_key, user_key);
CREATE INDEX sandbox_store_subscriptions_due ON sandbox_store_subscriptions (next_due_at);

-- A subscription's first receipt carries the end of its first period on the store's clock.
ALTER TABLE sandbox_store_purchases ADD COLUMN expiry_time BIGINT;
