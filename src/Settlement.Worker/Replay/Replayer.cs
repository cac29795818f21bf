using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Npgsql;
using Serilog;
using Settlement.Worker.Anchoring;
using Settlement.Worker.Database;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Settlement.Worker.Replay;

/// <summary>
/// `settle replay`: redoes every stored figure from the event log, the stored tariff and its index
/// alone, with the engine and the same "as of" rules the runs used, and compares. Each kind of
/// check is a type of its own:
/// <list type="bullet">
/// <item><see cref="ChainCheck"/>: the event log's hash chain, its signed checkpoints and the
/// auditor's anchors, on a second connection while the figures are computed;</item>
/// <item><see cref="PlacementReplay"/>, per placement and in parallel: the projection
/// (<see cref="ProjectionCheck"/>), orders (<see cref="OrderCheck"/>), deliveries
/// (<see cref="DeliveryCheck"/>), invoices and payments (<see cref="InvoiceCheck"/>,
/// <see cref="PaymentCheck"/>), and orders or deliveries the last runs should have made
/// (<see cref="MissingFigures"/>);</item>
/// <item>each stored tariff still hashes to its key and reads (here);</item>
/// <item>on a full replay, the records that must imply one another (<see cref="RecordAgreement"/>)
/// and every intake verdict redone from the archived bytes (<see cref="VerdictReplay"/>).</item>
/// </list>
/// Data are read in bulk (<see cref="ReplayData"/>: one query per table, never one per placement).
/// A difference quotes the engine's own explanation of the recomputed figure, the blocks selected
/// by what they are about (<see cref="DerivationBlocks"/>).
/// </summary>
internal static class Replayer
{
    /// <summary>Replays every placement, or one; the chain check runs alongside on its own connection.</summary>
    /// <param name="ds">The system of record.</param>
    /// <param name="placement">One placement only (null: all); unknown is a <see cref="SettleException"/> (exit 2).</param>
    /// <param name="progress">Placements done of all, every thousand.</param>
    /// <param name="fullChain">
    /// Verify the whole event log (the default, and what `settle replay` does); when false and a
    /// placement is given, only that placement's rows and their links to the rows before them
    /// (<see cref="ChainCheck.VerifyPlacementRows"/>): what a page showing one placement can afford.
    /// </param>
    /// <param name="trust">The checkpoint key and the auditor's anchors the full chain check verifies against (none: checkpoints are listed, not verified).</param>
    /// <param name="buyerEndpoint">The buyer's PEPPOL id the intake decided against (default: the agency's), for the verdict redo.</param>
    public static ReplayReport Run(NpgsqlDataSource ds, string? placement = null, IProgress<(int Done, int Total)>? progress = null, bool fullChain = true,
        AnchorTrust? trust = null, string? buyerEndpoint = null)
    {
        var clock = Stopwatch.StartNew();
        var chainClock = new Stopwatch();
        var chainTask = Task.Run(() =>
        {
            chainClock.Start();
            var c = fullChain || placement is null ? ChainCheck.Verify(ds, trust) : ChainCheck.VerifyPlacementRows(ds, placement);
            chainClock.Stop();
            return c;
        });
        if (placement is not null)
        {
            using var conn = ds.Connect();
            if (!conn.ExecuteScalar<bool>(
                    "select exists (select 1 from event_log where placement_id = @placement and status = 'accepted' and type = 'placement')", new { placement }))
                throw new SettleException($"unknown placement {placement}: no accepted placement event in the log");
        }
        var data = ReplayData.Load(ds, placement);
        var loaded = clock.Elapsed;
        Log.Information("Replay: loaded {Placements} placements in {Ms} ms", data.Books.Count, clock.ElapsedMilliseconds);

        var differences = new ConcurrentBag<ReplayDifference>();
        var verdictTime = TimeSpan.Zero;
        foreach (var t in data.Tariffs.Where(t => !t.HashOk || t.Tariff is null))
            differences.Add(new ReplayDifference($"tariff {t.Sha256[..12]} (id {t.Id})", "", t.Sha256,
                t.HashOk ? "the stored JSON no longer reads" : "SHA-256 of the stored JSON differs", t.Problem ?? "the stored tariff JSON was altered after import"));

        var books = data.Books.Values.OrderBy(b => b.Id, StringComparer.Ordinal).ToList();
        int figures = 0, done = 0;
        Parallel.ForEach(books, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, book =>
        {
            var replay = new PlacementReplay(book, data);
            replay.Run();
            foreach (var d in replay.Differences) differences.Add(d);
            Interlocked.Add(ref figures, replay.Figures);
            var n = Interlocked.Increment(ref done);
            if (n % 1000 == 0) progress?.Report((n, books.Count));
        });
        progress?.Report((books.Count, books.Count));

        if (placement is null)
        {
            using var conn = ds.Connect();
            foreach (var d in RecordAgreement.Check(conn)) differences.Add(d);
            var verdictClock = Stopwatch.StartNew();
            var redone = VerdictReplay.Check(ds, buyerEndpoint ?? Peppol.Parties.BuyerConfiguration.Default.Party.ParticipantId.ToString(), out var verdicts);
            foreach (var d in redone) differences.Add(d);
            figures += verdicts;
            verdictTime = verdictClock.Elapsed;
        }

        var computed = clock.Elapsed - loaded;
        var chain = chainTask.GetAwaiter().GetResult();
        var sorted = differences.OrderBy(d => d.Placement, StringComparer.Ordinal).ThenBy(d => d.What, StringComparer.Ordinal).ToList();
        var report = new ReplayReport(chain, books.Count, figures, sorted, clock.Elapsed)
        {
            Phases = $"load {loaded.TotalSeconds:0.00} s, compute {computed.TotalSeconds:0.00} s (verdicts redone {verdictTime.TotalSeconds:0.00} s), chain check {chainClock.Elapsed.TotalSeconds:0.00} s (in parallel with both)",
        };
        Log.Information("Replay: {Placements} placements, {Figures} figures, {Differences} differences, chain {Chain} in {Ms} ms ({Phases})",
            books.Count, figures, sorted.Count, chain.Ok ? "intact" : $"broken at {chain.FirstBrokenSeq}", clock.ElapsedMilliseconds, report.Phases);
        return report;
    }

    /// <summary>The whole event log's chain check (<see cref="ChainCheck.Verify"/>), on its own for callers that need only that.</summary>
    public static ChainStatus VerifyChain(NpgsqlDataSource ds, AnchorTrust? trust = null) => ChainCheck.Verify(ds, trust);

    /// <summary>One placement's rows of the event log (<see cref="ChainCheck.VerifyPlacementRows"/>).</summary>
    public static ChainStatus VerifyPlacementRows(NpgsqlDataSource ds, string placement) => ChainCheck.VerifyPlacementRows(ds, placement);

    /// <summary>An amount as every difference writes it: two decimals, decimal point.</summary>
    internal static string Money2(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
