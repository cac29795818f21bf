using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Parties;
using Settlement.Worker.Database;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Matching;
using Settlement.Worker.Orders;
using Settlement.Worker.Portal.Users;
using Settlement.Worker.Reconciliation;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Demo;

/// <summary>The demo's portal users; the README lists the same names and passwords.</summary>
internal static class DemoUsers
{
    public const string Password = "demo-lösen-2024";

    public static IEnumerable<(string Name, string Role, string? Org)> All =>
        new (string, string, string?)[] { ("ekonomi", PortalRoles.Finance, null), ("revisor", PortalRoles.Auditor, null) }
            .Concat(DemoEvents.Providers.Select(p => ($"lev-{p.OrgNumber}", PortalRoles.Provider, (string?)p.OrgNumber)));
}

/// <summary>What the demo did, for its closing summary.</summary>
internal sealed record DemoReport(int RunDates, ImportReport Events, int Orders, int Deliveries, int ProviderDocuments,
    IReadOnlyDictionary<Outcome, int> Outcomes, int Payments, IReadOnlyList<ReconciliationRow> Reconciliation);

/// <summary>
/// `settle demo`: a clean database, the sample tariff and the demo's 18 months of events, then
/// every Monday (and the last day) the same runs the worker schedules — orders, deliveries, the
/// providers' invoices through the intake, payments — writing every document under out/.
/// Deterministic: the clock is the business date, so two runs give the same documents and figures.
/// </summary>
internal sealed class DemoRunner(NpgsqlDataSource ds, string samples, string outDirectory)
{
    public DemoReport Run(IProgress<(int Done, int Total)>? progress = null)
    {
        var outbox = Path.Combine(outDirectory, "outbox");
        var inbox = Path.Combine(outDirectory, "inbox");
        foreach (var dir in new[] { outbox, inbox })
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
        }
        TariffStore.Import(ds, Path.Combine(samples, "tariff.json"));
        var events = EventImporter.Import(ds, Path.Combine(samples, "demo-events.jsonl"));
        foreach (var (name, role, org) in DemoUsers.All)
            UserStore.Add(ds, name, role, org, DemoUsers.Password);

        var buyer = BuyerConfiguration.Default;
        var clock = new BusinessClock(DemoEvents.First);
        var responder = new Responder(buyer, clock, () => clock.Date);
        var orders = new OrderRun(ds, new OrderIssuer(ds, new PeppolOrderDocuments(buyer, clock)), outbox);
        var deliveries = new DeliveryRun(ds);
        var intake = new IntakeService(ds, buyer, responder, outbox);
        var providers = new ProviderSimulator(ds, intake, buyer, inbox, org => DemoEvents.Providers.Single(p => p.OrgNumber == org), ProviderSimulator.DemoMix);
        var payments = new PaymentRun(ds, responder, outbox);

        var dates = RunDates().ToList();
        int ordered = 0, delivered = 0, sent = 0, paid = 0;
        var outcomes = new Dictionary<Outcome, int>();
        for (int i = 0; i < dates.Count; i++)
        {
            var date = dates[i];
            clock.Date = date;
            progress?.Report((i, dates.Count));
            ordered += orders.Run(date).Issued.Count;
            delivered += deliveries.Run(date).Registered.Count;
            var day = providers.Run(date);
            sent += day.Sent;
            foreach (var (outcome, n) in day.Outcomes) outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + n;
            paid += payments.Run(date).Count;
            Log.Debug("Demo {Date}: orders {Orders}, deliveries {Deliveries}, documents {Sent}", Dates.Format(date), ordered, delivered, sent);
        }
        progress?.Report((dates.Count, dates.Count));
        return new DemoReport(dates.Count, events, ordered, delivered, sent, outcomes, paid, Reconciler.Rows(ds));
    }

    /// <summary>Every Monday of the 18 months, and the last day.</summary>
    public static IEnumerable<LocalDate> RunDates()
    {
        var d = DemoEvents.First;
        while (d.DayOfWeek != IsoDayOfWeek.Monday) d = d.PlusDays(1);
        for (; d <= DemoEvents.Last; d = d.PlusWeeks(1)) yield return d;
        if (DemoEvents.Last.DayOfWeek != IsoDayOfWeek.Monday) yield return DemoEvents.Last;
    }
}
