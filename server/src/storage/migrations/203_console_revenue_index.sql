-- Revenue per day reads only paid production purchases by payment time. A partial index that
-- also holds every column the query needs lets both engines answer it from the index alone;
-- it replaces the plain verified_at index of 200.
DROP INDEX purchases_console_verified;
CREATE INDEX purchases_console_revenue ON purchases (verified_at, market, app_key, product_id, quantity)
  WHERE state IN ('VERIFIED', 'CONSUMED') AND environment = 'production' AND test = 0;
