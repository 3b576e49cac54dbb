-- Issue #20: the lifecycle jobs' scans, bounded by what they look for instead of by the table.
-- Without these, the watchdog (every 10 min) read every VERIFIED and CONSUMED purchase through
-- (state, created_at) and sorted them, and the stuck count read every VERIFIED one: on SQLite
-- that is a synchronous read of the whole table on the server's event loop, seconds long once
-- the table holds a few hundred thousand purchases (the soak's stall at minute 8.5).
-- Partial: a row is in the index only while the job may still act on it. The watchdog's own
-- partial index is purchases_watchdog_due (migration 310); this one serves the stuck count.
CREATE INDEX purchases_stuck_candidates ON purchases (state, verified_at) WHERE delivered_at IS NULL AND stuck_reported_at IS NULL;
