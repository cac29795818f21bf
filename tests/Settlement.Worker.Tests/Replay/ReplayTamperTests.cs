using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Settlement.Worker.Replay;

namespace Settlement.Worker.Tests.Replay;

/// <summary>
/// What an auditor must catch: records changed behind the service's back by someone who can lift
/// the append-only protection (the table owner disabling the user triggers, as a superuser could).
/// Each test has its own freshly stored worked example.
/// </summary>
internal static class Tamper
{
    /// <summary>Runs SQL with the append-only/immutability triggers of the table switched off, then on again.</summary>
    public static void Bypassing(NpgsqlConnection conn, string table, string sql, object? args = null)
    {
        conn.Execute($"alter table {table} disable trigger user");
        try { Assert.Equal(1, conn.Execute(sql, args)); }
        finally { conn.Execute($"alter table {table} enable trigger user"); }
    }
}

public sealed class ReplayEventEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void An_event_edited_in_the_database_breaks_the_chain_at_its_seq_and_its_figures_differ()
    {
        using var conn = cycle.Db.Connect();
        Assert.True(Replayer.Run(cycle.Db.DataSource).Ok);
        // The PRAKTIK programme (seq 10) "ended" 2024-05-10 instead of 2024-05-05: both the hashed text and the JSON column.
        var edited = """{"from":"2024-04-15","placement":"GR-2024-000101","program":"PRAKTIK","registeredOn":"2024-04-10","to":"2024-05-10","type":"parallel"}""";
        Assert.Contains("2024-05-05", conn.ExecuteScalar<string>("select canonical from event_log where seq = 10"));
        Tamper.Bypassing(conn, "event_log", "update event_log set canonical = @edited, event = @edited::jsonb where seq = 10", new { edited });

        var report = Replayer.Run(cycle.Db.DataSource);
        Assert.False(report.Ok);
        Assert.False(report.Chain.Ok);
        Assert.Equal(10, report.Chain.FirstBrokenSeq);
        Assert.Contains("content hash", report.Chain.Problem);
        // Redone from the edited log, May would have 2.50 days fewer... the stored delivery says 16.50: 14.00 recomputed.
        var may = Assert.Single(report.Differences, d => d.What.StartsWith("delivery ") && d.What.EndsWith("(2024-05) quantity"));
        Assert.Equal(("GR-2024-000101", "16.50", "14.00"), (may.Placement, may.Stored, may.Recomputed));

        var (exit, stdout, _) = cycle.Settle("replay", "--json");
        Assert.Equal(1, exit);
        var json = JsonNode.Parse(stdout)!;
        Assert.False(json["chain"]!["ok"]!.GetValue<bool>());
        Assert.Equal(10, json["chain"]!["firstBrokenSeq"]!.GetValue<long>());
        Assert.NotEmpty(json["differences"]!.AsArray());

        var (textExit, text, _) = cycle.Settle("replay");
        Assert.Equal(1, textExit);
        Assert.Contains("event log: 26 events, hash chain BROKEN at seq 10: content hash does not match the canonical event", text);
        Assert.Contains("DIFFERENCE GR-2024-000101 · delivery", text);

        // explain checks the placement's own rows: GR-2024-000101's are broken, GR-2024-000102's are not.
        var (explainExit, explained, _) = cycle.Settle("explain", "GR-2024-000101");
        Assert.Equal(1, explainExit);
        Assert.Contains("händelseloggens kedja är bruten vid seq 10: seq 10: content hash does not match the canonical event", explained);
        Assert.Equal((false, 10L), (Replayer.VerifyPlacementRows(cycle.Db.DataSource, "GR-2024-000101").Ok, Replayer.VerifyPlacementRows(cycle.Db.DataSource, "GR-2024-000101").FirstBrokenSeq));
        Assert.True(Replayer.VerifyPlacementRows(cycle.Db.DataSource, "GR-2024-000102").Ok);
    }
}

public sealed class ReplayEventColumnEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void An_edit_of_the_json_column_or_an_indexed_column_alone_is_found_too()
    {
        using var conn = cycle.Db.Connect();
        // Only the jsonb copy of seq 13 (the interruption), which the hash does not cover directly.
        Tamper.Bypassing(conn, "event_log", """update event_log set event = jsonb_set(event, '{date}', '"2024-05-25"') where seq = 13""");
        var chain = Replayer.VerifyChain(cycle.Db.DataSource);
        Assert.Equal((false, 13L), (chain.Ok, chain.FirstBrokenSeq));
        Assert.Contains("column event", chain.Problem);
        // And an earlier one: the registered date column of seq 6, which the runs select by.
        Tamper.Bypassing(conn, "event_log", "update event_log set registered_on = '2024-03-01' where seq = 6");
        chain = Replayer.VerifyChain(cycle.Db.DataSource);
        Assert.Equal(6, chain.FirstBrokenSeq);
        Assert.Contains("registered_on", chain.Problem);
    }
}

