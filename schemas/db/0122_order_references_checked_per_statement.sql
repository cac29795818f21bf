-- Performance (settle bench), as 0121 for the intake: the order run's and the events import's
-- foreign keys into tables that never change (placements, providers; both refuse UPDATE and
-- DELETE) are checked once per statement by settlement_references_exist, and those parents refuse
-- TRUNCATE while a child has rows. A national month inserts 115,864 orders and 100,000 placements,
-- two keys each.
alter table orders
    drop constraint orders_placement_id_fkey,
    drop constraint orders_provider_org_fkey;
create trigger orders_placement_exists after insert on orders referencing new table as new_rows
    for each statement execute function settlement_references_exist('placement_id', 'placements', 'id');
create trigger orders_provider_exists after insert on orders referencing new table as new_rows
    for each statement execute function settlement_references_exist('provider_org', 'providers', 'org_number');

alter table placements
    drop constraint placements_provider_org_fkey,
    drop constraint placements_event_seq_fkey;
create trigger placements_provider_exists after insert on placements referencing new table as new_rows
    for each statement execute function settlement_references_exist('provider_org', 'providers', 'org_number');
create trigger placements_event_exists after insert on placements referencing new table as new_rows
    for each statement execute function settlement_references_exist('event_seq', 'event_log', 'seq');

create trigger placements_keep_children before truncate on placements
    for each statement execute function settlement_keep_children('orders');
drop trigger providers_keep_children on providers;
create trigger providers_keep_children before truncate on providers
    for each statement execute function settlement_keep_children('invoices', 'orders', 'placements');
