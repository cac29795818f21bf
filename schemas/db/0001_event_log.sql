-- The event log: every event line ever imported, accepted or refused, append-only and hash-chained.
-- Projections (providers, placements) are written in the same transaction as the accepted event
-- that creates them, so they never disagree with the log.

create table tariffs (
    id            bigint generated always as identity primary key,
    content_sha256 text not null unique,
    source_file   text not null,
    json          text not null,
    imported_at   timestamptz not null default now()
);

create table event_log (
    seq           bigint primary key,
    imported_at   timestamptz not null default now(),
    source_file   text not null,
    source_line   integer not null,
    type          text null,
    placement_id  text null,
    provider_org  text null,
    registered_on date null,
    status        text not null check (status in ('accepted', 'refused')),
    code          text null,
    message       text null,
    canonical     text not null,
    event         jsonb not null,
    content_hash  bytea not null unique,
    prev_hash     bytea not null,
    hash          bytea not null unique,
    check ((status = 'accepted') = (code is null))
);
create index event_log_placement on event_log (placement_id, seq) where status = 'accepted';

-- The head of the chain: one row, locked FOR UPDATE by every append, so appends are linear.
create table event_chain_head (
    id       boolean primary key default true check (id),
    last_seq bigint not null,
    hash     bytea not null
);
insert into event_chain_head (last_seq, hash) values (0, decode(repeat('00', 32), 'hex'));

create function settlement_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'settlement: % is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger event_log_append_only before update or delete on event_log
    for each row execute function settlement_refuse_change();
create trigger event_log_no_truncate before truncate on event_log
    for each statement execute function settlement_refuse_change();

create table providers (
    org_number    text primary key,
    name          text not null,
    peppol_id     text not null,
    agreement     text not null,
    vat_number    text null,
    street        text null,
    city          text null,
    postal_zone   text null,
    country       text not null default 'SE',
    registered_on date not null,
    event_seq     bigint not null references event_log (seq)
);

create table placements (
    id            text primary key,
    provider_org  text not null references providers (org_number),
    level         char(1) not null check (level in ('A', 'B', 'C')),
    start_date    date not null,
    registered_on date not null,
    event_seq     bigint not null references event_log (seq)
);

create trigger providers_append_only before update or delete on providers
    for each row execute function settlement_refuse_change();
create trigger placements_append_only before update or delete on placements
    for each row execute function settlement_refuse_change();
