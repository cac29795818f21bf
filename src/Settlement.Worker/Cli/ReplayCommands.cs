using System.CommandLine;
using Settlement.Worker.Anchoring;
using Settlement.Worker.Configuration;
using Settlement.Worker.Database;
using Settlement.Worker.Replay;

namespace Settlement.Worker.Cli;

/// <summary>
/// `settle replay [--placement ID] [--anchor FILE]... [--json]` and `settle explain PLACEMENT` (cli.md): the auditor's
/// commands. Replay exits 0 when every stored figure is reproduced and the event log's chain is
/// intact, 1 with every difference otherwise, 2 for bad usage or an unknown placement.
/// </summary>
internal static class ReplayCommands
{
    public static Command Replay()
    {
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var placement = new Option<string?>("--placement") { Description = "Replay one placement only (its genomförandereferens)." };
        var anchors = new Option<FileInfo[]>("--anchor")
        {
            Description = "An anchor from 'settle anchor export' (repeatable): the log must still hold the row it names with the hash it names.",
            AllowMultipleArgumentsPerToken = false,
        };
        var cmd = new Command("replay",
            "Räkna om allt: recomputes every stored figure (order lines, order totals, deliveries, invoice verdicts) from the event log, " +
            "the tariff and the index with the engine, and verifies the event log's hash chain. Exit 1 with each difference.") { placement, anchors, db, json };
        cmd.SetAction(p => CommonOptions.Guard("replay", () =>
        {
            var settings = Settings.FromEnvironment();
            var trust = AnchorTrust.From(settings.AnchorKeyFile, (p.GetValue(anchors) ?? []).Select(f => f.FullName));
            var buyer = settings.Buyer().Party.ParticipantId.ToString();
            using var ds = Db.Open(p.GetValue(db));
            var report = Progress.Run("Replay", progress => Replayer.Run(ds, p.GetValue(placement), progress, trust: trust, buyerEndpoint: buyer));
            if (p.GetValue(json))
                Console.Out.WriteLine(report.ToJson(indented: true));
            else
                Write(report);
            Console.Error.WriteLine($"replay: {report.Placements} placements, {report.Figures} figures in {report.Elapsed.TotalSeconds:0.00} s");
            return report.Ok ? ExitCodes.Ok : ExitCodes.Problem;
        }));
        return cmd;
    }

    public static Command Explain()
    {
        var db = CommonOptions.Db();
        var placement = new Argument<string>("PLACEMENT") { Description = "The placement (genomförandereferens), e.g. GR-2024-000101." };
        var cmd = new Command("explain",
            "Härledning: the derivation of every figure of a placement in Swedish, the events refused and why, and each stored figure " +
            "with what it was computed from. Exit 1 when a figure of the placement differs on replay.") { placement, db };
        cmd.SetAction(p => CommonOptions.Guard("explain", () =>
        {
            using var ds = Db.Open(p.GetValue(db));
            var explanation = PlacementExplainer.Explain(ds, p.GetValue(placement)!);
            Console.Out.Write(explanation.Text);
            return explanation.Replay.Ok ? ExitCodes.Ok : ExitCodes.Problem;
        }));
        return cmd;
    }

    private static void Write(ReplayReport r)
    {
        Console.Out.WriteLine(r.Chain.Ok
            ? $"event log: {r.Chain.Events} events, hash chain intact{(r.Chain.Head is { } h ? $", head {h}" : "")}"
            : $"event log: {r.Chain.Events} events, hash chain BROKEN at {r.Chain.Problem}");
        if (r.Chain.Checkpoints is { } c) Console.Out.WriteLine($"checkpoints: {c.Describe()}");
        foreach (var d in r.Differences)
        {
            Console.Out.WriteLine($"DIFFERENCE {(d.Placement.Length > 0 ? d.Placement + " · " : "")}{d.What}: stored {d.Stored}, recomputed {d.Recomputed}");
            Console.Out.WriteLine("  " + d.Derivation.Replace("\n", "\n  "));
        }
        Console.Out.WriteLine(r.Differences.Count == 0
            ? $"placements {r.Placements}, figures {r.Figures}: all agree"
            : $"placements {r.Placements}, figures {r.Figures}: {r.Differences.Count} difference(s)");
    }
}
