-- Purchase orders, their lines, deliveries and the outbox. Orders and deliveries never change:
-- the order key makes each order exist at most once, however many workers run.

create table po_serials (
    issue_date  date primary key,
    last_serial integer not null
);

create table orders (
    number         text primary key,
    order_key      text not null unique,
    kind           text not null check (kind in ('base', 'speed', 'result', 'supplement')),
    placement_id   text not null references placements (id),
    provider_org   text not null references providers (org_number),
    period_number  integer null,
    stage          integer null,
    supplement_id  text null,
    issue_date     date not null,
    currency       text not null default 'SEK',
    total          numeric(14, 2) not null,
    vat_category   text not null,
    vat_percent    numeric(5, 2) not null,
    tariff_sha256  text not null,
    derivation     text not null,
    created_at     timestamptz not null default now()
);
create index orders_placement on orders (placement_id);

create table order_lines (
    order_number  text not null references orders (number),
    line_no       integer not null,
    article       text not null,
    month         text null,
    quantity      numeric(12, 2) not null,
    unit_code     text not null,
    price         numeric(14, 2) not null,
    amount        numeric(14, 2) not null,
    period_from   date null,
    period_to     date null,
    primary key (order_number, line_no)
);

create table deliveries (
    order_number  text not null,
    line_no       integer not null,
    status        text not null check (status in ('delivered', 'not_delivered')),
    quantity      numeric(12, 2) not null,
    amount        numeric(14, 2) not null,
    registered_on date not null,
    report_seq    bigint null references event_log (seq),
    derivation    text not null,
    created_at    timestamptz not null default now(),
    primary key (order_number, line_no),
    foreign key (order_number, line_no) references order_lines (order_number, line_no)
);

create trigger orders_immutable before update or delete on orders
    for each row execute function settlement_refuse_change();
create trigger order_lines_immutable before update or delete on order_lines
    for each row execute function settlement_refuse_change();
create trigger deliveries_immutable before update or delete on deliveries
    for each row execute function settlement_refuse_change();

-- One file per outbound document. Written in the same transaction as the order; the file itself
-- is written afterwards (temporary file, then rename) and the row marked written.
create table outbox (
    id            bigint generated always as identity primary key,
    order_number  text null unique references orders (number),
    file_name     text not null unique,
    document      bytea not null,
    sha256        text not null,
    status        text not null default 'pending' check (status in ('pending', 'written')),
    created_at    timestamptz not null default now(),
    written_at    timestamptz null
);
create index outbox_pending on outbox (id) where status = 'pending';
