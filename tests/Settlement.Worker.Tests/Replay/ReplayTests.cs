using System.Text.Json.Nodes;
using Dapper;
using Settlement.Worker.Replay;

namespace Settlement.Worker.Tests.Replay;

/// <summary>Replay and explain on the worked example as stored: every figure agrees, the chain is intact.</summary>
public sealed class ReplayTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void Every_stored_figure_of_the_worked_example_is_reproduced_and_the_chain_is_intact()
    {
        using (var conn = cycle.Db.Connect())
        {
            // The cycle stored what the replay must redo: all kinds of orders, both kinds of delivery, both verdicts.
            Assert.Equal(["base", "result", "speed"], conn.Query<string>("select distinct kind from orders order by 1"));
            Assert.Equal(4, conn.ExecuteScalar<int>("select count(*) from orders where kind = 'base'")); // 101, 103, 102 periods 1 and 2
            Assert.Equal(["delivered", "not_delivered"], conn.Query<string>("select distinct status from deliveries order by 1"));
            Assert.Equal(["disputed", "approved", "disputed"], conn.Query<string>("select status from invoices order by id"));
        }
        var report = Replayer.Run(cycle.Db.DataSource);
        Assert.Empty(report.Differences);
        Assert.True(report.Chain.Ok, report.Chain.Problem);
        Assert.Equal(26, report.Chain.Events);
        Assert.Null(report.Chain.FirstBrokenSeq);
        Assert.Equal(3, report.Placements);
        Assert.True(report.Ok);
        using var c = cycle.Db.Connect();
        var stored = c.ExecuteScalar<int>("select (select count(*) from orders) + (select count(*) from order_lines) + (select count(*) from deliveries) + (select count(*) from invoices) + (select count(*) from placements)"
            + " + (select count(*) from inbound_outcomes)"); // each verdict is redone, rejections included
        Assert.Equal(stored, report.Figures);
    }

    [Fact]
    public void Settle_replay_json_exits_0_with_the_documented_shape()
    {
        var (exit, stdout, stderr) = cycle.Settle("replay", "--json");
        Assert.True(exit == 0, stderr + stdout);
        var json = JsonNode.Parse(stdout)!;
        Assert.True(json["chain"]!["ok"]!.GetValue<bool>());
        Assert.Equal(26, json["chain"]!["events"]!.GetValue<long>());
        Assert.Null(json["chain"]!["firstBrokenSeq"]);
        Assert.Null(json["chain"]!["problem"]);
        Assert.Equal(3, json["placements"]!.GetValue<int>());
        Assert.True(json["figures"]!.GetValue<int>() > 40);
        Assert.Empty(json["differences"]!.AsArray());
    }

    [Fact]
    public void Settle_replay_of_one_placement_exits_0_and_says_all_agree()
    {
        var (exit, stdout, stderr) = cycle.Settle("replay", "--placement", "GR-2024-000102");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Matches("event log: 26 events, hash chain intact, head [0-9a-f]{64}", stdout);
        Assert.Contains("placements 1,", stdout);
        Assert.Contains("all agree", stdout);
    }

    [Fact]
    public void Settle_explain_prints_the_swedish_derivation_of_every_figure()
    {
        var (exit, stdout, stderr) = cycle.Settle("explain", "GR-2024-000101");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("dagersättning = round2(55.00 × 112.6/100.0) = 61.93", stdout);
        Assert.Contains("GR-2024-000101 · period 1 · 2024-05 · grundersättning", stdout);
        Assert.Contains("i tjänst   = 2024-05-01..2024-05-19 (avbrott 2024-05-20 ARBETE)   19 dagar", stdout);
        Assert.Contains("parallell  = PRAKTIK 2024-04-15..2024-05-05, avdrag 0.50 på 5 dagar  −2.50", stdout);
        Assert.Contains("antal      = 16.50 dagar", stdout);
        Assert.Contains("round2(16.50 × 61.93)", stdout);
        Assert.Contains("= 1021.85", stdout);
        Assert.Contains("snabbhetspremie", stdout);
        Assert.Contains("= 7060.02", stdout);
        Assert.Contains("resultatersättning steg 1", stdout);
        Assert.Contains("= 12386.00", stdout);
        // The stored figures with what they were computed from, and the invoices on them.
        Assert.Contains($"order {cycle.MayOrder} · grundersättning period 1 · utfärdad 2024-03-11", stdout);
        Assert.Contains("rad 3 2024-05: beställt 31.00 dagar × 61.93 = 1919.83 · levererat 16.50 dagar, 1021.85 (periodisk redovisning seq 14, registrerad 2024-06-03; inleverans 2024-06-03)", stdout);
        Assert.Contains("faktura F-101: 16.50 × 61.93 · godkänd", stdout);
        Assert.Contains("faktura F-100: 31.00 × 61.93 · bestriden, krediterad", stdout);
        Assert.Contains("omräkning: alla", stdout);
    }

    [Fact]
    public void Settle_explain_lists_the_refused_events_with_their_codes()
    {
        var (exit, stdout, stderr) = cycle.Settle("explain", "GR-2024-000103");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("seq 8 (events-worked.jsonl rad 8, interruption, registrerad 2024-04-03): SETTLE-INT-RETRO", stdout);
        Assert.Contains("seq 15 (events-worked.jsonl rad 15, resultVerified, registrerad 2024-07-15): SETTLE-RES-", stdout);
        Assert.Contains("avbrott 2024-04-10 SAMHALL", stdout);
        var (_, out102, _) = cycle.Settle("explain", "GR-2024-000102");
        Assert.Contains("SETTLE-LVL-FIXED", out102);
        Assert.Contains("GR-2024-000102 · period 2 ·", out102);
    }

    [Fact]
    public void An_unknown_placement_is_exit_2_with_one_line()
    {
        foreach (var args in new[] { new[] { "explain", "GR-2099-999999" }, ["replay", "--placement", "GR-2099-999999"] })
        {
            var (exit, stdout, stderr) = cycle.Settle(args);
            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.TrimEnd().Split('\n'));
            Assert.Contains("unknown placement GR-2099-999999", line);
        }
    }

    [Fact]
    public void Bad_usage_is_exit_2()
    {
        var (exit, _, stderr) = cycle.Settle("explain");
        Assert.Equal(2, exit);
        Assert.Contains("explain", stderr);
    }
}

