using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using Settlement.Worker.Database;

namespace Settlement.Worker.Replay;

/// <summary>A placement as its `placement` event in the log says (not the projection table).</summary>
internal sealed record LoggedPlacement(long Seq, string Id, string Provider, Level Level, LocalDate Start, LocalDate RegisteredOn, Instant ImportedAt);

/// <summary>An accepted engine event of the log, read from its hashed canonical text.</summary>
internal sealed record LoggedEvent(long Seq, LocalDate RegisteredOn, Instant ImportedAt, PlacementEvent Event);

/// <summary>An accepted periodic report of the log.</summary>
internal sealed record LoggedReport(long Seq, string Placement, string Month, LocalDate RegisteredOn, Instant ImportedAt);

/// <summary>A stored tariff: the exact JSON imported, whether it still hashes to its key, and when it came into force.</summary>
internal sealed record LoggedTariff(long Id, string Sha256, Tariff? Tariff, string? Problem, bool HashOk, Instant ImportedAt);

internal sealed record StoredOrder(string Number, string OrderKey, string Kind, string PlacementId, string ProviderOrg, int? PeriodNumber,
    int? Stage, string? SupplementId, LocalDate IssueDate, decimal Total, string VatCategory, decimal VatPercent, string TariffSha256, Instant CreatedAt)
{
    public List<StoredLine> Lines { get; } = [];
}

internal sealed record StoredLine(string OrderNumber, int LineNo, string Article, string? Month, decimal Quantity, string UnitCode,
    decimal Price, decimal Amount, LocalDate? PeriodFrom, LocalDate? PeriodTo);

internal sealed record StoredDelivery(string OrderNumber, int LineNo, string Status, decimal Quantity, decimal Amount, LocalDate RegisteredOn,
    long? ReportSeq, Instant CreatedAt);

internal sealed record StoredInvoice(long Id, long DocumentId, string InvoiceNumber, string OrderNumber, int LineNo, decimal Quantity,
    decimal Price, string Status, Instant ProcessedAt, string Reasons, long? CreditDocumentId);

internal sealed record StoredProjection(string Id, string ProviderOrg, string Level, LocalDate StartDate, LocalDate RegisteredOn, long EventSeq);

