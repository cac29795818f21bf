using Dapper;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Processes;

/// <summary>Checks that every order exists exactly once: one row per key, serials 1..n, one file per order with the stored bytes.</summary>
internal static class ExactlyOnce
{
    public static void Assert(TestDatabase db, string outbox, int expected)
    {
        using var conn = db.Connect();
        var orders = conn.Query<(string Number, string Key)>("select number, order_key from orders").ToList();
        Xunit.Assert.Equal(expected, orders.Count);
        Xunit.Assert.Equal(expected, orders.Select(o => o.Key).Distinct().Count());
        Xunit.Assert.Equal(Enumerable.Range(1, expected).Select(i => $"IN240311-{i}"), orders.Select(o => o.Number).OrderBy(n => int.Parse(n[9..])));
        var files = Directory.GetFiles(outbox, "*.xml").Select(Path.GetFileName).Order().ToList();
        Xunit.Assert.Equal(orders.Select(o => o.Number + ".xml").Order(), files);
        Xunit.Assert.Equal(0, conn.ExecuteScalar<int>("select count(*) from outbox where status <> 'written'"));
        foreach (var (number, document) in conn.Query<(string, byte[])>("select order_number, document from outbox"))
            Xunit.Assert.Equal(document, File.ReadAllBytes(Path.Combine(outbox, number + ".xml")));
    }
}

public sealed class CliProcessTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Events_import_prints_the_counts_and_each_refusal_with_line_and_code_and_exits_0()
    {
        using var settle = new Settle();
        Assert.Equal(0, settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString).ExitCode);
        var r = settle.Run("events", "import", Repo.Path("samples", "events-worked.jsonl"), "--db", db.ConnectionString);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("accepted 23, refused 3", lines[0]);
        Assert.StartsWith("line 8: SETTLE-INT-RETRO interruption GR-2024-000103: ", lines[1]);
        Assert.Empty(r.Err);

        var again = settle.Run("events", "import", Repo.Path("samples", "events-worked.jsonl"), "--db", db.ConnectionString);
        Assert.Equal("accepted 0, refused 0 (26 already imported)", again.Out.Trim());
        Assert.Equal("event log intact", settle.Run("events", "verify", "--db", db.ConnectionString).Out.Trim());
    }

    [Fact]
    public void A_broken_tariff_exits_2_with_one_line_naming_the_file_and_the_path()
    {
        using var settle = new Settle();
        var file = Path.Combine(settle.WorkDir, "bad-tariff.json");
        File.WriteAllText(file, File.ReadAllText(Repo.Path("samples", "tariff.json")).Replace("\"B\": 55.0", "\"B\": -55.0"));
        var r = settle.Run("tariff", "import", file, "--db", db.ConnectionString);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file, line);
        Assert.Contains("$.versions[0].baseDailyRate.B", line);
    }

    [Fact]
    public void A_bad_date_is_bad_usage()
    {
        using var settle = new Settle();
        var r = settle.Run("run", "orders", "--date", "2024-13-01", "--db", db.ConnectionString);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--date 2024-13-01", r.Err);
    }
}

public sealed class ConcurrentRunTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Two_processes_running_the_same_date_issue_each_order_once()
    {
        const int n = 150;
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString);
        Assert.Equal($"accepted {n + 1}, refused 0", settle.Run("events", "import", settle.ManyPlacements(n), "--db", db.ConnectionString).Out.Trim());

        var a = Task.Run(() => settle.Run("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox));
        var b = Task.Run(() => settle.Run("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox));
        var (ra, rb) = (a.Result, b.Result);
        Assert.Equal((0, 0), (ra.ExitCode, rb.ExitCode));
        int Issued(Settle.Result r) => int.Parse(r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split(' ')[1].TrimEnd(','));
        Assert.Equal(n, Issued(ra) + Issued(rb));
        ExactlyOnce.Assert(db, outbox, n);
    }
}

public sealed class KillTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void A_run_killed_with_SIGKILL_and_restarted_ends_with_every_order_exactly_once()
    {
        const int n = 400;
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString);
        settle.Run("events", "import", settle.ManyPlacements(n), "--db", db.ConnectionString);

        using var p = settle.Start("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox);
        using var conn = db.Connect();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (conn.ExecuteScalar<int>("select count(*) from orders") < 25 && DateTime.UtcNow < deadline && !p.HasExited) Thread.Sleep(10);
        Assert.False(p.HasExited, "the run finished before it could be killed");
        p.KillHard(); // SIGKILL: no clean-up of any kind
        var issuedBeforeKill = conn.ExecuteScalar<int>("select count(*) from orders");
        Assert.InRange(issuedBeforeKill, 25, n - 1);

        var r = settle.Run("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox);
        Assert.Equal(0, r.ExitCode);
        Assert.EndsWith($"issued {n - issuedBeforeKill}, already issued {issuedBeforeKill}", r.Out.Trim());
        ExactlyOnce.Assert(db, outbox, n);
    }
}

public sealed class ClusteredWorkerTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Two_workers_on_one_database_form_a_cluster_and_issue_each_order_once()
    {
        const int n = 120;
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString);
        settle.Run("events", "import", settle.ManyPlacements(n), "--db", db.ConnectionString);
        settle.Env["Settlement__Today"] = "2024-03-11";
        settle.Env["Settlement__Jobs__OrderRun__Cron"] = "0/2 * * * * ?";
        settle.Env["Settlement__Jobs__DeliveryRun__Cron"] = "1/2 * * * * ?";

        using var w1 = settle.Start("worker", "--db", db.ConnectionString, "--outbox", outbox);
        using var w2 = settle.Start("worker", "--db", db.ConnectionString, "--outbox", outbox);
        try
        {
            using var conn = db.Connect();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline &&
                   (conn.ExecuteScalar<int>("select count(*) from outbox where status = 'written'") < n
                    || conn.ExecuteScalar<int>("select count(*) from qrtz_scheduler_state") < 2))
            {
                if (w1.HasExited || w2.HasExited) Assert.Fail("a worker stopped: " + w1.Err + w2.Err);
                Thread.Sleep(200);
            }
            Thread.Sleep(4000); // two more firings: nothing new may appear
            Assert.Equal(2, conn.ExecuteScalar<int>("select count(distinct instance_name) from qrtz_scheduler_state where sched_name = 'settlement'"));
            ExactlyOnce.Assert(db, outbox, n);
        }
        finally
        {
            w1.KillHard();
            w2.KillHard();
        }
    }
}

