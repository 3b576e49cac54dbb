-- Issue #14: real store traffic. Portable SQL (see storage/README.md).

-- What the store charged (Apple JWS price/currency, Google/ONE store API answers), in the
-- purchase's own currency; price_estimated = 1 when only the catalog price was known.
ALTER TABLE purchases ADD COLUMN charged_price_micros BIGINT;
ALTER TABLE purchases ADD COLUMN charged_currency TEXT;
ALTER TABLE purchases ADD COLUMN price_estimated INTEGER NOT NULL DEFAULT 0;
-- 1 when the receipt cannot tell a test purchase from a real one (Google without the Play
-- Developer API): `test` is then 0 but not known to be a real payment.
ALTER TABLE purchases ADD COLUMN test_unknown INTEGER NOT NULL DEFAULT 0;
-- A purchase with no reservation (promo code, store-started, promoted IAP) is UNCLAIMED with
-- user_key ''; claim_account is the store's account binding (Google obfuscatedAccountId, Apple
-- appAccountToken) the claimer must match, when the store reported one.
ALTER TABLE purchases ADD COLUMN claim_account TEXT;
ALTER TABLE purchases ADD COLUMN claimed_at BIGINT;
-- The deadline watchdog's own schedule per purchase: next attempt, attempts so far, why the
-- last attempt was skipped (no store API, store failing, ...).
ALTER TABLE purchases ADD COLUMN watchdog_next_at BIGINT;
ALTER TABLE purchases ADD COLUMN watchdog_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE purchases ADD COLUMN watchdog_skip_reason TEXT;

-- The watchdog's due rows in deadline order, from the (few) purchases not yet finished at the
-- store; store_finished leads so the planner takes it over the (state, created_at) index, and the
-- order is the index's own (no sort).
CREATE INDEX purchases_watchdog_due ON purchases (store_finished, purchase_time, purchase_id)
  WHERE store_finished = 0 AND state IN ('VERIFIED', 'CONSUMED', 'UNCLAIMED');
-- Revenue as charged: the revenue query reads, from the index alone, what the store charged
-- (and the product, for rows recorded before this migration, priced from the catalog).
DROP INDEX purchases_console_revenue;
CREATE INDEX purchases_console_charged ON purchases (verified_at, market, app_key, product_id, charged_currency, charged_price_micros, price_estimated, quantity)
  WHERE state IN ('VERIFIED', 'CONSUMED') AND environment = 'production' AND test = 0;
-- The console's unclaimed list.
CREATE INDEX purchases_unclaimed ON purchases (created_at) WHERE state = 'UNCLAIMED';
