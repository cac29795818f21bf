using System.Diagnostics;
using Settlement.Engine.Tariffs;
using Settlement.Worker.Replay;
using Settlement.Worker.Tests.Database;
using Xunit.Abstractions;

namespace Settlement.Worker.Tests.Replay;

/// <summary>Runs only when SETTLEMENT_REPLAY_PLACEMENTS is set (a measurement, not a timed test).</summary>
public sealed class ScaleFactAttribute : FactAttribute
{
    public ScaleFactAttribute()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_REPLAY_PLACEMENTS"), out _))
            Skip = "set SETTLEMENT_REPLAY_PLACEMENTS=100000 to build a synthetic data set and measure replay on it";
    }
}

/// <summary>
/// Replay at national scale: builds <see cref="ScaleData"/> with N placements, replays it, and
/// writes the times to the test output. Asserts the outcome (every figure agrees, the chain is
/// intact), never the time: speed is reported, as the README's measuring section asks.
/// </summary>
public sealed class ReplayScaleTests(ITestOutputHelper output)
{
    [ScaleFact]
    public void Replay_of_a_national_data_set_agrees_everywhere()
    {
        var n = int.Parse(Environment.GetEnvironmentVariable("SETTLEMENT_REPLAY_PLACEMENTS")!);
        var keep = Environment.GetEnvironmentVariable("SETTLEMENT_REPLAY_KEEP"); // a file to write the database's connection string to; the database is kept
        var db = new TestDatabase();
        var tariffFile = Repo.Path("samples", "tariff.json");
        var sha = Settlement.Worker.Tariffs.TariffStore.Import(db.DataSource, tariffFile).Sha256;
        var tariff = TariffReader.Read(File.ReadAllText(tariffFile)).Tariff!;
        var build = Stopwatch.StartNew();
        var counts = ScaleData.Build(db.DataSource, File.ReadAllText(tariffFile), sha, tariff, n);
        output.WriteLine($"built {counts} in {build.Elapsed.TotalSeconds:0.0} s");
        using (var conn = db.Connect()) Dapper.SqlMapper.Execute(conn, "vacuum analyze");

        for (int i = 0; i < 2; i++)
        {
            var report = Replayer.Run(db.DataSource);
            output.WriteLine($"replay {i + 1}: {report.Placements} placements, {report.Figures} figures, {report.Chain.Events} events, " +
                             $"{report.Differences.Count} differences, chain {(report.Chain.Ok ? "intact" : report.Chain.Problem)}: {report.Elapsed.TotalSeconds:0.00} s ({report.Phases})");
            foreach (var d in report.Differences.Take(5)) output.WriteLine($"  {d.Placement} {d.What}: {d.Stored} / {d.Recomputed}\n{d.Derivation}");
            Assert.True(report.Chain.Ok, report.Chain.Problem);
            Assert.Empty(report.Differences);
            Assert.Equal(counts.Placements, report.Placements);
        }
        if (keep is not null) File.WriteAllText(keep, db.ConnectionString);
        else db.Dispose();
    }
}
