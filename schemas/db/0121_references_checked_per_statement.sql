-- Performance (settle bench), after 0120: the intake's foreign keys into tables that never change
-- are checked once per statement instead of once per row. A per-row key looks the parent up and
-- takes a key-share lock on it (a WAL record of its own): measured, the three keys of invoices
-- were 64 % of the time to insert an invoice, the two of inbound_outcomes 60 %. The parents here
-- (inbound_documents, order_lines, providers) refuse UPDATE and DELETE by trigger, and refuse
-- TRUNCATE while a child has rows (below), so the keys only still guarded an insert naming a
-- missing parent; settlement_references_exist checks exactly that over the statement's rows
-- (COPY included) and fails it with the foreign-key error code, rolling back the transaction as
-- the key did. 0120's check of order_lines against orders becomes the same function. Keys whose
-- child rows carry documents (outbox) or are few (credits, payments) stay foreign keys.

-- TG_ARGV: the child's columns (comma-separated), the parent table, the parent's columns. As for
-- a foreign key (MATCH SIMPLE), a row with a null in the child's columns is not checked. Each
-- distinct key is probed through the parent's index (a scalar subquery, which the planner cannot
-- turn into a hash join over the whole parent, whatever its statistics say).
create function settlement_references_exist() returns trigger language plpgsql as $$
declare
    child_columns  text[] := string_to_array(replace(tg_argv[0], ' ', ''), ',');
    parent_columns text[] := string_to_array(replace(tg_argv[2], ' ', ''), ',');
    keys text := '';
    not_null text := 'true';
    matches text := 'true';
    missing text;
begin
    for i in 1 .. array_length(child_columns, 1) loop
        keys := keys || case when i > 1 then ', ' else '' end || format('%I', child_columns[i]);
        not_null := not_null || format(' and %I is not null', child_columns[i]);
        matches := matches || format(' and p.%I = n.%I', parent_columns[i], child_columns[i]);
    end loop;
    execute format('select row(%s)::text from (select distinct %s from new_rows where %s) n
                    where (select 1 from %I p where %s limit 1) is null limit 1',
                   keys, keys, not_null, tg_argv[1], matches)
        into missing;
    if missing is not null then
        raise exception '%: (%) = % names no row of %', tg_table_name, tg_argv[0], missing, tg_argv[1]
            using errcode = 'foreign_key_violation', table = tg_table_name;
    end if;
    return null;
end
$$;

-- TG_ARGV: the child tables. A parent cannot be truncated from under their rows.
create function settlement_keep_children() returns trigger language plpgsql as $$
declare
    child text;
    has_rows boolean;
begin
    foreach child in array tg_argv loop
        execute format('select exists (select 1 from %I)', child) into has_rows;
        if has_rows then
            raise exception '% cannot be truncated while % has rows that refer to it', tg_table_name, child
                using errcode = 'foreign_key_violation', table = tg_table_name;
        end if;
    end loop;
    return null;
end
$$;

-- 0120, on the shared functions.
drop trigger order_lines_have_orders on order_lines;
drop function settlement_order_lines_have_orders();
drop trigger orders_keep_lines on orders;
drop function settlement_orders_keep_lines();
create trigger order_lines_order_exists after insert on order_lines referencing new table as new_rows
    for each statement execute function settlement_references_exist('order_number', 'orders', 'number');
create trigger orders_keep_children before truncate on orders
    for each statement execute function settlement_keep_children('order_lines');

alter table invoices
    drop constraint invoices_document_id_fkey,
    drop constraint invoices_order_number_line_no_fkey,
    drop constraint invoices_seller_org_fkey;
create trigger invoices_document_exists after insert on invoices referencing new table as new_rows
    for each statement execute function settlement_references_exist('document_id', 'inbound_documents', 'id');
create trigger invoices_line_exists after insert on invoices referencing new table as new_rows
    for each statement execute function settlement_references_exist('order_number, line_no', 'order_lines', 'order_number, line_no');
create trigger invoices_seller_exists after insert on invoices referencing new table as new_rows
    for each statement execute function settlement_references_exist('seller_org', 'providers', 'org_number');

alter table inbound_outcomes
    drop constraint inbound_outcomes_document_id_fkey,
    drop constraint inbound_outcomes_duplicate_of_fkey;
create trigger inbound_outcomes_document_exists after insert on inbound_outcomes referencing new table as new_rows
    for each statement execute function settlement_references_exist('document_id', 'inbound_documents', 'id');
create trigger inbound_outcomes_first_exists after insert on inbound_outcomes referencing new table as new_rows
    for each statement execute function settlement_references_exist('duplicate_of', 'inbound_documents', 'id');

alter table responses drop constraint responses_document_id_fkey;
create trigger responses_document_exists after insert on responses referencing new table as new_rows
    for each statement execute function settlement_references_exist('document_id', 'inbound_documents', 'id');

create trigger inbound_documents_keep_children before truncate on inbound_documents
    for each statement execute function settlement_keep_children('invoices', 'inbound_outcomes', 'responses');
create trigger order_lines_keep_children before truncate on order_lines
    for each statement execute function settlement_keep_children('invoices');
create trigger providers_keep_children before truncate on providers
    for each statement execute function settlement_keep_children('invoices');
