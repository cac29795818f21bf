using System.Diagnostics;
using Dapper;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Peppol.Parties;
using Settlement.Worker.Database;
using Settlement.Worker.Demo;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Events;
using Settlement.Worker.Intake;
using Settlement.Worker.Orders;
using Settlement.Worker.Reconciliation;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Bench;

/// <summary>One timed stage of the benchmark, with the processor time it took here and in the database server.</summary>
internal sealed record BenchStage(string Name, double Seconds, long Items, CpuMeter Cpu = default);

internal sealed record BenchReport(int Placements, double TotalSeconds, double PeakMemoryMiB, IReadOnlyList<BenchStage> Stages,
    BenchStage Floor, double RatioToFloor);

/// <summary>
/// `settle bench`: a synthetic national month run through the same services the worker schedules
/// (events import, order run with its outbox files, delivery run, intake and matching of every
/// provider invoice, the credits and re-issues of the wrong ones, reconciliation), each stage
/// timed; and the floor on the same machine and database: a binary COPY of as many rows as the
/// order lines and deliveries written.
/// </summary>
internal sealed class BenchRunner(NpgsqlDataSource ds, string samples, string workDirectory, Action<string>? say = null)
{
    /// <summary>How many provider invoices are prepared and delivered at a time.</summary>
    public const int Slice = 10_000;

    public BenchReport Run(int placements)
    {
        var stages = new List<BenchStage>();
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(workDirectory);
        var outbox = Path.Combine(workDirectory, "outbox");
        var inbox = Path.Combine(workDirectory, "inbox");
        Directory.CreateDirectory(inbox);
        var events = Path.Combine(workDirectory, "bench-events.jsonl");
        File.WriteAllText(events, BenchData.Events(placements));
        TariffStore.Import(ds, Path.Combine(samples, "tariff.json"));

        T Stage<T>(string name, Func<T> work, Func<T, long> items)
        {
            say?.Invoke($"{name}…");
            var (sw, cpu) = (Stopwatch.StartNew(), CpuMeter.Now());
            var result = work();
            var stage = new BenchStage(name, sw.Elapsed.TotalSeconds, items(result), CpuMeter.Now() - cpu);
            stages.Add(stage);
            say?.Invoke($"{name}: {stage.Seconds:0.0} s, {stage.Items} items, processor {stage.Cpu.Settle:0.0} s here + {stage.Cpu.Database:0.0} s database");
            return result;
        }

        var date = BenchData.RunDate;
        var buyer = BuyerConfiguration.Default;
        var clock = new BusinessClock(date);
        var responder = new Responder(buyer, clock, () => date);
        var intake = new IntakeService(ds, buyer, responder, outbox);
        var sellers = BenchData.Providers.ToDictionary(o => o, o => new DemoProvider(o, $"Leverantör {o} AB", $"AVT-{o[^4..]}", "Storgatan 1", "Stockholm", "11122"));
        var providers = new ProviderSimulator(ds, intake, buyer, inbox, org => sellers[org],
            (h, _) => h % 100 < 3 ? ProviderSimulator.Mistake.WrongPrice : ProviderSimulator.Mistake.None);

        Stage("events import", () => EventImporter.Import(ds, events), r => r.Accepted + r.Refused);
        Stage("order run and outbox files", () => new OrderRun(ds, new OrderIssuer(ds, new PeppolOrderDocuments(buyer, clock)), outbox).Run(date),
            r => r.Issued.Count);
        Stage("deliveries", () => new DeliveryRun(ds).Run(date), r => r.Registered.Count);
        // The providers' side is not timed: their invoices are prepared in slices (so that a national
        // month's documents are never all in memory at once) and handed over as the access point
        // does, over the HTTP channel. What is timed is ours: from the documents handed over to every
        // one archived, decided, registered and answered in the outbox.
        var intakeStage = new BenchStage("invoice intake and matching", 0, 0);
        var gc = BenchDiagnostics.GcSnapshot.Now();
        say?.Invoke("invoice intake and matching…");
        while (providers.PrepareSlice(date, Slice) is { Count: > 0 } slice)
        {
            var (sw, cpu) = (Stopwatch.StartNew(), CpuMeter.Now());
            var sent = providers.TakeIn(slice, Channel.Http).Sent;
            intakeStage = intakeStage with
            {
                Seconds = intakeStage.Seconds + sw.Elapsed.TotalSeconds, Items = intakeStage.Items + sent,
                Cpu = intakeStage.Cpu + (CpuMeter.Now() - cpu),
            };
        }
        stages.Add(intakeStage);
        if (BenchDiagnostics.Enabled) Console.Error.WriteLine($"gc during intake (incl. untimed preparation): {BenchDiagnostics.GcSnapshot.Now().Since(gc)}");
        say?.Invoke($"invoice intake and matching: {intakeStage.Seconds:0.0} s, {intakeStage.Items} items, processor {intakeStage.Cpu.Settle:0.0} s here + {intakeStage.Cpu.Database:0.0} s database");
        var credits = providers.Prepare(date.PlusDays(1));
        Stage("credits and re-issues", () => providers.TakeIn(credits, Channel.Http), r => r.Sent);
        Stage("reconciliation", () => Reconciler.Rows(ds), r => r.Count);
        total.Stop();
        if (BenchDiagnostics.Enabled)
            foreach (var line in BenchDiagnostics.Threads()) Console.Error.WriteLine(line);

        using var conn = ds.Connect();
        var rows = conn.ExecuteScalar<long>("select (select count(*) from order_lines) + (select count(*) from deliveries)");
        var floor = Floor(rows);
        var ours = stages.Where(s => s.Name is "order run and outbox files" or "deliveries").Sum(s => s.Seconds);
        return new BenchReport(placements, total.Elapsed.TotalSeconds, Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, stages,
            floor, floor.Seconds > 0 ? ours / floor.Seconds : 0);
    }

    /// <summary>The floor: a binary COPY of as many rows (order line sized) into a temporary table, on the same database.</summary>
    private BenchStage Floor(long rows)
    {
        using var conn = ds.Connect();
        conn.Execute("create temporary table bench_floor (order_number text, line_no int, article text, month text, quantity numeric(12,2), price numeric(14,2), amount numeric(14,2), period_from date, period_to date)");
        var sw = Stopwatch.StartNew();
        using (var copy = conn.BeginBinaryImport("copy bench_floor from stdin (format binary)"))
        {
            var from = new LocalDate(2025, 3, 1);
            for (long i = 0; i < rows; i++)
            {
                copy.StartRow();
                copy.Write($"IN250403-{i / 7}", NpgsqlDbType.Text);
                copy.Write((int)(i % 7) + 1, NpgsqlDbType.Integer);
                copy.Write("Grundersättning", NpgsqlDbType.Text);
                copy.Write("2025-03", NpgsqlDbType.Text);
                copy.Write(31.00m, NpgsqlDbType.Numeric);
                copy.Write(61.93m, NpgsqlDbType.Numeric);
                copy.Write(1919.83m, NpgsqlDbType.Numeric);
                copy.Write(from, NpgsqlDbType.Date);
                copy.Write(from.PlusDays(30), NpgsqlDbType.Date);
            }
            copy.Complete();
        }
        return new BenchStage("floor: binary COPY of the order lines and deliveries", sw.Elapsed.TotalSeconds, rows);
    }
}
