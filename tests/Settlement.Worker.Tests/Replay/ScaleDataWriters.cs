using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Worker.Orders;

namespace Settlement.Worker.Tests.Replay;

/// <summary>Orders, lines and deliveries are buffered and copied table by table (foreign keys need the order first).</summary>
internal sealed class ScaleDataWriters(NpgsqlConnection conn) : IDisposable
{
    private readonly List<Action<NpgsqlBinaryImporter>> orders = [], lines = [], deliveries = [];

    public void Order(string number, DueOrder due, string placement, string provider, LocalDate on, string category, decimal percent, string sha) =>
        orders.Add(w =>
        {
            w.StartRow();
            w.Write(number); w.Write(due.Key); w.Write(due.Kind); w.Write(placement); w.Write(provider);
            if (due.Period is { } n) w.Write(n); else w.WriteNull();
            if (due.Stage is { } s) w.Write(s); else w.WriteNull();
            if (due.SupplementId is { } x) w.Write(x); else w.WriteNull();
            w.Write(on, NpgsqlDbType.Date); w.Write(due.Total, NpgsqlDbType.Numeric); w.Write(category); w.Write(percent, NpgsqlDbType.Numeric); w.Write(sha);
            w.Write("scale data: computed as the order run would");
        });

    public void Line(string number, PlannedLine l) =>
        lines.Add(w =>
        {
            w.StartRow();
            w.Write(number); w.Write(l.LineNo); w.Write(l.Article);
            if (l.Month is { } m) w.Write(m); else w.WriteNull();
            w.Write(l.Quantity, NpgsqlDbType.Numeric); w.Write(l.UnitCode); w.Write(l.Price, NpgsqlDbType.Numeric); w.Write(l.Amount, NpgsqlDbType.Numeric);
            w.Write(l.From, NpgsqlDbType.Date); w.Write(l.To, NpgsqlDbType.Date);
        });

    public void Delivery(string number, int line, string status, decimal quantity, decimal amount, LocalDate on, long? reportSeq) =>
        deliveries.Add(w =>
        {
            w.StartRow();
            w.Write(number); w.Write(line); w.Write(status); w.Write(quantity, NpgsqlDbType.Numeric); w.Write(amount, NpgsqlDbType.Numeric);
            w.Write(on, NpgsqlDbType.Date);
            if (reportSeq is { } s) w.Write(s); else w.WriteNull();
            w.Write("scale data");
        });

    public void Complete()
    {
        Copy("copy orders (number, order_key, kind, placement_id, provider_org, period_number, stage, supplement_id, issue_date, total, vat_category, vat_percent, tariff_sha256, derivation) from stdin (format binary)", orders);
        Copy("copy order_lines (order_number, line_no, article, month, quantity, unit_code, price, amount, period_from, period_to) from stdin (format binary)", lines);
        Copy("copy deliveries (order_number, line_no, status, quantity, amount, registered_on, report_seq, derivation) from stdin (format binary)", deliveries);
    }

    private void Copy(string sql, List<Action<NpgsqlBinaryImporter>> rows)
    {
        using var w = conn.BeginBinaryImport(sql);
        foreach (var r in rows) r(w);
        w.Complete();
        rows.Clear();
    }

    public void Dispose() { }
}
