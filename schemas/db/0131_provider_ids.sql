-- The PEPPOL participant ids of each provider (issue 17): its order address (the provider event's
-- peppolId, where orders go) and any number of invoicing addresses (invoicingIds), the ids its
-- invoices and credit notes may come from. An id belongs to one provider only: the intake ties a
-- document to its seller's legal identity and accepts it only from one of that seller's ids, so an
-- id shared by two providers would let one invoice in the other's name. Compared without case
-- (PEPPOL participant ids are case-insensitive). Written with the provider, from the same accepted
-- event (its event_seq), by Events/ProjectionWriter; append-only like providers.
create table provider_ids (
    participant_id text   not null,
    provider_org   text   not null references providers (org_number),
    role           text   not null check (role in ('order', 'invoicing')),
    event_seq      bigint not null references event_log (seq)
);
create unique index provider_ids_one_provider on provider_ids (lower(participant_id));
create index provider_ids_by_provider on provider_ids (provider_org);

create trigger provider_ids_append_only before update or delete on provider_ids
    for each row execute function settlement_refuse_change();
create trigger provider_ids_no_truncate before truncate on provider_ids
    for each statement execute function settlement_refuse_change();

-- The providers registered before: their order address, written as the event wrote it, less the
-- SBDH authority prefix the import accepted.
insert into provider_ids (participant_id, provider_org, role, event_seq)
select regexp_replace(peppol_id, '^iso6523-actorid-upis::', '', 'i'), org_number, 'order', event_seq from providers;
