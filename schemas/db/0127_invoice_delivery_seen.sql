-- Whether the line's delivery was registered when the invoice was judged, as the intake saw it.
-- Replay used to infer it from timestamps, which are the transactions' start times (now()): an
-- intake that waited on its lock while a delivery run committed, or a delivery committed while a
-- chunk was being decided, made a healthy verdict look wrong. Null for invoices judged before this
-- column existed (replay then compares the timestamps as before).
alter table invoices add column delivery_seen boolean null;
