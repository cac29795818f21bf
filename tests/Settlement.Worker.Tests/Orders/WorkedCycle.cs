using NodaTime;
using Settlement.Peppol.Parties;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Orders;

/// <summary>
/// The worked example run through the service once, in its own database and outbox: tariff and
/// events imported, then the order and delivery runs of the days that matter, each order run twice.
/// </summary>
public sealed class WorkedCycle : IDisposable
{
    public TestDatabase Db { get; } = new();
    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), $"settle-outbox-{Guid.NewGuid():N}");
    internal OrderRunReport March11 { get; }
    internal OrderRunReport March11Again { get; }
    internal DeliveryRunReport June3 { get; }
    internal DeliveryRunReport June3Again { get; }
    internal OrderRunReport August21 { get; }
    internal OrderRunReport August21Again { get; }
    internal DeliveryRunReport September20 { get; }

    public WorkedCycle()
    {
        TariffStore.Import(Db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(Db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
        var run = NewOrderRun();
        var deliveries = new DeliveryRun(Db.DataSource);
        March11 = run.Run(new LocalDate(2024, 3, 11));
        March11Again = run.Run(new LocalDate(2024, 3, 11));
        June3 = deliveries.Run(new LocalDate(2024, 6, 3));
        June3Again = deliveries.Run(new LocalDate(2024, 6, 3));
        August21 = run.Run(new LocalDate(2024, 8, 21));
        August21Again = run.Run(new LocalDate(2024, 8, 21));
        September20 = deliveries.Run(new LocalDate(2024, 9, 20));
    }

    internal OrderRun NewOrderRun() =>
        new(Db.DataSource, new OrderIssuer(Db.DataSource, new PeppolOrderDocuments(BuyerConfiguration.Default, SystemClock.Instance)), Outbox);

    public void Dispose()
    {
        Db.Dispose();
        try { Directory.Delete(Outbox, recursive: true); } catch (IOException) { }
    }
}
