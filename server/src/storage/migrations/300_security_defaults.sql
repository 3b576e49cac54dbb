-- Issue #13: safe by default. Portable SQL (see storage/README.md).

-- Player identity: a game-server login token is required unless the app is sandbox-only and
-- switched it off; the old static user signature is accepted only until legacy_signature_until.
ALTER TABLE apps ADD COLUMN login_token_required INTEGER NOT NULL DEFAULT 1;
ALTER TABLE apps ADD COLUMN sandbox_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE apps ADD COLUMN legacy_signature_until BIGINT;

-- Counters with an expiry shared by every instance on one database: request rate limits
-- (PostgreSQL) and the console sign-in limiter. One row per bucket and window.
CREATE TABLE limit_counters (
  bucket TEXT PRIMARY KEY,
  hits INTEGER NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX limit_counters_expiry ON limit_counters (expires_at);

-- A revocation a notification asked for but no store API or voided list confirmed: a person
-- decides it in the console (revoke or dismiss), audited.
CREATE TABLE unconfirmed_revocations (
  revocation_id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL,
  market TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  signal_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT,
  decision_reason TEXT
);
CREATE UNIQUE INDEX unconfirmed_revocations_open ON unconfirmed_revocations (purchase_id, status, received_at);
CREATE INDEX unconfirmed_revocations_status ON unconfirmed_revocations (status, received_at);
