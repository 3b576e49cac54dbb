-- A user's purchases in one market, oldest first: the unfinished list every SDK login asks for.
-- Without it the planner walked the console's (market, created_at) index, i.e. every purchase of
-- the market, so a login slowed down linearly with the purchase log.
CREATE INDEX purchases_user_market ON purchases (app_key, user_key, market, created_at, purchase_id);
