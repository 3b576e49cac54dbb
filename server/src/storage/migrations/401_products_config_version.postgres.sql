-- The catalog joins the cached configuration (repos/config-cache.ts): a receipt asks whether its
-- product is a subscription, which is a read per receipt unless cached, so product changes move the
-- same counter as app and market changes, whoever makes them.
CREATE TRIGGER products_config_version AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION cb_bump_config_version();
