-- Recording a receipt rewrites every index of purchases whose columns it changes, and each such
-- index entry lands on its own page, written to the WAL at COMMIT. Two of those were redundant:
--  * the store transaction id was indexed twice, (market, store_transaction_id) for uniqueness
--    and (store_transaction_id) for the console's search. One unique index led by the id serves
--    both: the lookup by market and id, and the search by id alone (its prefix);
--  * (app_key, user_key, state) moved on every state change. One index of a user's purchases in
--    creation order, which no state change moves, serves every per-user query: the login's
--    unfinished list (already in its order), the purchase list, the ownership check. A user has
--    few purchases, so filtering market and state on that range costs nothing; with the market
--    inside the key, the planner preferred the (state, created_at) index for the purchase list.
CREATE UNIQUE INDEX purchases_store_tx_market ON purchases (store_transaction_id, market);
DROP INDEX purchases_market_store_tx;
DROP INDEX purchases_console_store_tx;
CREATE INDEX purchases_user_created ON purchases (app_key, user_key, created_at, purchase_id);
DROP INDEX purchases_user_market;
DROP INDEX purchases_user;
