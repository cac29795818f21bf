-- Performance (settle bench): the large values (order and answer documents in the outbox, the
-- archived inbound documents, the orders' derivations) are compressed with lz4 instead of the
-- default pglz when the server supports it. lz4 compresses several times faster, and at national
-- scale compressing these values was a large part of the database's work in the order run and the
-- intake. Values stay byte for byte what was stored; existing rows keep their compression.
do $$
begin
    if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then
        alter table outbox alter column document set compression lz4;
        alter table inbound_documents alter column content set compression lz4;
        alter table orders alter column derivation set compression lz4;
    end if;
end
$$;
