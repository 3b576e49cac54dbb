-- Core tables of the billing server. Portable SQL: TEXT, INTEGER (0/1 booleans), BIGINT epoch ms.

CREATE TABLE apps (
  app_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  -- The secret itself, sealed (AES-256-GCM) under the server master key: verifying a user
  -- signature (HMAC keyed by the secret) needs it; bearer auth only compares the hash.
  secret_sealed TEXT NOT NULL,
  require_user_signature INTEGER NOT NULL DEFAULT 0,
  data_key TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE app_markets (
  app_key TEXT NOT NULL REFERENCES apps (app_key),
  market TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  config TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_key, market)
);

CREATE TABLE products (
  app_key TEXT NOT NULL REFERENCES apps (app_key),
  product_id TEXT NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  price_micros BIGINT,
  currency TEXT,
  -- JSON object market -> market product id; a market not listed uses product_id.
  market_product_ids TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_key, product_id)
);

CREATE TABLE purchases (
  purchase_id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL REFERENCES apps (app_key),
  user_key TEXT NOT NULL,
  market TEXT NOT NULL,
  product_id TEXT NOT NULL,
  market_product_id TEXT NOT NULL,
  product_type TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  state TEXT NOT NULL,
  store_transaction_id TEXT,
  purchase_token TEXT,
  environment TEXT NOT NULL,
  test INTEGER NOT NULL DEFAULT 0,
  store_finished INTEGER NOT NULL DEFAULT 0,
  delivered_at BIGINT,
  consumed_at BIGINT,
  verified_at BIGINT,
  purchase_time BIGINT,
  expires_at BIGINT NOT NULL,
  imported INTEGER NOT NULL DEFAULT 0,
  decoded TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- One store transaction backs one purchase only (NULLs, i.e. bare reservations, do not collide).
CREATE UNIQUE INDEX purchases_market_store_tx ON purchases (market, store_transaction_id);
CREATE INDEX purchases_user ON purchases (app_key, user_key, state);
CREATE INDEX purchases_state_updated ON purchases (state, updated_at);

-- Timeline of a purchase (console, audits): one row per state change.
CREATE TABLE purchase_events (
  event_id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX purchase_events_purchase ON purchase_events (purchase_id, at);

-- Receipts that failed verification, kept for audit; never a purchase, never paid.
CREATE TABLE receipt_rejections (
  rejection_id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL,
  market TEXT NOT NULL,
  user_key TEXT NOT NULL,
  purchase_id TEXT,
  store_transaction_id TEXT,
  code TEXT NOT NULL,
  receipt_sha256 TEXT NOT NULL,
  detail TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX receipt_rejections_app ON receipt_rejections (app_key, created_at);

-- The sandbox store's own records (what a real store would keep on its side).
CREATE TABLE sandbox_store_purchases (
  purchase_token TEXT PRIMARY KEY,
  order_id TEXT NOT NULL UNIQUE,
  app_key TEXT NOT NULL REFERENCES apps (app_key),
  user_key TEXT NOT NULL,
  product_id TEXT NOT NULL,
  state TEXT NOT NULL,
  acknowledged INTEGER NOT NULL DEFAULT 0,
  developer_payload TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  purchase_time BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sandbox_store_user ON sandbox_store_purchases (app_key, user_key, state);
