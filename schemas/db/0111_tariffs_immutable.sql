-- A stored tariff is what every figure was computed from (orders keep its SHA-256): it never
-- changes. A new tariff is imported as a new row; replay redoes figures from the row by hash.
create trigger tariffs_immutable before update or delete on tariffs
    for each row execute function settlement_refuse_change();
