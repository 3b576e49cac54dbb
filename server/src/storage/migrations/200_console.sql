-- Support console (issue #7): accounts, sessions, notes, re-delivery requests, and the
-- purchase columns and indexes the console's search, queues and actions need.

CREATE TABLE console_accounts (
  account_id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  -- argon2id PHC string; the password itself is never stored.
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The cookie holds a random token; only its SHA-256 is stored, so a database leak opens no session.
CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES console_accounts (account_id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_account ON console_sessions (account_id);

CREATE TABLE console_notes (
  note_id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX console_notes_purchase ON console_notes (purchase_id, created_at);

-- A support agent asked for a purchase to be delivered again. The outbound-webhook sender picks
-- up rows with webhook_sent_at NULL, posts the purchase to the game server and stamps the row.
CREATE TABLE console_redeliveries (
  request_id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  webhook_sent_at BIGINT
);
CREATE INDEX console_redeliveries_pending ON console_redeliveries (webhook_sent_at, requested_at);

-- Set by the console's re-deliver and manual-refund actions (epoch ms), shown on the detail page.
ALTER TABLE purchases ADD COLUMN console_redeliver_at BIGINT;
ALTER TABLE purchases ADD COLUMN console_refunded_at BIGINT;

-- Search: newest first, and every identifier a customer or a store report may quote.
CREATE INDEX purchases_console_created ON purchases (created_at, purchase_id);
CREATE INDEX purchases_console_user ON purchases (user_key, created_at);
CREATE INDEX purchases_console_store_tx ON purchases (store_transaction_id);
CREATE INDEX purchases_console_token ON purchases (purchase_token);
CREATE INDEX purchases_console_state_created ON purchases (state, created_at);
-- Revenue per day: paid purchases by payment time.
CREATE INDEX purchases_console_verified ON purchases (verified_at);
-- The store-deadline queue: only purchases not yet acknowledged/consumed at the store.
CREATE INDEX purchases_console_unfinished ON purchases (purchase_time) WHERE store_finished = 0;
