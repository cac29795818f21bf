using Dapper;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Orders;
using Settlement.Worker.Portal;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Data;
using Settlement.Worker.Portal.Invoicing;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Tests.Portal;

/// <summary>
/// "Skapa faktura" after a dispute: the provider credits the wrong invoice in full, the line is open
/// again ("Krediterad, kan faktureras igen"), and the portal's invoice of the delivered 16.50 days
/// is approved under a new number.
/// </summary>
public sealed class PortalInvoicingTests : IClassFixture<TestDatabase>, IDisposable
{
    private readonly TestDatabase db;
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"portal-invoicing-{Guid.NewGuid():N}");
    private static readonly BuyerConfiguration Buyer = BuyerConfiguration.Default;
    private static readonly LocalDate Today = new(2024, 6, 10);

    public PortalInvoicingTests(TestDatabase db)
    {
        this.db = db;
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
        new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(Buyer, SystemClock.Instance)), outbox).Run(new LocalDate(2024, 3, 11));
        new DeliveryRun(db.DataSource).Run(new LocalDate(2024, 6, 3));
    }

    public void Dispose() { try { Directory.Delete(outbox, recursive: true); } catch (IOException) { } }

    private sealed class At(Instant now) : IClock { public Instant GetCurrentInstant() => now; }

    [Fact]
    public async Task A_credited_line_is_open_again_and_the_portal_invoice_of_the_delivered_quantity_is_approved()
    {
        using var conn = db.Connect();
        var order = conn.QuerySingle<string>("select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
        var seller = new Party("Exempel Rusta AB", OrganisationNumber.Parse("5569876542"), ParticipantId.Parse("0007:5569876542"),
            "SE556987654201", new PostalAddress("Storgatan 1", "Umeå", "90326", "SE"));
        var wrong = new InvoiceRequest("F-9", Today, Today.PlusDays(30), seller, Buyer.Party, PurchaseOrderNumber.Parse(order), "3", "Grundersättning",
            31m, "DAY", 61.93m, VatRate.Standard25, "GR-2024-000101", new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)), null, "AVT-2023-0117");
        var intake = new IntakeService(db.DataSource, Buyer, new Responder(Buyer, SystemClock.Instance, () => Today), outbox);
        Assert.Equal(Outcome.Disputed, intake.Take(Channel.File, "f-9.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(wrong))).Outcome);

        var options = new PortalOptions { OutboxDirectory = outbox, Today = _ => Today };
        var invoicing = new PortalInvoicing(db.DataSource, Buyer, new At(Instant.FromUtc(2024, 6, 10, 9, 0)), options);
        var provider = new Viewer(1, "lev", "leverantör", "5569876542");
        var queries = new PortalQueries(db.DataSource);

        // Held by the disputed invoice: nothing is sent.
        var refused = invoicing.Create(provider, order, 3);
        Assert.False(refused.Sent);
        Assert.Equal("redan-fakturerad", refused.Problem);
        Assert.Equal(("disputed", false), Status(await queries.OrderAsync(order, "5569876542", default), 3));

        Assert.Equal(Outcome.Credited, intake.Take(Channel.File, "k-9.xml", UblWriter.Write(InvoiceBuilder.BuildFullCredit(wrong, "K-9", Today))).Outcome);
        Assert.Equal(("credited", true), Status(await queries.OrderAsync(order, "5569876542", default), 3));

        var sent = invoicing.Create(provider, order, 3);
        Assert.True(sent.Sent, sent.Problem);
        Assert.Equal(("approved", $"LP-{order}-3-1"), (sent.Outcome, sent.InvoiceNumber));
        var registered = conn.QuerySingle<(decimal Quantity, decimal Amount, LocalDate Issued, LocalDate Due)>(
            "select quantity, amount, issue_date, due_date from invoices where invoice_number = @n", new { n = sent.InvoiceNumber });
        Assert.Equal((16.50m, 1021.85m, Today, Today.PlusDays(30)), registered);
        Assert.Equal(("approved", false), Status(await queries.OrderAsync(order, "5569876542", default), 3));

        // A line not delivered yet, and another provider's line, are refused without sending anything.
        var before = conn.ExecuteScalar<int>("select count(*) from inbound_documents");
        var june = conn.QuerySingle<int>("select line_no from order_lines where order_number = @order and month = '2024-06'", new { order });
        Assert.Equal("ej-levererad", invoicing.Create(provider, order, june).Problem);
        var other = new Viewer(2, "lev2", "leverantör", "5561234567");
        var foreign = invoicing.Create(other, order, 1);
        Assert.Equal((false, null), (foreign.Sent, foreign.Problem));
        Assert.Equal(before, conn.ExecuteScalar<int>("select count(*) from inbound_documents"));
    }

    private static (string Status, bool CanInvoice) Status(OrderDetail? order, int line)
    {
        var l = order!.LineViews.Single(x => x.LineNo == line);
        return (l.Status.Code, l.CanInvoice);
    }
}
