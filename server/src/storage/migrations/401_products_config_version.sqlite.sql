-- The catalog joins the cached configuration (repos/config-cache.ts): a receipt asks whether its
-- product is a subscription, which is a read per receipt unless cached, so product changes move the
-- same counter as app and market changes, whoever makes them.
CREATE TRIGGER products_insert_config_version AFTER INSERT ON products BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_update_config_version AFTER UPDATE ON products BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_delete_config_version AFTER DELETE ON products BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
