-- App and market configuration is read once per server instance and cached (repos/config-cache.ts).
-- Whoever changes it (the admin API, the CLI, the config file's sync, another instance, plain SQL)
-- moves this counter in the same transaction, through statement triggers, so no writer can forget
-- it; an instance compares the counter before it trusts its cache and re-reads when it moved.
CREATE TABLE config_version (
  id INTEGER PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 0);
CREATE FUNCTION cb_bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE config_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER apps_config_version AFTER INSERT OR UPDATE OR DELETE ON apps
  FOR EACH STATEMENT EXECUTE FUNCTION cb_bump_config_version();
CREATE TRIGGER app_markets_config_version AFTER INSERT OR UPDATE OR DELETE ON app_markets
  FOR EACH STATEMENT EXECUTE FUNCTION cb_bump_config_version();
