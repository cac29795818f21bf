using System.Text;
using Dapper;
using NodaTime;
using Settlement.Peppol.Parties;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Orders;

/// <summary>
/// Nothing is sent that fails validation: an order whose document does not pass the project's own
/// rules stops the run with one line naming the order and the rule, and leaves nothing behind (no
/// order, no outbox row or file, the day's serial not used); the next run, with valid documents,
/// numbers from 1.
/// </summary>
public sealed class OrdersValidatedBeforeSendTests : IDisposable
{
    private readonly TestDatabase db = new();
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}");

    public void Dispose()
    {
        db.Dispose();
        if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true);
    }

    /// <summary>Renders the real order, then puts the provider's VAT registration back into the seller party: the shape orders had before release 2026.5 was checked.</summary>
    private sealed class SellerVatDocuments(PeppolOrderDocuments real) : IOrderDocuments
    {
        public byte[] Render(OrderDocumentRequest request)
        {
            var xml = Encoding.UTF8.GetString(real.Render(request));
            var seller = xml.IndexOf("<cac:SellerSupplierParty>", StringComparison.Ordinal);
            var legal = xml.IndexOf("<cac:PartyLegalEntity>", seller, StringComparison.Ordinal);
            return Encoding.UTF8.GetBytes(xml.Insert(legal,
                "<cac:PartyTaxScheme><cbc:CompanyID>SE556987654201</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"));
        }
    }

    [Fact]
    public void An_invalid_order_is_not_issued_and_its_serial_is_not_used()
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
        var real = new PeppolOrderDocuments(BuyerConfiguration.Default, NodaTime.Testing.FakeClock.FromUtc(2024, 3, 11));
        var date = new LocalDate(2024, 3, 11);

        var failed = Assert.Throws<SettleException>(() =>
            new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new SellerVatDocuments(real)), outbox).Run(date));
        Assert.Equal(Settlement.Worker.ExitCodes.Problem, failed.ExitCode);
        Assert.Matches(@"^order IN240311-\d+ \(base, GR-2024-\d+\) fails validation and is not sent \(1 fatal finding; first PEPPOL-T01-B07204: ", failed.Message);
        Assert.Contains("cac:SellerSupplierParty/cac:Party/cac:PartyTaxScheme", failed.Message);

        using (var conn = db.Connect())
        {
            Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from orders"));
            Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from order_lines"));
            Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from outbox"));
            Assert.Equal(0, conn.ExecuteScalar<int?>("select last_serial from po_serials where issue_date = '2024-03-11'") ?? 0);
        }
        Assert.True(!Directory.Exists(outbox) || Directory.GetFiles(outbox).Length == 0);

        var report = new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, real), outbox).Run(date);
        Assert.NotEmpty(report.Issued);
        Assert.Equal(Enumerable.Range(1, report.Issued.Count).Select(i => $"IN240311-{i}").ToHashSet(), report.Issued.Select(o => o.Number).ToHashSet());
        Assert.Equal(report.Issued.Count, Directory.GetFiles(outbox, "IN240311-*.xml").Length);
    }
}
