-- A document over the intake's size limit is archived as its SHA-256, its real size and its first
-- bytes (it is refused by size without being read into memory); its size can exceed 2 GiB.
-- length(content) < size_bytes marks such a document. Changing the column's type writes no rows
-- through the append-only triggers.
alter table inbound_documents alter column size_bytes type bigint;
