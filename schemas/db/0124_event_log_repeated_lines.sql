-- A line repeated within one import file is checked and kept like any other line (refused with its
-- rule's code, e.g. SETTLE-EVENT-DUP), so the log may hold the same canonical event twice. The
-- content hash stays indexed: an import looks every line up by it ("already imported").
alter table event_log drop constraint event_log_content_hash_key;
create index event_log_content_hash on event_log (content_hash);
