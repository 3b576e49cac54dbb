-- Console search by market, newest first: without it SQLite answers a market-only search
-- from the (market, store_transaction_id) key and sorts every row of that market.
CREATE INDEX purchases_console_market_created ON purchases (market, created_at, purchase_id);
