-- Console audit log: who (actor), when (at), what (action + target + details), why (reason).
-- Integer ids so that an agent can quote "audit entry #123"; engine-specific only for that.
CREATE TABLE console_audit (
  audit_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT,
  reason TEXT,
  details TEXT,
  ip TEXT
);
CREATE INDEX console_audit_target ON console_audit (target_id, at);
CREATE INDEX console_audit_at ON console_audit (at);
