-- Store lifecycle (issue #4): notification intake, refunds/voids, job leases, outbound webhooks,
-- refund abuse signal. Portable SQL (see storage/README.md).

-- Why and when a purchase was revoked, and the state it had (a reversed refund restores it).
ALTER TABLE purchases ADD COLUMN revoked_at BIGINT;
ALTER TABLE purchases ADD COLUMN revoke_reason TEXT;
ALTER TABLE purchases ADD COLUMN revoked_from TEXT;
-- When the watchdog first reported the purchase as stuck undelivered (metric counted once).
ALTER TABLE purchases ADD COLUMN stuck_reported_at BIGINT;

-- Every store notification as received (raw body), processed once per (market, notification id).
-- Rejected ones (bad signature, malformed) have no trusted id: notification_id stays NULL.
CREATE TABLE lifecycle_notifications (
  row_id TEXT PRIMARY KEY,
  market TEXT NOT NULL,
  notification_id TEXT,
  app_key TEXT,
  kind TEXT,
  status TEXT NOT NULL,
  code TEXT,
  purchase_id TEXT,
  raw TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  processed_at BIGINT
);
CREATE UNIQUE INDEX lifecycle_notifications_id ON lifecycle_notifications (market, notification_id);
CREATE INDEX lifecycle_notifications_purchase ON lifecycle_notifications (purchase_id);
CREATE INDEX lifecycle_notifications_status ON lifecycle_notifications (status, received_at);

-- One row per job: who holds it until when, and when it is next due (shared by all instances).
CREATE TABLE lifecycle_job_leases (
  job TEXT PRIMARY KEY,
  holder TEXT,
  lease_until BIGINT NOT NULL,
  next_run_at BIGINT NOT NULL,
  runs INTEGER NOT NULL DEFAULT 0,
  last_run_at BIGINT,
  last_error TEXT,
  cursor TEXT
);

-- The game server's webhook endpoint per app.
CREATE TABLE lifecycle_webhook_endpoints (
  app_key TEXT PRIMARY KEY REFERENCES apps (app_key),
  url TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  -- Purchase events from this time on are sent (no backlog of older history on first setup).
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Outbound events (one per purchase event that matters), delivered at least once.
CREATE TABLE lifecycle_webhook_events (
  event_id TEXT PRIMARY KEY,
  -- The purchase_events row it was derived from (one purchase event may give two webhook events).
  source_event_id TEXT NOT NULL,
  app_key TEXT NOT NULL,
  purchase_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  delivered_at BIGINT,
  dead_at BIGINT
);
CREATE INDEX lifecycle_webhook_events_due ON lifecycle_webhook_events (delivered_at, dead_at, next_attempt_at);
CREATE INDEX lifecycle_webhook_events_purchase ON lifecycle_webhook_events (purchase_id);
CREATE INDEX lifecycle_webhook_events_source ON lifecycle_webhook_events (source_event_id);

-- The delivery log: one row per attempt.
CREATE TABLE lifecycle_webhook_attempts (
  attempt_id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX lifecycle_webhook_attempts_event ON lifecycle_webhook_attempts (event_id, at);

-- The outbox scanner reads purchase events by time.
CREATE INDEX purchase_events_at ON purchase_events (at);

-- Abuse signal: refunds of purchases the game had already delivered, per user.
CREATE TABLE lifecycle_user_refunds (
  app_key TEXT NOT NULL,
  user_key TEXT NOT NULL,
  refunds_after_delivery INTEGER NOT NULL DEFAULT 0,
  refunds_total INTEGER NOT NULL DEFAULT 0,
  last_refund_at BIGINT NOT NULL,
  PRIMARY KEY (app_key, user_key)
);