public sealed class RunTwiceProcessTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Running_orders_and_deliveries_twice_for_the_same_date_issues_and_registers_nothing_new()
    {
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString);
        settle.Run("events", "import", Repo.Path("samples", "events-worked.jsonl"), "--db", db.ConnectionString);

        var first = settle.Run("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("IN240311-1 base GR-2024-000101 period 1: 7 line(s), 11395.12 SEK", first.Out);
        Assert.EndsWith("issued 2, already issued 0", first.Out.Trim());
        Assert.Equal("issued 0, already issued 2", settle.Run("run", "orders", "--date", "2024-03-11", "--db", db.ConnectionString, "--outbox", outbox).Out.Trim());

        var june = settle.Run("run", "deliveries", "--date", "2024-06-03", "--db", db.ConnectionString);
        Assert.Contains("IN240311-1 line 3 GR-2024-000101 2024-05: delivered 16.50 days, 1021.85 SEK", june.Out);
        Assert.Equal("registered 0", settle.Run("run", "deliveries", "--date", "2024-06-03", "--db", db.ConnectionString).Out.Trim());
        Assert.Equal(2, Directory.GetFiles(outbox, "*.xml").Length);
    }
}

public sealed class WorkerKillTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public void A_worker_killed_mid_run_has_its_run_recovered_by_the_next_node_and_every_order_exists_once()
    {
        const int n = 400;
        using var settle = new Settle();
        var outbox = Path.Combine(settle.WorkDir, "outbox");
        settle.Run("tariff", "import", Repo.Path("samples", "tariff.json"), "--db", db.ConnectionString);
        settle.Run("events", "import", settle.ManyPlacements(n), "--db", db.ConnectionString);
        // One firing a day, a few seconds from now: finishing within the test needs recovery, not the next firing.
        var at = NodaTime.SystemClock.Instance.GetCurrentInstant().Plus(NodaTime.Duration.FromSeconds(6))
            .InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Stockholm"]).TimeOfDay;
        settle.Env["Settlement__Today"] = "2024-03-11";
        settle.Env["Settlement__Jobs__OrderRun__Cron"] = $"{at.Second} {at.Minute} {at.Hour} * * ?";
        settle.Env["Settlement__Jobs__DeliveryRun__Cron"] = "0 0 3 1 1 ? 2099";

        using var conn = db.Connect();
        using (var first = settle.Start("worker", "--db", db.ConnectionString, "--outbox", outbox))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (conn.ExecuteScalar<int>("select count(*) from orders") < 25 && DateTime.UtcNow < deadline && !first.HasExited) Thread.Sleep(10);
            Assert.False(first.HasExited, "the worker stopped: " + first.Err);
            first.KillHard();
        }
        var before = conn.ExecuteScalar<int>("select count(*) from orders");
        Assert.InRange(before, 25, n - 1);

        using var second = settle.Start("worker", "--db", db.ConnectionString, "--outbox", outbox);
        var until = DateTime.UtcNow.AddMinutes(2);
        while (conn.ExecuteScalar<int>("select count(*) from outbox where status = 'written'") < n && DateTime.UtcNow < until)
        {
            if (second.HasExited) Assert.Fail("the second worker stopped: " + second.Err);
            Thread.Sleep(200);
        }
        second.KillHard();
        ExactlyOnce.Assert(db, outbox, n);
    }
}
