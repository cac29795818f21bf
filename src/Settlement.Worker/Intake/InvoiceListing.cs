using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Worker.Intake;

/// <summary>One inbound document as `settle invoices --json` lists it (cli.md), rejected ones included.</summary>
internal sealed record InvoiceListItem(long Id, string Source, Instant ReceivedAt, string? DocumentType, string? DocumentId, string? Seller,
    string? OrderNumber, int? OrderLine, decimal? Amount, string Outcome, IReadOnlyList<string> Reasons);

internal static class InvoiceListing
{
    public static IReadOnlyList<InvoiceListItem> All(NpgsqlDataSource ds)
    {
        using var conn = ds.Connect();
        return conn.Query<(long Id, string Channel, string Source, Instant ReceivedAt, string? Type, string? Number, string? Seller,
                string? Order, int? Line, decimal? Amount, string? Outcome, string? Reasons)>("""
            select d.id, d.channel, d.source, d.received_at, o.document_type, o.document_number, o.seller_org, o.order_number, o.order_line,
                   o.amount, o.outcome, o.reasons::text
            from inbound_documents d left join inbound_outcomes o on o.document_id = d.id
            order by d.id
            """)
            .Select(r => new InvoiceListItem(r.Id, r.Channel == "file" ? r.Source : $"{r.Channel}:{r.Source}", r.ReceivedAt, r.Type, r.Number, r.Seller,
                r.Order, r.Line, r.Amount, r.Outcome ?? "received",
                r.Reasons is null ? [] : JsonSerializer.Deserialize<List<JsonElement>>(r.Reasons)!.Select(e => e.GetProperty("text").GetString()!).ToList()))
            .ToList();
    }
}
