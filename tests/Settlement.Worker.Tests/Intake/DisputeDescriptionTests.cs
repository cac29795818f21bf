using Dapper;
using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Intake;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Tests.Intake;

/// <summary>
/// The QTY reason describes the delivered month of the very line invoiced. A placement starting
/// 2024-08-15 ends its first period in mid-February 2025 and, extended, starts its second in it,
/// so February has a line in each period's order with its own days; a wrong quantity on the
/// period-2 line must be described with period 2's days (the intake used to take the first
/// period's February), from the delivery as registered (no engine run at dispute time).
/// </summary>
public sealed class DisputeDescriptionTests : IDisposable
{
    private readonly TestDatabase db = new();
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"dispute-{Guid.NewGuid():N}");

    private static readonly string[] Events =
    [
        """{"type":"provider","registeredOn":"2024-01-02","orgNumber":"5569876542","name":"Exempel Rusta AB","peppolId":"0007:5569876542","agreement":"AVT-2023-0117","vatNumber":"SE556987654201","address":{"street":"Storgatan 1","city":"Umeå","postalZone":"90326","country":"SE"}}""",
        """{"type":"placement","registeredOn":"2024-08-12","placement":"GR-2024-000201","provider":"5569876542","level":"C","start":"2024-08-15"}""",
        .. new[] { "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01" }.Select((m, i) =>
            $$"""{"type":"periodicReport","registeredOn":"{{new LocalDate(2024, 9, 2).PlusMonths(i):yyyy-MM-dd}}","placement":"GR-2024-000201","month":"{{m}}"}"""),
        """{"type":"extension","registeredOn":"2025-02-03","placement":"GR-2024-000201"}""",
        """{"type":"periodicReport","registeredOn":"2025-03-03","placement":"GR-2024-000201","month":"2025-02"}""",
    ];

    public void Dispose()
    {
        db.Dispose();
        if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true);
    }

    [Fact]
    public void A_wrong_quantity_on_a_period_2_line_in_a_month_both_periods_share_is_described_with_period_2s_days()
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        var file = Path.Combine(Path.GetTempPath(), $"dispute-events-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(file, Events);
        try { Assert.Equal(0, EventImporter.Import(db.DataSource, file).Refused); }
        finally { File.Delete(file); }
        var orders = new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(BuyerConfiguration.Default, SystemClock.Instance)), outbox);
        foreach (var day in new[] { new LocalDate(2024, 8, 15), new LocalDate(2025, 2, 3), new LocalDate(2025, 2, 17) }) orders.Run(day);
        new DeliveryRun(db.DataSource).Run(new LocalDate(2025, 3, 3));

        using var conn = db.Connect();
        var lines = conn.Query<(string Order, int Line, int Period, LocalDate From, LocalDate To, decimal Delivered, decimal Price)>("""
            select o.number, l.line_no, o.period_number, l.period_from, l.period_to, d.quantity, l.price
            from orders o join order_lines l on l.order_number = o.number join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            where o.kind = 'base' and l.month = '2025-02' order by o.period_number
            """).ToList();
        Assert.Equal([1, 2], lines.Select(l => l.Period));
        var (first, second) = (lines[0], lines[1]);
        Assert.NotEqual(first.From, second.From);

        var today = new LocalDate(2025, 3, 10);
        var intake = new IntakeService(db.DataSource, BuyerConfiguration.Default,
            new Responder(BuyerConfiguration.Default, new NodaTime.Testing.FakeClock(Instant.FromUtc(2025, 3, 10, 8, 0)), () => today), outbox);
        var request = new InvoiceRequest("F-P2", today, today.PlusDays(30), WorkedExample.ExempelRusta, BuyerConfiguration.Default.Party,
            PurchaseOrderNumber.Parse(second.Order), second.Line.ToString(), "Grundersättning", second.Delivered + 1m, "DAY", second.Price,
            VatRate.Standard25, "GR-2024-000201", new DateInterval(second.From, second.To), null, "AVT-2023-0117");
        var result = intake.Take(Channel.File, "f-p2.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(request)));
        Assert.Equal(Settlement.Worker.Matching.Outcome.Disputed, result.Outcome);
        var qty = Assert.Single(result.Reasons, r => r.Code == "QTY");
        Assert.Contains($"({Dates.Format(second.From)}–", qty.Text);
        Assert.DoesNotContain(Dates.Format(first.From), qty.Text);
    }
}
