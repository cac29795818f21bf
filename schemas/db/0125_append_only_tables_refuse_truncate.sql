-- The append-only tables refuse TRUNCATE as the event log always has: their row triggers stop
-- UPDATE and DELETE, but TRUNCATE skips row triggers. Emptying inbound_outcomes would make the next
-- intake decide every archived document again (answering RE "number already used" to invoices
-- that got AP); emptying deliveries would hide every missing delivery from replay. The outbox is
-- included: it is the record of every document sent, and so are the providers and placements
-- projections of the log. (Orders, order lines, the archive, providers and placements keep their
-- "while children exist" guards of 0120-0123, which fire first and name the child.)
create trigger orders_no_truncate before truncate on orders for each statement execute function settlement_refuse_change();
create trigger order_lines_no_truncate before truncate on order_lines for each statement execute function settlement_refuse_change();
create trigger deliveries_no_truncate before truncate on deliveries for each statement execute function settlement_refuse_change();
create trigger outbox_no_truncate before truncate on outbox for each statement execute function settlement_refuse_change();
create trigger inbound_documents_no_truncate before truncate on inbound_documents for each statement execute function settlement_refuse_change();
create trigger inbound_outcomes_no_truncate before truncate on inbound_outcomes for each statement execute function settlement_refuse_change();
create trigger invoices_no_truncate before truncate on invoices for each statement execute function settlement_refuse_change();
create trigger credits_no_truncate before truncate on credits for each statement execute function settlement_refuse_change();
create trigger payments_no_truncate before truncate on payments for each statement execute function settlement_refuse_change();
create trigger responses_no_truncate before truncate on responses for each statement execute function settlement_refuse_change();
create trigger providers_no_truncate before truncate on providers for each statement execute function settlement_refuse_change();
create trigger placements_no_truncate before truncate on placements for each statement execute function settlement_refuse_change();
create trigger tariffs_no_truncate before truncate on tariffs for each statement execute function settlement_refuse_change();
