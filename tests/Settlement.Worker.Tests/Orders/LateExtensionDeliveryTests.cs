using Dapper;
using NodaTime;
using Settlement.Peppol.Parties;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Orders;
using Settlement.Worker.Replay;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Tests.Events;

namespace Settlement.Worker.Tests.Orders;

/// <summary>
/// A late extension: period 1 ends on 2024-09-10, September is reported on 10-01, and only then
/// (10-05) is the placement extended. Period 2's order has a September line (09-11..09-30) for a
/// month reported before the order existed; it is delivered from the report as of the order's date.
/// </summary>
public sealed class LateExtensionDeliveryTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public LateExtensionDeliveryTests(TestDatabase db) => this.db = db;

    private void Import(params string[] lines) => Assert.Empty(EventFile.Import(db, "late-extension", lines).Refusals);

    [Fact]
    public void A_month_reported_before_its_period_2_order_existed_is_delivered_on_that_order()
    {
        TariffStore.Import(db.DataSource, Repo.Path("samples", "tariff.json"));
        Import(EventFile.ExempelRusta,
            """{"type":"placement","registeredOn":"2024-03-08","placement":"GR-LATE-1","provider":"5569876542","level":"B","start":"2024-03-11"}""",
            """{"type":"periodicReport","registeredOn":"2024-10-01","placement":"GR-LATE-1","month":"2024-09"}""");
        var outbox = Path.Combine(Path.GetTempPath(), $"late-extension-outbox-{Guid.NewGuid():N}");
        var orders = new OrderRun(db.DataSource, new OrderIssuer(db.DataSource, new PeppolOrderDocuments(BuyerConfiguration.Default, SystemClock.Instance)), outbox);
        var deliveries = new DeliveryRun(db.DataSource);
        orders.Run(new LocalDate(2024, 3, 11));
        Assert.Single(deliveries.Run(new LocalDate(2024, 10, 2)).Registered); // period 1's September (09-01..09-10)

        Import("""{"type":"extension","registeredOn":"2024-10-05","placement":"GR-LATE-1"}""");
        orders.Run(new LocalDate(2024, 10, 7));
        var september = Assert.Single(deliveries.Run(new LocalDate(2024, 10, 7)).Registered);
        Assert.Equal(("2024-09", "delivered", 20m), (september.Month, september.Status, september.Quantity));
        using var conn = db.Connect();
        Assert.Equal(2, conn.ExecuteScalar<int>("select period_number from orders where number = @Order", september));

        var replay = Replayer.Run(db.DataSource, "GR-LATE-1");
        Assert.True(replay.Differences.Count == 0, string.Join("\n", replay.Differences.Select(d => $"{d.What}: {d.Stored} ≠ {d.Recomputed}")));
        Directory.Delete(outbox, recursive: true);
    }
}
