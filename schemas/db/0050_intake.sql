-- Inbound documents (invoices and credit notes from the providers), their outcomes, the invoices
-- they registered, credits, payments and the Invoice Responses sent back.
-- The archive is written first and never changes: whatever arrives is kept byte for byte.

create table inbound_documents (
    id           bigint generated always as identity primary key,
    received_at  timestamptz not null default now(),
    channel      text not null check (channel in ('file', 'inbox', 'http', 'portal')),
    source       text not null,
    sha256       text not null,
    size_bytes   integer not null,
    content      bytea not null
);
create index inbound_documents_sha256 on inbound_documents (sha256, id);

create trigger inbound_documents_append_only before update or delete on inbound_documents
    for each row execute function settlement_refuse_change();

-- One row per processed document. A document without a row here was archived but not yet
-- processed (a crash in between): the next intake processes it.
create table inbound_outcomes (
    document_id     bigint primary key references inbound_documents (id),
    processed_at    timestamptz not null default now(),
    document_type   text null,
    document_number text null,
    seller_org      text null,
    order_number    text null,
    order_line      integer null,
    amount          numeric(14, 2) null,
    outcome         text not null check (outcome in ('approved', 'disputed', 'rejected', 'duplicate', 'credited')),
    reasons         jsonb not null default '[]',
    findings        jsonb not null default '[]',
    duplicate_of    bigint null references inbound_documents (id)
);
create index inbound_outcomes_outcome on inbound_outcomes (outcome);

create trigger inbound_outcomes_append_only before update or delete on inbound_outcomes
    for each row execute function settlement_refuse_change();

-- Registered invoices: approved or disputed. A seller's invoice number is used once.
create table invoices (
    id             bigint generated always as identity primary key,
    document_id    bigint not null unique references inbound_documents (id),
    seller_org     text not null references providers (org_number),
    invoice_number text not null,
    issue_date     date not null,
    due_date       date not null,
    order_number   text not null,
    line_no        integer not null,
    quantity       numeric(12, 2) not null,
    price          numeric(14, 2) not null,
    amount         numeric(14, 2) not null,
    vat_amount     numeric(14, 2) not null,
    payable        numeric(14, 2) not null,
    status         text not null check (status in ('approved', 'disputed')),
    unique (seller_org, invoice_number),
    foreign key (order_number, line_no) references order_lines (order_number, line_no)
);
create index invoices_line on invoices (order_number, line_no);
create index invoices_due on invoices (due_date) where status = 'approved';

create trigger invoices_append_only before update or delete on invoices
    for each row execute function settlement_refuse_change();

-- A full credit of one invoice (its line is open again).
create table credits (
    invoice_id         bigint primary key references invoices (id),
    document_id        bigint not null unique references inbound_documents (id),
    seller_org         text not null,
    credit_note_number text not null,
    issue_date         date not null,
    amount             numeric(14, 2) not null,
    unique (seller_org, credit_note_number)
);

create trigger credits_append_only before update or delete on credits
    for each row execute function settlement_refuse_change();

create table payments (
    invoice_id  bigint primary key references invoices (id),
    paid_on     date not null,
    amount      numeric(14, 2) not null
);

create trigger payments_append_only before update or delete on payments
    for each row execute function settlement_refuse_change();

-- Every Invoice Response sent (AP, RE, UQ, PD), and the outbox row that carries it.
alter table outbox add column response_id text null unique;

create table responses (
    response_id   text primary key,
    document_id   bigint not null references inbound_documents (id),
    code          text not null check (code in ('AP', 'RE', 'UQ', 'PD')),
    text          text null,
    created_at    timestamptz not null default now()
);
create index responses_document on responses (document_id);

create trigger responses_append_only before update or delete on responses
    for each row execute function settlement_refuse_change();
