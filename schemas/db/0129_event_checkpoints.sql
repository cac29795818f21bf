-- Signed checkpoints of the event log's head. A superuser can lift the append-only triggers, cut
-- rows from the end of the log or rewrite it and recompute every hash; what they cannot do is sign
-- the result with the checkpoint key, which lives in a file outside the database. Each row says
-- "row seq has chain hash head" under an ECDSA P-256 signature; replay verifies every one, and
-- `settle anchor export` hands the latest to an auditor who keeps it elsewhere.
create table event_checkpoints (
    seq        bigint primary key,
    head       bytea not null,
    signed_at  timestamptz not null,
    key_id     text not null,
    signature  bytea not null
);

create trigger event_checkpoints_append_only before update or delete on event_checkpoints
    for each row execute function settlement_refuse_change();
create trigger event_checkpoints_no_truncate before truncate on event_checkpoints
    for each statement execute function settlement_refuse_change();
