-- App and market configuration is read once per server instance and cached (repos/config-cache.ts).
-- Whoever changes it (the admin API, the CLI, the config file's sync, another instance, plain SQL)
-- moves this counter in the same transaction, through triggers, so no writer can forget it; an
-- instance compares the counter before it trusts its cache and re-reads when it moved.
CREATE TABLE config_version (
  id INTEGER PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 0);
CREATE TRIGGER apps_insert_config_version AFTER INSERT ON apps BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER apps_update_config_version AFTER UPDATE ON apps BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER apps_delete_config_version AFTER DELETE ON apps BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER app_markets_insert_config_version AFTER INSERT ON app_markets BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER app_markets_update_config_version AFTER UPDATE ON app_markets BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER app_markets_delete_config_version AFTER DELETE ON app_markets BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
