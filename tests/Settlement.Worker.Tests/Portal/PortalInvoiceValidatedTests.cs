using Dapper;
using NodaTime;
using Settlement.Peppol.Parties;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Portal;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Invoicing;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Portal;

/// <summary>
/// Nothing is sent that fails validation, the portal's invoices included: a provider registered
/// without a VAT number cannot invoice a standard-rated line (BR-S-02 needs the seller's VAT
/// identifier), so "Skapa faktura" refuses with its own text and nothing reaches intake.
/// </summary>
public sealed class PortalInvoiceValidatedTests : IDisposable
{
    private readonly TestDatabase db = new();
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"portal-validated-{Guid.NewGuid():N}");
    private readonly string events = Path.Combine(Path.GetTempPath(), $"events-no-vat-{Guid.NewGuid():N}.jsonl");

    public void Dispose()
    {
        db.Dispose();
        if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true);
        File.Delete(events);
    }

    private sealed class At(Instant now) : IClock { public Instant GetCurrentInstant() => now; }

    [Fact]
    public void An_invoice_that_would_fail_validation_is_not_created()
    {
        // The worked example, with Exempel Rusta AB registered without its VAT number.
        File.WriteAllLines(events, File.ReadAllLines(Repo.Path("samples", "events-worked.jsonl"))
            .Select(l => l.Replace(",\"vatNumber\":\"SE556987654201\"", "", StringComparison.Ordinal)));
        Assert.DoesNotContain("SE556987654201", File.ReadAllText(events));
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, events);
        new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(BuyerConfiguration.Default, SystemClock.Instance)), outbox)
            .Run(new LocalDate(2024, 3, 11));
        new DeliveryRun(db.DataSource).Run(new LocalDate(2024, 6, 3));

        using var conn = db.Connect();
        var order = conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
        var today = new LocalDate(2024, 6, 10);
        var invoicing = new PortalInvoicing(db.DataSource, BuyerConfiguration.Default, new At(Instant.FromUtc(2024, 6, 10, 9, 0)),
            new PortalOptions { OutboxDirectory = outbox, Today = _ => today });

        var result = invoicing.Create(new Viewer(1, "lev", "leverantör", "5569876542"), order, 3);

        Assert.Equal((false, "ogiltig-faktura"), (result.Sent, result.Problem));
        Assert.True(PortalInvoicing.Problems.ContainsKey(result.Problem!));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from inbound_documents"));
        Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from responses"));
    }
}
