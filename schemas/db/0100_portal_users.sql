-- The Leverantörsportal's users (issue 7). Numbered from 0100 so it never collides with the
-- system of record's own migrations. Users are the one mutable table here: failed log-ins and
-- lock-outs are counted on the row.
--
-- role: ekonomi (finance staff), revisor (auditor, read-only), leverantör (a provider, bound to
-- exactly one organisation number; only providers have one).

create table portal_users (
    id              bigint generated always as identity primary key,
    user_name       text not null,
    password_hash   text not null,
    role            text not null check (role in ('ekonomi', 'revisor', 'leverantör')),
    org_number      text null check (org_number ~ '^[0-9]{10}$'),
    failed_attempts integer not null default 0 check (failed_attempts >= 0),
    locked_until    timestamptz null,
    last_login_at   timestamptz null,
    created_at      timestamptz not null default now(),
    check ((role = 'leverantör') = (org_number is not null)),
    check (user_name = btrim(user_name) and length(user_name) between 1 and 100)
);
-- User names are compared without regard to case: "Anna" and "anna" are the same user.
create unique index portal_users_name on portal_users (lower(user_name));

-- ASP.NET Core Data Protection keys (they encrypt the log-in cookie and the anti-forgery tokens),
-- shared by every node serving the portal on this database, so a cookie issued by one worker is
-- read by the next.
create table portal_data_protection_keys (
    id            bigint generated always as identity primary key,
    friendly_name text not null unique,
    xml           text not null,
    created_at    timestamptz not null default now()
);
