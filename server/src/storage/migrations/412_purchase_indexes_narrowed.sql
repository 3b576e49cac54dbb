-- Issue #18: every index of purchases costs each write that moves it. On SQLite a recorded receipt
-- rewrites the entries whose columns change; on PostgreSQL an UPDATE that changes any indexed
-- column (every state change does) adds an entry to every index whose condition the new row meets.
-- Three indexes held rows that none of their queries ask for:
--  * (state, updated_at) served only the pending re-check, PENDING by updated_at: every reservation,
--    receipt and consume moved an entry. Now only PENDING purchases are in it.
--  * the stuck-delivery candidates held every undelivered row, reservations included, keyed by state.
--    Its one query asks for VERIFIED ones by verification time: now only those are in it, so a
--    reservation does not enter it and a consume leaves it.
--  * (purchase_time) WHERE store_finished = 0 held every reservation. Its readers, the watchdog
--    (since 411) and the console's deadline queue, read purchases_watchdog_due market by market.
-- The two partial indexes still lead with the state, one value in each: without statistics SQLite
-- prefers an index whose key the query pins with `=`, and would otherwise take
-- purchases_console_state_created and sort.
DROP INDEX purchases_state_updated;
CREATE INDEX purchases_pending_updated ON purchases (state, updated_at) WHERE state = 'PENDING';
DROP INDEX purchases_stuck_candidates;
CREATE INDEX purchases_stuck_candidates ON purchases (state, verified_at)
  WHERE state = 'VERIFIED' AND delivered_at IS NULL AND stuck_reported_at IS NULL;
DROP INDEX purchases_console_unfinished;
