using System.Text.Json;
using Dapper;
using Npgsql;
using Settlement.Worker.Bench;
using Settlement.Worker.Tests.Database;
using Settlement.Worker.Tests.Processes;

namespace Settlement.Worker.Tests.Bench;

/// <summary>
/// `settle bench` on a small month: the stages run the real services and their counts agree with
/// what the database and the outbox folder hold afterwards; the command prints the JSON cli.md
/// gives and leaves no database behind.
/// </summary>
public class BenchTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase db;

    public BenchTests(TestDatabase db) => this.db = db;

    [Fact]
    public void A_small_national_month_runs_every_stage_and_the_counts_agree_with_the_record()
    {
        var work = Directory.CreateTempSubdirectory("settle-bench-").FullName;
        try
        {
            var report = new BenchRunner(db.DataSource, Repo.Path("samples"), work).Run(600);
            Assert.Equal(["events import", "order run and outbox files", "deliveries", "invoice intake and matching", "credits and re-issues", "reconciliation"],
                report.Stages.Select(s => s.Name));
            var stage = report.Stages.ToDictionary(s => s.Name);
            using var conn = db.Connect();
            long Count(string sql) => conn.ExecuteScalar<long>(sql);

            Assert.Equal(File.ReadLines(Path.Combine(work, "bench-events.jsonl")).LongCount(), stage["events import"].Items);
            Assert.Equal(0, Count("select count(*) from event_log where status <> 'accepted'"));
            // About a sixth of the placements start in the month, about 8 % earn a result in it.
            var startingNow = Count("select count(*) from placements where start_date >= '2025-03-01'");
            Assert.InRange(startingNow, 600 / 12, 600 / 4);
            Assert.InRange(Count("select count(*) from event_log where type = 'resultVerified'"), 600 * 4 / 100, 600 * 12 / 100);

            var orders = Count("select count(*) from orders");
            Assert.Equal(orders, stage["order run and outbox files"].Items);
            var outbox = Path.Combine(work, "outbox");
            Assert.Equal(orders, Directory.GetFiles(outbox, "IN*.xml").Length);
            Assert.Equal(Count("select count(*) from deliveries where derivation not like 'a result-based order line%'"), stage["deliveries"].Items);

            // One invoice per delivered line; 3 % priced wrong, disputed, then credited in full and issued again.
            var delivered = Count("select count(*) from deliveries where status = 'delivered' and quantity > 0");
            Assert.Equal(delivered, stage["invoice intake and matching"].Items);
            var disputed = Count("select count(*) from invoices where status = 'disputed'");
            Assert.InRange(disputed, 1, delivered * 6 / 100);
            Assert.Equal(2 * disputed, stage["credits and re-issues"].Items);
            Assert.Equal(disputed, Count("select count(*) from credits"));
            Assert.Equal(delivered, Count("select count(*) from invoices where status = 'approved'"));
            Assert.Equal(0, Count("select count(*) from inbound_outcomes where outcome = 'rejected'"));
            Assert.Equal(Count("select count(*) from inbound_documents"), Directory.GetFiles(outbox, "SVAR-*.xml").Length);
            Assert.Equal(0, Count("select count(*) from outbox where status <> 'written'"));

            Assert.Equal(Count("select count(*) from order_lines") + Count("select count(*) from deliveries"), report.Floor.Items);
            Assert.True(report.PeakMemoryMiB > 0);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_command_prints_the_stages_as_json_and_drops_its_database()
    {
        var server = TestServer.CreateDatabase("benchcli");
        try
        {
            using var settle = new Settle();
            settle.Env["SETTLEMENT_HOME"] = Repo.Root; // the sample tariff
            var result = settle.Run("bench", "--placements", "120", "--json", "--db", server);
            Assert.True(result.ExitCode == 0, result.Err);
            using var json = JsonDocument.Parse(result.Out);
            var root = json.RootElement;
            Assert.Equal(120, root.GetProperty("placements").GetInt32());
            Assert.True(root.GetProperty("totalSeconds").GetDouble() > 0);
            Assert.True(root.GetProperty("peakMemoryMiB").GetDouble() > 0);
            Assert.Equal(1024, root.GetProperty("limits").GetProperty("peakMemoryMiB").GetInt32());
            var stages = root.GetProperty("stages").EnumerateArray().ToList();
            Assert.Equal(6, stages.Count);
            Assert.All(stages, s =>
            {
                Assert.False(string.IsNullOrEmpty(s.GetProperty("name").GetString()));
                Assert.True(s.GetProperty("seconds").GetDouble() >= 0);
                Assert.True(s.GetProperty("items").GetInt64() > 0);
            });
            Assert.True(root.GetProperty("ratioToFloor").GetDouble() > 0);

            using var conn = new NpgsqlConnection(server);
            conn.Open();
            Assert.Equal(0, conn.ExecuteScalar<long>("select count(*) from pg_database where datname like 'settlement_bench_%'"));
            Assert.False(Directory.Exists(Path.Combine(settle.WorkDir, "out", "bench")));
        }
        finally
        {
            TestServer.DropDatabase(server);
        }
    }
}
