using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using Settlement.Peppol.Reading;
using Settlement.Worker.Database;

namespace Settlement.Worker.Replay;

/// <summary>
/// The bulk reads of a replay: one query per table (placements and events from the log's
/// canonical text, tariffs, orders, lines, deliveries, invoices), never one per placement, grouped
/// by placement in memory.
/// </summary>
internal sealed class ReplayData
{
    public Dictionary<string, PlacementBook> Books { get; } = new(StringComparer.Ordinal);
    public List<LoggedTariff> Tariffs { get; } = [];
    public Dictionary<string, LoggedTariff> TariffsBySha { get; } = new(StringComparer.Ordinal);

    /// <summary>The last order run: its date and when its last order was written (null when no order exists).</summary>
    public (LocalDate Date, Instant Finished)? LastOrderRun { get; private set; }

    /// <summary>The last delivery run that registered a base-pay delivery: its date and when it finished.</summary>
    public (LocalDate Date, Instant Finished)? LastDeliveryRun { get; private set; }

    private PlacementBook Book(string id)
    {
        if (!Books.TryGetValue(id, out var b)) Books[id] = b = new PlacementBook(id);
        return b;
    }

    /// <summary>The tariff that was in force at an instant (the one imported last by then).</summary>
    public LoggedTariff? TariffAt(Instant at) => Tariffs.LastOrDefault(t => t.ImportedAt <= at) ?? Tariffs.FirstOrDefault();

    /// <summary>
    /// Reads everything in three parallel streams (the log; orders and their lines; deliveries,
    /// invoices, the projection and the last runs), each one query per table, then groups by placement.
    /// </summary>
    public static ReplayData Load(NpgsqlDataSource ds, string? placement)
    {
        var data = new ReplayData();
        List<(string Placement, object Item)> logged = [];
        List<StoredOrder> orders = [];
        List<StoredLine> lines = [];
        List<StoredDelivery> deliveries = [];
        List<StoredInvoice> invoices = [];
        List<StoredProjection> projections = [];
        Parallel.Invoke(
            () => { using var c = ds.Connect(); logged = ReadLog(c, placement); },
            () =>
            {
                using var c = ds.Connect();
                orders = ReadOrders(c, placement);
                lines = ReadLines(c, placement);
            },
            () =>
            {
                using var c = ds.Connect();
                data.ReadTariffs(c);
                deliveries = ReadDeliveries(c, placement);
                invoices = ReadInvoices(c, placement);
                projections = ReadProjections(c, placement);
                data.ReadLastRuns(c);
            });

        foreach (var (id, item) in logged)
        {
            var book = data.Book(id);
            switch (item)
            {
                case LoggedPlacement p: book.Logged ??= p; break;
                case LoggedReport r: book.Reports.Add(r); break;
                case LoggedEvent e: book.Events.Add(e); break;
            }
        }
        foreach (var row in projections) data.Book(row.Id).Projection = row;
        var byNumber = new Dictionary<string, StoredOrder>(orders.Count, StringComparer.Ordinal);
        foreach (var o in orders)
        {
            byNumber[o.Number] = o;
            data.Book(o.PlacementId).Orders.Add(o);
        }
        foreach (var l in lines)
            if (byNumber.TryGetValue(l.OrderNumber, out var o)) o.Lines.Add(l);
        foreach (var o in orders)
            if (o.Lines.Count > 1) o.Lines.Sort((a, b) => a.LineNo.CompareTo(b.LineNo));
        foreach (var d in deliveries)
            if (byNumber.TryGetValue(d.OrderNumber, out var o)) data.Book(o.PlacementId).Deliveries[(d.OrderNumber, d.LineNo)] = d;
        foreach (var i in invoices)
            if (byNumber.TryGetValue(i.OrderNumber, out var o)) data.Book(o.PlacementId).Invoices.Add(i);
        return data;
    }

