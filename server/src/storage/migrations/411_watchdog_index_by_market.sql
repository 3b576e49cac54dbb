-- Issue #20: the backlog gauges (billing_watchdog_backlog, billing_oldest_unfinished_purchase_age_seconds)
-- are read at every /metrics scrape, and they counted every paid purchase not yet finished at the
-- store, grouped by market: on SQLite a synchronous read of the whole backlog on the event loop
-- (300,000 unfinished purchases: ~100 ms, once per scrape; the soak's stall grew with it).
-- With the market first, each market's oldest unfinished purchase is one index seek and its count
-- stops at a cap, and the watchdog reads each market's due purchases in deadline order.
-- Same partial condition, so the index costs no more to keep than the one it replaces.
DROP INDEX purchases_watchdog_due;
CREATE INDEX purchases_watchdog_due ON purchases (market, purchase_time, purchase_id)
  WHERE store_finished = 0 AND state IN ('VERIFIED', 'CONSUMED', 'UNCLAIMED');
