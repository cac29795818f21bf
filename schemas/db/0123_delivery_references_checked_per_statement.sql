-- Performance (settle bench), as 0121 and 0122: a delivery's references to its order line and to
-- the periodic report it came from (order lines and the event log never change) are checked once
-- per statement. Their rows are small (the derivation is one line), so a statement of 10,000 fits
-- the memory of its transition table. Order lines refuse TRUNCATE while deliveries exist.
alter table deliveries
    drop constraint deliveries_order_number_line_no_fkey,
    drop constraint deliveries_report_seq_fkey;
create trigger deliveries_line_exists after insert on deliveries referencing new table as new_rows
    for each statement execute function settlement_references_exist('order_number, line_no', 'order_lines', 'order_number, line_no');
create trigger deliveries_report_exists after insert on deliveries referencing new table as new_rows
    for each statement execute function settlement_references_exist('report_seq', 'event_log', 'seq');

drop trigger order_lines_keep_children on order_lines;
create trigger order_lines_keep_children before truncate on order_lines
    for each statement execute function settlement_keep_children('invoices', 'deliveries');