    private void ReadTariffs(NpgsqlConnection conn)
    {
        foreach (var t in conn.Query<(long Id, string Sha, string Json, Instant ImportedAt)>(
                     "select id, content_sha256, json, imported_at from tariffs order by id"))
        {
            var read = TariffReader.Read(t.Json);
            var lt = new LoggedTariff(t.Id, t.Sha, read.Tariff, read.Tariff is null ? read.Errors[0].ToString() : null,
                Hashing.Sha256Hex(t.Json) == t.Sha, t.ImportedAt);
            Tariffs.Add(lt);
            TariffsBySha[t.Sha] = lt;
        }
    }

    private void ReadLastRuns(NpgsqlConnection conn)
    {
        // The last runs are global facts, whatever placement is replayed.
        LastOrderRun = conn.QuerySingleOrDefault<(LocalDate Date, Instant Finished)?>(
            "select issue_date, max(created_at) from orders group by issue_date order by issue_date desc limit 1");
        LastDeliveryRun = conn.QuerySingleOrDefault<(LocalDate Date, Instant Finished)?>("""
            select d.registered_on, max(d.created_at) from deliveries d join orders o on o.number = d.order_number
            where o.kind = 'base' group by d.registered_on order by d.registered_on desc limit 1
            """);
    }

    private static NpgsqlDataReader Reader(NpgsqlConnection conn, string sql, string? placement, string[]? types = null)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        if (placement is not null) cmd.Parameters.AddWithValue("placement", placement);
        if (types is not null) cmd.Parameters.AddWithValue("types", types);
        return cmd.ExecuteReader();
    }

    /// <summary>The accepted placement, engine and report events, from their hashed canonical text, in log order.</summary>
    private static List<(string Placement, object Item)> ReadLog(NpgsqlConnection conn, string? placement)
    {
        var result = new List<(string, object)>();
        using var r = Reader(conn, $"""
            select seq, canonical, imported_at from event_log
            where status = 'accepted' and (type = any(@types) or type in ('placement', 'periodicReport'))
            {(placement is not null ? "and placement_id = @placement" : "")}
            order by seq
            """, placement, [.. EventJson.EngineTypes]);
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            var importedAt = r.GetFieldValue<Instant>(2);
            using var doc = JsonDocument.Parse(r.GetString(1));
            var e = doc.RootElement;
            var id = Str(e, "placement");
            if (id is null) continue;
            Dates.TryParse(Str(e, "registeredOn"), out var registeredOn);
            switch (Str(e, "type"))
            {
                case "placement":
                    Levels.TryParse(Str(e, "level"), out var level);
                    Dates.TryParse(Str(e, "start"), out var start);
                    result.Add((id, new LoggedPlacement(seq, id, Str(e, "provider") ?? "", level, start, registeredOn, importedAt)));
                    break;
                case "periodicReport":
                    result.Add((id, new LoggedReport(seq, id, Str(e, "month") ?? "", registeredOn, importedAt)));
                    break;
                default:
                    result.Add((id, new LoggedEvent(seq, registeredOn, importedAt, EventJson.Read(e))));
                    break;
            }
        }
        return result;
    }

    private static List<StoredProjection> ReadProjections(NpgsqlConnection conn, string? placement) =>
        conn.Query<StoredProjection>($"""
            select id, provider_org as ProviderOrg, level::text as Level, start_date as StartDate, registered_on as RegisteredOn, event_seq as EventSeq
            from placements {(placement is not null ? "where id = @placement" : "")}
            """, new { placement }).AsList();

    private static List<StoredOrder> ReadOrders(NpgsqlConnection conn, string? placement)
    {
        var list = new List<StoredOrder>();
        using var r = Reader(conn, $"""
            select number, order_key, kind, placement_id, provider_org, period_number, stage, supplement_id, issue_date, total,
                   vat_category, vat_percent, tariff_sha256, created_at
            from orders {(placement is not null ? "where placement_id = @placement" : "")} order by issue_date, length(number), number
            """, placement);
        while (r.Read())
            list.Add(new StoredOrder(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt32(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.GetFieldValue<LocalDate>(8), r.GetDecimal(9), r.GetString(10), r.GetDecimal(11), r.GetString(12), r.GetFieldValue<Instant>(13)));
        return list;
    }

    private static List<StoredLine> ReadLines(NpgsqlConnection conn, string? placement)
    {
        var list = new List<StoredLine>();
        using var r = Reader(conn, $"""
            select l.order_number, l.line_no, l.article, l.month, l.quantity, l.unit_code, l.price, l.amount, l.period_from, l.period_to
            from order_lines l {(placement is not null ? "join orders o on o.number = l.order_number where o.placement_id = @placement" : "")}
            """, placement);
        while (r.Read())
            list.Add(new StoredLine(r.GetString(0), r.GetInt32(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDecimal(4), r.GetString(5),
                r.GetDecimal(6), r.GetDecimal(7), r.IsDBNull(8) ? null : r.GetFieldValue<LocalDate>(8), r.IsDBNull(9) ? null : r.GetFieldValue<LocalDate>(9)));
        return list;
    }

    private static List<StoredDelivery> ReadDeliveries(NpgsqlConnection conn, string? placement)
    {
        var list = new List<StoredDelivery>();
        using var r = Reader(conn, $"""
            select d.order_number, d.line_no, d.status, d.quantity, d.amount, d.registered_on, d.report_seq, d.created_at
            from deliveries d {(placement is not null ? "join orders o on o.number = d.order_number where o.placement_id = @placement" : "")}
            """, placement);
        while (r.Read())
            list.Add(new StoredDelivery(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetDecimal(3), r.GetDecimal(4), r.GetFieldValue<LocalDate>(5),
                r.IsDBNull(6) ? null : r.GetInt64(6), r.GetFieldValue<Instant>(7)));
        return list;
    }

    /// <summary>How many archived invoices are held at once while their facts are read again (on every core).</summary>
    private const int InvoiceSlice = 2_000;

    private static readonly InboundOptions Rereading = InboundOptions.Default with { ValidateSchema = false };

    /// <summary>The invoices with the facts of their archived documents, read a slice at a time so the documents are never all in memory.</summary>
    private static List<StoredInvoice> ReadInvoices(NpgsqlConnection conn, string? placement)
    {
        var rows = conn.Query<InvoiceRow>($"""
            select i.id, i.document_id as DocumentId, i.invoice_number as InvoiceNumber, i.order_number as OrderNumber, i.line_no as LineNo,
                   i.quantity, i.price, i.amount, i.vat_amount as Vat, i.payable, i.status, io.processed_at as ProcessedAt,
                   c.document_id as CreditDocumentId, d.sha256, d.content, i.due_date as DueDate, p.paid_on as PaidOn, p.amount as PaidAmount, i.delivery_seen as DeliverySeen
            from invoices i join inbound_outcomes io on io.document_id = i.document_id
            join inbound_documents d on d.id = i.document_id
            left join credits c on c.invoice_id = i.id
            left join payments p on p.invoice_id = i.id
            {(placement is not null ? "join orders o on o.number = i.order_number where o.placement_id = @placement" : "")}
            order by i.document_id
            """, new { placement }, buffered: false);
        var list = new List<StoredInvoice>();
        foreach (var slice in rows.Chunk(InvoiceSlice))
            list.AddRange(slice.AsParallel().AsOrdered().Select(r => new StoredInvoice(r.Id, r.DocumentId, r.InvoiceNumber, r.OrderNumber, r.LineNo,
                r.Quantity, r.Price, r.Amount, r.Vat, r.Payable, r.Status, r.ProcessedAt, r.CreditDocumentId,
                InboundReader.Read(r.Content, Rereading).Document is { } document ? InvoiceFacts.From(document) : null,
                Hashing.Sha256Hex(r.Content) == r.Sha256, r.DueDate, r.PaidOn, r.PaidAmount, r.DeliverySeen)));
        return list;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
