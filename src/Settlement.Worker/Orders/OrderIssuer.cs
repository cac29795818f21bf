using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Parties;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Outbox;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Orders;

/// <summary>
/// Issues one due order in one transaction: the purchase order number (the day's serial, from a
/// per-day counter row whose lock also queues concurrent issuers), the order and its lines, the
/// delivery of a result-based line (delivered when ordered), and the SBDH-wrapped document in the
/// outbox table, whose file it writes once the transaction has committed. The order key is unique: if another process got there first, the insert finds
/// the conflict, the transaction is rolled back (the serial with it, so serials have no gaps),
/// and nothing is issued.
/// </summary>
public sealed class OrderIssuer(NpgsqlDataSource ds, IOrderDocuments documents)
{
    /// <param name="outboxDirectory">Where to write the file right after the commit; null leaves the row pending for <see cref="OutboxWriter.FlushPending"/>.</param>
    public IssuedOrder? Issue(LocalDate date, PlacementRow placement, DueOrder due, StoredTariff tariff, string derivation, string? outboxDirectory = null)
    {
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        if (conn.ExecuteScalar<bool>("select exists (select 1 from orders where order_key = @Key)", due, tx)) return null;
        var serial = conn.ExecuteScalar<int>("""
            insert into po_serials (issue_date, last_serial) values (@date, 1)
            on conflict (issue_date) do update set last_serial = po_serials.last_serial + 1
            returning last_serial
            """, new { date }, tx);
        var number = new PurchaseOrderNumber(date, serial);
        var vat = tariff.Tariff.RequireVersionAt(due.EarnedOn).Vat;
        var inserted = conn.Execute("""
            insert into orders (number, order_key, kind, placement_id, provider_org, period_number, stage, supplement_id,
                                issue_date, total, vat_category, vat_percent, tariff_sha256, derivation)
            values (@number, @Key, @Kind, @placement, @provider, @Period, @Stage, @SupplementId,
                    @date, @Total, @category, @percent, @sha, @derivation)
            on conflict (order_key) do nothing
            """, new
        {
            number = number.ToString(), due.Key, due.Kind, placement = placement.Id, provider = placement.ProviderOrg,
            due.Period, due.Stage, due.SupplementId, date, due.Total, category = vat.Category, percent = vat.Percent,
            sha = tariff.Sha256, derivation,
        }, tx);
        if (inserted == 0) { tx.Rollback(); return null; }

        foreach (var l in due.Lines)
            conn.Execute("""
                insert into order_lines (order_number, line_no, article, month, quantity, unit_code, price, amount, period_from, period_to)
                values (@number, @LineNo, @Article, @Month, @Quantity, @UnitCode, @Price, @Amount, @From, @To)
                """, new { number = number.ToString(), l.LineNo, l.Article, l.Month, l.Quantity, l.UnitCode, l.Price, l.Amount, l.From, l.To }, tx);
        if (due.Kind != "base")
            conn.Execute("""
                insert into deliveries (order_number, line_no, status, quantity, amount, registered_on, derivation)
                values (@number, 1, 'delivered', 1, @Total, @date, 'a result-based order line is delivered when it is ordered')
                """, new { number = number.ToString(), due.Total, date }, tx);

        var provider = LoadProvider(conn, tx, placement.ProviderOrg);
        var document = documents.Render(new OrderDocumentRequest(number, date, placement.Id, due, provider, new VatRate(vat.Category, vat.Percent)));
        var outboxId = conn.ExecuteScalar<long>("""
            insert into outbox (order_number, file_name, document, sha256) values (@number, @file, @document, @sha) returning id
            """, new { number = number.ToString(), file = number + ".xml", document, sha = Hashing.Sha256Hex(document) }, tx);
        tx.Commit();
        // After the commit, never before: a file exists only for an order that exists. A crash
        // here leaves the row pending, and the next run writes it (OutboxWriter.FlushPending).
        if (outboxDirectory is not null) OutboxWriter.Write(conn, outboxDirectory, outboxId, number + ".xml", document);
        Log.Information("Issued {Number} {Kind} for {Placement} ({Lines} lines, {Total} SEK)", number.ToString(), due.Kind, placement.Id, due.Lines.Count, due.Total);
        return new IssuedOrder(number.ToString(), due.Kind, placement.Id, due.Period, due.Stage, due.SupplementId, due.Total, due.Lines.Count);
    }

    private static Provider LoadProvider(NpgsqlConnection conn, NpgsqlTransaction tx, string org)
    {
        var p = conn.QuerySingle<(string Name, string PeppolId, string Agreement, string? Vat, string? Street, string? City, string? Zone, string Country)>(
            "select name, peppol_id, agreement, vat_number, street, city, postal_zone, country from providers where org_number = @org", new { org }, tx);
        return new Provider(new Party(p.Name, OrganisationNumber.Parse(org), ParticipantId.Parse(p.PeppolId), p.Vat,
            new PostalAddress(p.Street ?? "", p.City ?? "", p.Zone ?? "", p.Country)), p.Agreement);
    }
}
