using BenchmarkDotNet.Attributes;
using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Benchmarks;

/// <summary>
/// Placement-months computed per second on one core (target ≥ 2,000,000). A realistic national mix:
/// a third plain, a fifth with a parallel programme, a quarter interrupted (most to work, with
/// verified stages), some extended. Each operation is one placement-month, so BenchmarkDotNet's
/// "Op/s" column is the figure.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmark
{
    private Tariff tariff = null!;
    private PlacementInput[] placements = null!;
    private const int Count = 10_000;
    private int months;

    [GlobalSetup]
    public void Setup()
    {
        tariff = TariffReader.Read(File.ReadAllText(FindSample())).Tariff!;
        var random = new Random(42);
        placements = new PlacementInput[Count];
        for (int i = 0; i < Count; i++)
        {
            var start = new LocalDate(2024, 1, 1).PlusDays(random.Next(0, 600));
            var events = new List<PlacementEvent>();
            int kind = random.Next(100);
            if (kind < 20) events.Add(new ParallelProgramme(start, "PRAKTIK", start.PlusDays(20), start.PlusDays(50)));
            if (kind is >= 20 and < 35) events.Add(new Extension(start.PlusMonths(5)));
            if (kind >= 70)
            {
                var date = start.PlusDays(random.Next(10, 170));
                events.Add(new Interruption(date.PlusDays(-5), date, kind < 90 ? "ARBETE" : "SJUK"));
                events.Add(new ResultVerified(date.PlusMonths(3), 1, date.PlusMonths(3)));
            }
            placements[i] = new PlacementInput(PlacementId.Parse($"GR-B-{i:D6}"), "5569876542", (Level)(i % 3), start, events);
        }
        months = placements.Sum(p => Calculator.Calculate(tariff, p).Periods.Sum(x => x.Months.Count));
        if (months != MonthsPerInvoke)
            throw new InvalidOperationException($"the set has {months} placement-months; set MonthsPerInvoke to it");
    }

    /// <summary>The placement-months in the seeded set (checked in setup), so BenchmarkDotNet reports per month.</summary>
    public const int MonthsPerInvoke = 79_900;

    [Benchmark(OperationsPerInvoke = MonthsPerInvoke)]
    public int CalculateNationalMix()
    {
        int total = 0;
        foreach (var p in placements)
            total += Calculator.Calculate(tariff, p).Periods.Count;
        return total;
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "samples", "tariff.json"))) return Path.Combine(dir.FullName, "samples", "tariff.json");
        throw new FileNotFoundException("samples/tariff.json");
    }
}
