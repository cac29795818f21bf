-- Performance (settle bench): which outbox rows still wait for their file is kept in a small queue
-- table instead of a partial index on outbox.status. With the index, marking a row written had to
-- write a new version of the row with an entry in every index of outbox (five): 16 µs a row, and
-- 230,000 rows in a national month, on the same table the next batches were being copied into.
-- Without an index on status, and with room left in each page (fillfactor), the mark is a
-- heap-only update in place, and the queue row is deleted. status and written_at keep their
-- meaning; rows join the queue by trigger when inserted pending, so no writer can forget it.
drop index outbox_pending;
alter table outbox set (fillfactor = 60);

create table outbox_pending (
    id bigint primary key
);
insert into outbox_pending select id from outbox where status = 'pending';

create function settlement_outbox_enqueue() returns trigger language plpgsql as $$
begin
    insert into outbox_pending select id from new_rows where status = 'pending';
    return null;
end
$$;
create trigger outbox_enqueue after insert on outbox
    referencing new table as new_rows
    for each statement execute function settlement_outbox_enqueue();

-- A row put back to pending by hand (a repair: the file must be written again) joins the queue.
-- The writer's own marks (to written) do not run this: the condition is checked before any call.
create function settlement_outbox_requeue() returns trigger language plpgsql as $$
begin
    insert into outbox_pending values (new.id) on conflict do nothing;
    return null;
end
$$;
create trigger outbox_requeue after update of status on outbox
    for each row when (new.status = 'pending' and old.status <> 'pending')
    execute function settlement_outbox_requeue();