/// <summary>Everything stored about one placement, gathered from the bulk reads.</summary>
internal sealed class PlacementBook(string id)
{
    public string Id { get; } = id;
    public LoggedPlacement? Logged { get; set; }
    public StoredProjection? Projection { get; set; }
    public List<LoggedEvent> Events { get; } = [];
    public List<LoggedReport> Reports { get; } = [];
    public List<StoredOrder> Orders { get; } = [];
    public Dictionary<(string Order, int Line), StoredDelivery> Deliveries { get; } = [];
    public List<StoredInvoice> Invoices { get; } = [];
}

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

    public static ReplayData Load(NpgsqlConnection conn, string? placement)
    {
        var data = new ReplayData();
        var only = placement is not null;
        var p = new { placement };

        foreach (var t in conn.Query<(long Id, string Sha, string Json, Instant ImportedAt)>(
                     "select id, content_sha256, json, imported_at from tariffs order by id"))
        {
            var read = TariffReader.Read(t.Json);
            var lt = new LoggedTariff(t.Id, t.Sha, read.Tariff, read.Tariff is null ? read.Errors[0].ToString() : null,
                Hashing.Sha256Hex(t.Json) == t.Sha, t.ImportedAt);
            data.Tariffs.Add(lt);
            data.TariffsBySha[t.Sha] = lt;
        }

        var engineTypes = EventJson.EngineTypes.ToArray();
        foreach (var r in conn.Query<(long Seq, string Type, string Canonical, Instant ImportedAt)>($"""
                     select seq, type, canonical, imported_at from event_log
                     where status = 'accepted' and (type = any(@engineTypes) or type in ('placement', 'periodicReport'))
                     {(only ? "and placement_id = @placement" : "")}
                     order by seq
                     """, new { engineTypes, placement }, buffered: false))
        {
            using var doc = JsonDocument.Parse(r.Canonical);
            var e = doc.RootElement;
            var id = Str(e, "placement");
            if (id is null) continue;
            Dates.TryParse(Str(e, "registeredOn"), out var registeredOn);
            switch (Str(e, "type"))
            {
                case "placement":
                    Levels.TryParse(Str(e, "level"), out var level);
                    Dates.TryParse(Str(e, "start"), out var start);
                    data.Book(id).Logged ??= new LoggedPlacement(r.Seq, id, Str(e, "provider") ?? "", level, start, registeredOn, r.ImportedAt);
                    break;
                case "periodicReport":
                    data.Book(id).Reports.Add(new LoggedReport(r.Seq, id, Str(e, "month") ?? "", registeredOn, r.ImportedAt));
                    break;
                default:
                    data.Book(id).Events.Add(new LoggedEvent(r.Seq, registeredOn, r.ImportedAt, EventJson.Read(e)));
                    break;
            }
        }

        foreach (var row in conn.Query<StoredProjection>($"""
                     select id, provider_org as ProviderOrg, level::text as Level, start_date as StartDate, registered_on as RegisteredOn, event_seq as EventSeq
                     from placements {(only ? "where id = @placement" : "")}
                     """, p))
            data.Book(row.Id).Projection = row;

        var orders = new Dictionary<string, StoredOrder>(StringComparer.Ordinal);
        foreach (var o in conn.Query<StoredOrder>($"""
                     select number, order_key as OrderKey, kind, placement_id as PlacementId, provider_org as ProviderOrg, period_number as PeriodNumber,
                            stage, supplement_id as SupplementId, issue_date as IssueDate, total, vat_category as VatCategory, vat_percent as VatPercent,
                            tariff_sha256 as TariffSha256, created_at as CreatedAt
                     from orders {(only ? "where placement_id = @placement" : "")} order by issue_date, length(number), number
                     """, p))
        {
            orders[o.Number] = o;
            data.Book(o.PlacementId).Orders.Add(o);
        }

        foreach (var l in conn.Query<StoredLine>($"""
                     select l.order_number as OrderNumber, l.line_no as LineNo, l.article, l.month, l.quantity, l.unit_code as UnitCode,
                            l.price, l.amount, l.period_from as PeriodFrom, l.period_to as PeriodTo
                     from order_lines l {(only ? "join orders o on o.number = l.order_number where o.placement_id = @placement" : "")}
                     order by l.order_number, l.line_no
                     """, p, buffered: false))
            if (orders.TryGetValue(l.OrderNumber, out var o)) o.Lines.Add(l);

        foreach (var d in conn.Query<StoredDelivery>($"""
                     select d.order_number as OrderNumber, d.line_no as LineNo, d.status, d.quantity, d.amount, d.registered_on as RegisteredOn,
                            d.report_seq as ReportSeq, d.created_at as CreatedAt
                     from deliveries d {(only ? "join orders o on o.number = d.order_number where o.placement_id = @placement" : "")}
                     """, p, buffered: false))
            if (orders.TryGetValue(d.OrderNumber, out var o)) data.Book(o.PlacementId).Deliveries[(d.OrderNumber, d.LineNo)] = d;

        foreach (var i in conn.Query<StoredInvoice>($"""
                     select i.id, i.document_id as DocumentId, i.invoice_number as InvoiceNumber, i.order_number as OrderNumber, i.line_no as LineNo,
                            i.quantity, i.price, i.status, io.processed_at as ProcessedAt, io.reasons::text as Reasons, c.document_id as CreditDocumentId
                     from invoices i join inbound_outcomes io on io.document_id = i.document_id
                     left join credits c on c.invoice_id = i.id
                     {(only ? "join orders o on o.number = i.order_number where o.placement_id = @placement" : "")}
                     order by i.document_id
                     """, p))
            if (orders.TryGetValue(i.OrderNumber, out var o)) data.Book(o.PlacementId).Invoices.Add(i);

        // The last runs are global facts, whatever placement is replayed.
        var lastOrders = conn.QuerySingleOrDefault<(LocalDate Date, Instant Finished)?>(
            "select issue_date, max(created_at) from orders group by issue_date order by issue_date desc limit 1");
        data.LastOrderRun = lastOrders;
        data.LastDeliveryRun = conn.QuerySingleOrDefault<(LocalDate Date, Instant Finished)?>("""
            select d.registered_on, max(d.created_at) from deliveries d join orders o on o.number = d.order_number
            where o.kind = 'base' group by d.registered_on order by d.registered_on desc limit 1
            """);
        return data;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
