using System.CommandLine;
using System.Text.Json;
using Dapper;
using Npgsql;
using Settlement.Worker.Bench;
using Settlement.Worker.Database;

namespace Settlement.Worker.Cli;

/// <summary>`settle bench --placements N --json`: a synthetic national month, every stage timed (cli.md).</summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var placements = new Option<int>("--placements") { Description = "Active placements in the synthetic month.", DefaultValueFactory = _ => 100_000 };
        var json = CommonOptions.Json();
        var db = CommonOptions.Db();
        var keep = new Option<bool>("--keep") { Description = "Keep the benchmark's database and files afterwards (for replay or inspection)." };
        var cmd = new Command("bench", "Mät en nationell månad: builds N active placements with their month in a fresh database on the server in use and times each stage.") { placements, json, db, keep };
        cmd.SetAction(p => CommonOptions.Guard("bench", () =>
        {
            var n = p.GetValue(placements);
            if (n < 1) throw new SettleException("--placements: at least 1");
            var server = Db.ResolveConnectionString(p.GetValue(db));
            var name = $"settlement_bench_{Environment.ProcessId}";
            Admin(server, $"create database \"{name}\"");
            var work = Path.GetFullPath(Path.Combine("out", "bench"));
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            try
            {
                var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
                BenchReport report;
                using (var ds = Db.Open(cs))
                {
                    var samples = Path.Combine(Environment.GetEnvironmentVariable("SETTLEMENT_HOME") ?? Environment.CurrentDirectory, "samples");
                    report = new BenchRunner(ds, samples, work, line => Console.Error.WriteLine($"bench: {line}")).Run(n);
                }
                if (p.GetValue(json)) Console.Out.WriteLine(Json(report));
                else
                {
                    foreach (var s in report.Stages) Console.Out.WriteLine($"{s.Name,-32} {s.Seconds,8:0.00} s {s.Items,10}");
                    Console.Out.WriteLine($"{"total",-32} {report.TotalSeconds,8:0.00} s   peak {report.PeakMemoryMiB:0} MiB");
                    Console.Out.WriteLine($"{report.Floor.Name}: {report.Floor.Seconds:0.00} s for {report.Floor.Items} rows; orders and deliveries take {report.RatioToFloor:0.0}× that");
                }
                return ExitCodes.Ok;
            }
            finally
            {
                if (!p.GetValue(keep))
                {
                    Admin(server, $"drop database if exists \"{name}\" with (force)");
                    if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
                }
                else Console.Error.WriteLine($"bench: kept database {name} and {work}");
            }
        }, longRunning: false));
        return cmd;
    }

    private static void Admin(string server, string sql)
    {
        using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        conn.Open();
        conn.Execute(sql);
    }

    private static string Json(BenchReport r) => JsonSerializer.Serialize(new
    {
        placements = r.Placements,
        totalSeconds = Math.Round(r.TotalSeconds, 2),
        peakMemoryMiB = Math.Round(r.PeakMemoryMiB, 0),
        stages = r.Stages.Select(s => new
        {
            name = s.Name, seconds = Math.Round(s.Seconds, 3), items = s.Items,
            processorSeconds = new { settle = Math.Round(s.Cpu.Settle, 2), database = Math.Round(s.Cpu.Database, 2) },
        }),
        limits = new { totalSecondsFirstTarget = 120, totalSecondsTarget = 20, peakMemoryMiB = 1024, placementsForTargets = 100_000 },
        floor = new { name = r.Floor.Name, seconds = Math.Round(r.Floor.Seconds, 3), rows = r.Floor.Items },
        ratioToFloor = Math.Round(r.RatioToFloor, 1),
    }, new JsonSerializerOptions { WriteIndented = true });
}
