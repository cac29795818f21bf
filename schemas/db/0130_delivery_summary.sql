-- The delivered month in words (days in service, interruption, parallel programmes), written when
-- the delivery is registered, from the same engine result as its quantity: the QTY reason of a
-- dispute quotes it instead of running the engine again at dispute time (which took the first
-- period's month where two periods share one). Null for deliveries registered before this column
-- and for result-based lines, which are delivered as ordered.
alter table deliveries add column summary text null;