public sealed class ReplayCacheTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public async Task The_cache_replays_once_while_fresh_and_again_when_old()
    {
        var clock = new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2025, 1, 1, 8, 0));
        var cache = new ReplayCache(cycle.Db.DataSource, clock);
        Assert.Null(cache.Latest);
        var first = await cache.GetAsync(NodaTime.Duration.FromMinutes(5));
        Assert.True(first.Report.Ok);
        Assert.Same(first, await cache.GetAsync(NodaTime.Duration.FromMinutes(5)));
        clock.Advance(NodaTime.Duration.FromMinutes(6));
        var second = await cache.GetAsync(NodaTime.Duration.FromMinutes(5));
        Assert.NotSame(first, second);
        Assert.Equal(clock.GetCurrentInstant(), second.At);
    }
}

/// <summary>An event registered after a figure was computed does not make that figure wrong; explain shows both accounts.</summary>
public sealed class ReplayLaterEventTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_programme_registered_after_the_may_report_leaves_the_delivery_as_it_was_known()
    {
        var file = Path.Combine(Path.GetTempPath(), $"late-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(file, """{"type":"parallel","registeredOn":"2024-06-10","placement":"GR-2024-000101","program":"KOMMUNAL","from":"2024-05-06","to":"2024-05-17"}""" + "\n");
        var imported = Settlement.Worker.Events.EventImporter.Import(cycle.Db.DataSource, file);
        File.Delete(file);
        Assert.Equal(1, imported.Accepted);

        var report = Replayer.Run(cycle.Db.DataSource);
        Assert.True(report.Ok, string.Join("\n", report.Differences.Select(d => $"{d.What}: {d.Stored} / {d.Recomputed}")));

        var explained = PlacementExplainer.Explain(cycle.Db.DataSource, "GR-2024-000101").Text;
        // Now: 16.50 − 12 days × 0.25 = 13.50 days; the stored delivery, as known on 2024-06-03: 16.50.
        Assert.Contains("antal      = 13.50 dagar", explained);
        Assert.Contains("levererat 16.50 dagar, 1021.85", explained);
        Assert.Contains("som det var känt då: beräknat per 2024-06-03", explained);
        Assert.Contains("antal      = 16.50 dagar", explained);
    }
}
