using System.Diagnostics;
using NodaTime;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;
using Settlement.Worker.Tests.Database;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Tests.Replay;

/// <summary>
/// The worked example as the service stores it, in its own database: tariff and events imported,
/// the order runs and delivery runs of the days that matter for all three placements, and a few
/// invoices on GR-2024-000101's May line (31 days: disputed; its full credit; 16.50 days: approved;
/// again 16.50: disputed REF).
/// </summary>
public sealed class ReplayCycle : IDisposable
{
    public TestDatabase Db { get; } = new();
    private readonly string outbox = Path.Combine(Path.GetTempPath(), $"replay-outbox-{Guid.NewGuid():N}");
    private static readonly BuyerConfiguration Buyer = BuyerConfiguration.Default;
    private static readonly Party Seller = WorkedExample.ExempelRusta;

    public string MayOrder { get; }

    public ReplayCycle()
    {
        TariffStore.Import(Db.DataSource, Repo.Path("samples", "tariff.json"));
        EventImporter.Import(Db.DataSource, Repo.Path("samples", "events-worked.jsonl"));
        var orders = new OrderRun(Db.DataSource, new OrderIssuer(Db.DataSource, new PeppolOrderDocuments(Buyer, SystemClock.Instance)), outbox);
        var deliveries = new DeliveryRun(Db.DataSource);
        orders.Run(new LocalDate(2024, 3, 11));
        deliveries.Run(new LocalDate(2024, 6, 3));
        orders.Run(new LocalDate(2024, 8, 21));
        orders.Run(new LocalDate(2024, 9, 2));
        deliveries.Run(new LocalDate(2024, 9, 20));
        orders.Run(new LocalDate(2025, 3, 3));
        deliveries.Run(new LocalDate(2025, 3, 3));

        using var conn = Db.Connect();
        MayOrder = Dapper.SqlMapper.QuerySingle<string>(conn, "select number from orders where placement_id = 'GR-2024-000101' and kind = 'base'");
        var today = new LocalDate(2024, 6, 10);
        var intake = new IntakeService(Db.DataSource, Buyer,
            new Responder(Buyer, new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 6, 10, 8, 0)), () => today), outbox);
        var wrong = May("F-100", 31m, today);
        intake.Take(Channel.File, "f-100.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(wrong)));
        intake.Take(Channel.File, "k-100.xml", UblWriter.Write(InvoiceBuilder.BuildFullCredit(wrong, "K-100", today)));
        intake.Take(Channel.File, "f-101.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(May("F-101", 16.50m, today))));
        intake.Take(Channel.File, "f-102.xml", UblWriter.Write(InvoiceBuilder.BuildInvoice(May("F-102", 16.50m, today))));
    }

    private InvoiceRequest May(string number, decimal quantity, LocalDate issued) =>
        new(number, issued, issued.PlusDays(30), Seller, Buyer.Party, PurchaseOrderNumber.Parse(MayOrder), "3", "Grundersättning", quantity, "DAY", 61.93m,
            VatRate.Standard25, "GR-2024-000101", new DateInterval(new LocalDate(2024, 5, 1), new LocalDate(2024, 5, 31)), null, "AVT-2023-0117");

    /// <summary>`settle ARGS --db THIS` as a real process: exit code, stdout, stderr.</summary>
    public (int Exit, string Out, string Err) Settle(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "settle.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--db");
        psi.ArgumentList.Add(Db.ConnectionString);
        psi.Environment["SETTLEMENT_LOG_DIR"] = Path.Combine(Path.GetTempPath(), "settle-test-logs");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    public void Dispose()
    {
        Db.Dispose();
        try { Directory.Delete(outbox, recursive: true); } catch (IOException) { }
    }
}