public sealed class ReplayOrderEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_stored_order_amount_edited_in_the_database_is_reported_with_both_values_and_the_derivation()
    {
        using var conn = cycle.Db.Connect();
        Tamper.Bypassing(conn, "order_lines", "update order_lines set amount = 1991.83 where order_number = @MayOrder and line_no = 3", new { cycle.MayOrder });

        var report = Replayer.Run(cycle.Db.DataSource);
        Assert.False(report.Ok);
        Assert.True(report.Chain.Ok); // the log itself is untouched
        var d = Assert.Single(report.Differences);
        Assert.Equal($"order {cycle.MayOrder} line 3 (2024-05) amount", d.What);
        Assert.Equal(("GR-2024-000101", "1991.83", "1919.83"), (d.Placement, d.Stored, d.Recomputed));
        Assert.Contains("beräknat per 2024-03-11", d.Derivation);
        Assert.Contains("GR-2024-000101 · period 1 · 2024-05 · grundersättning", d.Derivation);
        Assert.Contains("beställt   = round2(31 × 61.93)", d.Derivation);
        Assert.Contains("= 1919.83", d.Derivation);
        Assert.Contains("dagersättning = round2(55.00 × 112.6/100.0) = 61.93", d.Derivation); // the rate it rests on
        Assert.DoesNotContain("· 2024-04 ·", d.Derivation); // and not the other months

        var (exit, stdout, _) = cycle.Settle("replay");
        Assert.Equal(1, exit);
        Assert.Contains($"DIFFERENCE GR-2024-000101 · order {cycle.MayOrder} line 3 (2024-05) amount: stored 1991.83, recomputed 1919.83", stdout);
        Assert.Contains("1 difference(s)", stdout);
        var (explainExit, explained, _) = cycle.Settle("explain", "GR-2024-000101");
        Assert.Equal(1, explainExit);
        Assert.Contains("AVVIKELSE", explained);
    }
}

public sealed class ReplayVerdictEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_verdict_that_the_recomputed_figures_do_not_support_is_reported()
    {
        using var conn = cycle.Db.Connect();
        // F-100 invoiced 31 days where 16.50 were delivered: it cannot have been approved.
        Tamper.Bypassing(conn, "invoices", "update invoices set status = 'approved' where invoice_number = 'F-100'");
        var differences = Replayer.Run(cycle.Db.DataSource).Differences;
        Assert.Equal(2, differences.Count);
        // The registration no longer agrees with the stored verdict either (RecordAgreement).
        Assert.Contains(differences, x => x.What.EndsWith("(F-100) registration") && x.Stored == "invoice registered as approved");
        var d = Assert.Single(differences, x => x.What == $"invoice F-100 on {cycle.MayOrder} line 3 verdict");
        Assert.Equal(("approved", "disputed (QTY)"), (d.Stored, d.Recomputed));
        Assert.Contains("recomputed delivery: delivered 16.50", d.Derivation);
    }
}

public sealed class ReplayDeliverySeenTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_verdict_stands_on_the_delivery_the_intake_saw_not_on_the_transactions_start_times()
    {
        using var conn = cycle.Db.Connect();
        Assert.True(conn.ExecuteScalar<bool>("select delivery_seen from invoices where invoice_number = 'F-101'"));
        // As when the intake's transaction began before the delivery run's and waited on its lock:
        // the outcome's processed_at (its transaction's start) is earlier than the delivery's created_at.
        Tamper.Bypassing(conn, "inbound_outcomes", """
            update inbound_outcomes set processed_at = '2000-01-01' where document_id = (select document_id from invoices where invoice_number = 'F-101')
            """);
        Assert.True(Replayer.Run(cycle.Db.DataSource).Ok);

        // The recorded fact is what counts: said unseen, the approval is not supported.
        Tamper.Bypassing(conn, "invoices", "update invoices set delivery_seen = false where invoice_number = 'F-101'");
        var d = Assert.Single(Replayer.Run(cycle.Db.DataSource).Differences);
        Assert.Equal(($"invoice F-101 on {cycle.MayOrder} line 3 verdict", "approved", "disputed (DEL)"), (d.What, d.Stored, d.Recomputed));
    }
}

public sealed class ReplayInvoiceFigureEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void An_invoice_figure_or_an_archived_document_edited_in_the_database_is_reported()
    {
        using var conn = cycle.Db.Connect();
        // The payment run pays what `payable` says: F-101 states 1277.31.
        Tamper.Bypassing(conn, "invoices", "update invoices set payable = 7527.31 where invoice_number = 'F-101'");
        var payable = Assert.Single(Replayer.Run(cycle.Db.DataSource).Differences);
        Assert.Equal(($"invoice F-101 on {cycle.MayOrder} line 3 payable", "7527.31", "1277.31"), (payable.What, payable.Stored, payable.Recomputed));

        // The archived bytes themselves, changed so that they still read: their SHA-256 no longer matches.
        Tamper.Bypassing(conn, "inbound_documents", """
            update inbound_documents set content = convert_to(replace(convert_from(content, 'UTF8'), 'F-102', 'F-1O2'), 'UTF8')
            where id = (select document_id from invoices where invoice_number = 'F-102')
            """);
        var report = Replayer.Run(cycle.Db.DataSource);
        Assert.Contains(report.Differences, d => d.What == $"invoice F-102 on {cycle.MayOrder} line 3 archived document" && d.Stored == "bytes changed");

        // A payment added for the disputed F-100 (a payment row needs no document to look right).
        Tamper.Bypassing(conn, "payments", "insert into payments (invoice_id, paid_on, amount) select id, '2024-06-11', payable from invoices where invoice_number = 'F-100'");
        var paid = Replayer.Run(cycle.Db.DataSource).Differences.Where(d => d.What.StartsWith("invoice F-100")).Select(d => (d.What, d.Recomputed)).ToList();
        Assert.Contains(($"invoice F-100 on {cycle.MayOrder} line 3 payment", "not payable (disputed, credited)"), paid);
        Assert.Contains(($"invoice F-100 on {cycle.MayOrder} line 3 payment date", "on or after 2024-07-10"), paid);
    }
}

public sealed class ReplayDeliveryEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_delivery_edited_and_an_order_removed_are_both_reported()
    {
        using var conn = cycle.Db.Connect();
        Tamper.Bypassing(conn, "deliveries", "update deliveries set quantity = 18.00, amount = 1114.74 where order_number = @MayOrder and line_no = 3", new { cycle.MayOrder });
        // The speed bonus order vanishes (the replica role switches off every trigger, foreign keys included).
        conn.Execute("set session_replication_role = replica");
        var speed = conn.ExecuteScalar<string>("select number from orders where order_key = 'speed:GR-2024-000101'");
        conn.Execute("delete from deliveries where order_number = @speed; delete from order_lines where order_number = @speed; delete from outbox where order_number = @speed; delete from orders where number = @speed", new { speed });
        conn.Execute("set session_replication_role = origin");

        var report = Replayer.Run(cycle.Db.DataSource);
        Assert.Equal(
            [$"delivery {cycle.MayOrder} line 3 (2024-05) amount", $"delivery {cycle.MayOrder} line 3 (2024-05) quantity", "order speed:GR-2024-000101 missing"],
            report.Differences.Select(x => x.What));
        Assert.Equal(("18.00", "16.50"), (report.Differences[1].Stored, report.Differences[1].Recomputed));
        Assert.Contains("periodisk redovisning seq 14", report.Differences[1].Derivation);
        Assert.Contains("7060.02", report.Differences[2].Recomputed);
    }
}

public sealed class ReplayTariffEditTests(ReplayCycle cycle) : IClassFixture<ReplayCycle>
{
    [Fact]
    public void A_stored_tariff_edited_in_the_database_no_longer_hashes_to_its_key_and_its_figures_differ()
    {
        using var conn = cycle.Db.Connect();
        const string edit = """update tariffs set json = replace(json, '"B": 55.00', '"B": 56.00')""";
        Assert.Throws<Npgsql.PostgresException>(() => conn.Execute(edit)); // stored tariffs are immutable
        Tamper.Bypassing(conn, "tariffs", edit);
        var report = Replayer.Run(cycle.Db.DataSource);
        var tariff = Assert.Single(report.Differences, d => d.What.StartsWith("tariff "));
        Assert.Equal("SHA-256 of the stored JSON differs", tariff.Recomputed);
        // Redone from the altered tariff, GR-2024-000101's rate is round2(56.00 × 1.126) = 63.06, not the 61.93 ordered.
        var price = Assert.Single(report.Differences, d => d.What == $"order {cycle.MayOrder} line 3 (2024-05) price");
        Assert.Equal(("61.93", "63.06"), (price.Stored, price.Recomputed));
        Assert.Contains("round2(56.00 × 112.6/100.0) = 63.06", price.Derivation);
    }
}
