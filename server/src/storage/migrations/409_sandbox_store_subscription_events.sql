-- The sandbox store's outgoing subscription notifications (issue #16): one row per store event,
-- written with the record's change in one transaction and delivered to the subscription core
-- afterwards (in-process). `delivered_at` NULL = not yet delivered; the renewal job retries.
CREATE TABLE sandbox_store_subscription_events (
  -- `<purchase_token>.<seq>`: the notification id the core is idempotent on.
  event_id TEXT PRIMARY KEY,
  purchase_token TEXT NOT NULL,
  app_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  -- The store's time of the event (a renewal happens at the period's end, whenever the job runs).
  event_time BIGINT NOT NULL,
  -- The record as the store says it right after the event (JSON), the notification's signed snapshot.
  record TEXT NOT NULL,
  delivered_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sandbox_store_subscription_events_seq ON sandbox_store_subscription_events (purchase_token, seq);
CREATE INDEX sandbox_store_subscription_events_undelivered ON sandbox_store_subscription_events (delivered_at, created_at);
