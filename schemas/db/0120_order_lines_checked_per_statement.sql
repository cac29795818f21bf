-- Performance (settle bench): an order line must belong to an existing order. The foreign key
-- checked that once per line, with a lookup and a key-share lock of the order each time: 60 % of
-- the time to store the lines of a national month (712,000 lines). Orders are never updated or
-- deleted (orders_immutable) and cannot be truncated while lines exist (below), so the only thing
-- the key still guarded is an insert that names a missing order. This checks exactly that, once
-- per statement over the rows it inserted (COPY included), and fails it with the foreign-key error
-- code, so the whole transaction rolls back as before.
alter table order_lines drop constraint order_lines_order_number_fkey;

create function settlement_order_lines_have_orders() returns trigger language plpgsql as $$
declare
    missing text;
begin
    select n.order_number into missing
    from (select distinct order_number from new_lines) n
    where not exists (select 1 from orders o where o.number = n.order_number)
    limit 1;
    if missing is not null then
        raise exception 'order line for order %, which does not exist', missing
            using errcode = 'foreign_key_violation', table = 'order_lines';
    end if;
    return null;
end
$$;

create trigger order_lines_have_orders after insert on order_lines
    referencing new table as new_lines
    for each statement execute function settlement_order_lines_have_orders();

create function settlement_orders_keep_lines() returns trigger language plpgsql as $$
begin
    if exists (select 1 from order_lines) then
        raise exception 'orders cannot be truncated while order lines exist'
            using errcode = 'foreign_key_violation', table = 'orders';
    end if;
    return null;
end
$$;

create trigger orders_keep_lines before truncate on orders
    for each statement execute function settlement_orders_keep_lines();
