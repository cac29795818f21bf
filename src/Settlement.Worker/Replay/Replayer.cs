using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using System.Text;
using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using Settlement.Worker.Anchoring;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Matching;
using Settlement.Worker.Orders;

namespace Settlement.Worker.Replay;

/// <summary>
/// `settle replay`: redoes every stored figure from the event log, the stored tariff and its index
/// alone, with the engine and the same "as of" rules the runs used, and compares:
/// <list type="bullet">
/// <item>orders: the engine's result from the placement's accepted events registered on or before
/// the issue date, with the tariff the order names (tariff_sha256), must make the order's key due
/// on that date (<see cref="DueOrders"/>) with the same lines (article, month, days, quantity,
/// price, amount), total and VAT;</item>
/// <item>base-pay deliveries: from the events registered by the periodic report's date (or the line's later order date), the
/// month's status, delivered quantity and amount; a line closed without a report must have had no
/// day in service; a result-based line is delivered with quantity 1 and the recomputed total;</item>
/// <item>invoice verdicts: an approved invoice has the recomputed delivered quantity and ordered
/// price, the delivery existed when it was judged and no earlier invoice held the line; a disputed
/// one fails one of those (or was disputed for its VAT, which is the document's, not a figure);</item>
/// <item>missing figures: an order due on the last order run's date, or a delivery for a report the
/// last delivery run had, from what had been imported before those runs finished;</item>
/// <item>the placements projection agrees with the log's placement events; each stored tariff
/// still hashes to its key.</item>
/// </list>
/// The event log's hash chain is verified at the same time on a second connection. Data are read
/// in bulk (one query per table) and placements are computed in parallel.
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
    /// (<see cref="VerifyPlacementRows"/>): what a page showing one placement can afford.
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
            var c = fullChain || placement is null ? VerifyChain(ds, trust) : VerifyPlacementRows(ds, placement);
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

    /// <summary>
    /// The chain check of <see cref="EventLog.Verify"/> (content hash, link, chain hash, no gaps, the
    /// head), plus: the stored JSON column and the indexed columns (type, placement, registered
    /// date) of every row agree with its hashed canonical text, since the runs select by them; and
    /// the signed checkpoints and the anchors given still hold (<see cref="AnchorCheck"/>), which
    /// finds what the hashes alone cannot: rows cut from the end, a chain rewritten and rehashed.
    /// </summary>
    public static ChainStatus VerifyChain(NpgsqlDataSource ds, AnchorTrust? trust = null)
    {
        using var conn = ds.Connect();
        var events = conn.ExecuteScalar<long>("select count(*) from event_log");
        var problems = EventLog.Verify(conn).Select(p => (p.Seq, p.What)).ToList();
        var columns = conn.QueryFirstOrDefault<(long Seq, string What)?>("""
            select seq, case
                when event is distinct from canonical::jsonb then 'the stored JSON (column event) differs from the hashed canonical text'
                when type is distinct from canonical::jsonb->>'type' then 'the type column differs from the hashed canonical text'
                when placement_id is distinct from canonical::jsonb->>'placement' then 'the placement_id column differs from the hashed canonical text'
                else 'the registered_on column differs from the hashed canonical text' end
            from event_log
            where event is distinct from canonical::jsonb
               or case when status = 'accepted' then
                      type is distinct from canonical::jsonb->>'type'
                      or placement_id is distinct from canonical::jsonb->>'placement'
                      or to_char(registered_on, 'YYYY-MM-DD') is distinct from canonical::jsonb->>'registeredOn'
                  else false end
            order by seq limit 1
            """);
        if (columns is { } c) problems.Add(c);
        var (checkpoints, anchored) = AnchorCheck.Verify(conn, trust ?? AnchorTrust.None);
        problems.AddRange(anchored.Select(p => (p.Seq, p.What)));
        var head = Hashing.Hex(conn.ExecuteScalar<byte[]>("select hash from event_chain_head")!);
        if (problems.Count == 0) return new ChainStatus(true, events, null, null) { Head = head, Checkpoints = checkpoints };
        var first = problems.OrderBy(p => p.Seq).First();
        return new ChainStatus(false, events, first.Seq, $"seq {first.Seq}: {first.What}") { Head = head, Checkpoints = checkpoints };
    }

    /// <summary>
    /// The rows of one placement only: each row's content hash, chain hash and link to the row
    /// before it (whose hash is read too), and its JSON and indexed columns, as in
    /// <see cref="VerifyChain"/>. Altering one of them without rewriting the rest of the chain is found.
    /// </summary>
    public static ChainStatus VerifyPlacementRows(NpgsqlDataSource ds, string placement)
    {
        using var conn = ds.Connect();
        var rows = conn.Query<(long Seq, string Canonical, string? Code, byte[] ContentHash, byte[] PrevHash, byte[] Hash, byte[]? Before, bool ColumnsOk)>("""
            select e.seq, e.canonical, e.code, e.content_hash, e.prev_hash, e.hash,
                   case when e.seq = 1 then decode(repeat('00', 32), 'hex') else b.hash end,
                   e.event = x.c and (e.status <> 'accepted' or (e.type is not distinct from x.c->>'type'
                       and e.placement_id is not distinct from x.c->>'placement'
                       and to_char(e.registered_on, 'YYYY-MM-DD') is not distinct from x.c->>'registeredOn'))
            from event_log e cross join lateral (select e.canonical::jsonb as c) x
            left join event_log b on b.seq = e.seq - 1
            where e.placement_id = @placement or e.event->>'placement' = @placement
            order by e.seq
            """, new { placement }).ToList();
        foreach (var r in rows)
        {
            string? problem =
                !System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(r.Canonical)).AsSpan().SequenceEqual(r.ContentHash) ? "content hash does not match the canonical event"
                : r.Before is null || !r.Before.AsSpan().SequenceEqual(r.PrevHash) ? "previous hash does not match the row before"
                : !EventLog.ChainHash(r.PrevHash, r.ContentHash, r.Code).AsSpan().SequenceEqual(r.Hash) ? "row hash does not match its contents"
                : !r.ColumnsOk ? "the stored JSON or an indexed column differs from the hashed canonical text"
                : null;
            if (problem is not null) return new ChainStatus(false, rows.Count, r.Seq, $"seq {r.Seq}: {problem}");
        }
        return new ChainStatus(true, rows.Count, null, null);
    }

    internal static string Money2(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>The replay of one placement: pure, on the bulk-loaded data.</summary>
internal sealed class PlacementReplay(PlacementBook book, ReplayData data)
{
    public List<ReplayDifference> Differences { get; } = [];
    public int Figures { get; private set; }

    /// <summary>What replay recomputed for each stored order line: the price and the delivery.</summary>
    private readonly Dictionary<(string Order, int Line), decimal> recomputedPrice = [];
    private readonly Dictionary<(string Order, int Line), (string Status, decimal Quantity, decimal Amount, Func<string> Derivation)> recomputedDelivery = [];
    private readonly Dictionary<(string Sha, int Count), Computed> cache = [];

    /// <summary>An engine result and how it was obtained.</summary>
    internal sealed record Computed(PlacementResult? Result, string? Problem, LocalDate AsOf, string TariffSha, IReadOnlyList<long> Seqs)
    {
        private string? explanation;
        public string Explanation => explanation ??= Result is null ? "" : Explainer.Explain(Result);

        public string Header =>
            $"beräknat per {Dates.Format(AsOf)} med taxa {TariffSha[..Math.Min(12, TariffSha.Length)]} ur händelserna {(Seqs.Count == 0 ? "(inga)" : "seq " + string.Join(", ", Seqs))}";

        /// <summary>The header and the engine's blocks whose title contains one of the markers (all blocks when none is given).</summary>
        public string Derivation(params string[] markers) =>
            Derivation(title => markers.Length == 0 || markers.Any(m => title.Contains(m, StringComparison.Ordinal)));

        /// <summary>The header and the engine's blocks whose title (first line) the predicate selects.</summary>
        public string Derivation(Func<string, bool> title)
        {
            if (Problem is not null) return $"{Header}\n  {Problem}";
            var blocks = Blocks(Explanation).Where(b => title(b[..b.IndexOf('\n')]));
            return Header + "\n" + string.Join("", blocks).TrimEnd('\n');
        }

        private static IEnumerable<string> Blocks(string text)
        {
            var current = new StringBuilder();
            foreach (var line in text.Split('\n'))
            {
                if (line.Length == 0) continue;
                if (!line.StartsWith(' ') && current.Length > 0) { yield return current.ToString(); current.Clear(); }
                current.Append(line).Append('\n');
            }
            if (current.Length > 0) yield return current.ToString();
        }
    }

    public void Run()
    {
        if (book.Logged is null)
        {
            Diff("placement", "in the projection or the orders", "no accepted placement event in the log", "the placement's figures cannot be redone without its placement event");
            return;
        }
        CheckProjection();
        foreach (var order in book.Orders) CheckOrder(order);
        foreach (var order in book.Orders)
            foreach (var line in order.Lines)
                if (book.Deliveries.TryGetValue((order.Number, line.LineNo), out var d)) CheckDelivery(order, line, d);
        CheckInvoices();
        MissingOrders();
        MissingDeliveries();
    }

    private void Diff(string what, string stored, string recomputed, string derivation) =>
        Differences.Add(new ReplayDifference(what, book.Id, stored, recomputed, derivation));

    private static string M(decimal v) => Replayer.Money2(v);

    /// <summary>
    /// The engine's result from the accepted events registered on or before <paramref name="asOf"/>
    /// (and, when given, imported by <paramref name="importedBy"/>), in log order.
    /// </summary>
    internal Computed Compute(LoggedTariff? tariff, string sha, LocalDate asOf, Instant? importedBy = null)
    {
        var p = book.Logged!;
        var included = book.Events.Where(e => e.RegisteredOn <= asOf && (importedBy is not { } by || e.ImportedAt <= by)).ToList();
        var key = (sha, included.Count + (importedBy is null ? 0 : 1_000_000));
        if (importedBy is null && cache.TryGetValue(key, out var cached)) return cached with { AsOf = asOf };
        Computed computed;
        var seqs = included.Select(e => e.Seq).ToList();
        if (tariff?.Tariff is not { } t)
            computed = new Computed(null, tariff is null ? $"tariff {sha} is not stored" : $"tariff {sha} does not read: {tariff.Problem}", asOf, sha, seqs);
        else
        {
            try
            {
                var result = Calculator.Calculate(t, new PlacementInput(PlacementId.Parse(p.Id), p.Provider, p.Level, p.Start, included.Select(e => e.Event).ToList()));
                computed = new Computed(result, null, asOf, sha, seqs);
            }
            catch (TariffGapException ex)
            {
                computed = new Computed(null, $"the tariff cannot price it: {ex.Message}", asOf, sha, seqs);
            }
        }
        if (importedBy is null) cache[key] = computed;
        return computed;
    }

    private LoggedTariff? Tariff(string sha) => data.TariffsBySha.GetValueOrDefault(sha);

    private void CheckProjection()
    {
        var p = book.Logged!;
        Figures++;
        var logged = $"provider {p.Provider}, level {p.Level}, start {Dates.Format(p.Start)}, registered {Dates.Format(p.RegisteredOn)}, event {p.Seq}";
        if (book.Projection is not { } s)
        {
            Diff("placement projection", "(no row)", logged, $"the placement event seq {p.Seq} has no row in the placements table");
            return;
        }
        var stored = $"provider {s.ProviderOrg}, level {s.Level.Trim()}, start {Dates.Format(s.StartDate)}, registered {Dates.Format(s.RegisteredOn)}, event {s.EventSeq}";
        if (stored != logged) Diff("placement projection", stored, logged, $"the placements row must repeat the accepted placement event seq {p.Seq} of the log");
    }

    private static string Describe(StoredOrder o) =>
        $"order {o.Number} ({o.Kind}{(o.PeriodNumber is { } n ? $" period {n}" : "")}{(o.Stage is { } s && o.Kind != "base" ? $" stage {s}" : "")}{(o.SupplementId is { } x ? $" {x}" : "")})";

    /// <summary>Which blocks of the engine's explanation derive a figure of this order (a base-pay line: its period's rate and its month).</summary>
    private static Func<string, bool> Markers(DueOrder due, YearMonth? month = null) => due.Kind switch
    {
        "base" => title => title.Contains($"· period {due.Period} · ", StringComparison.Ordinal)
                           && (month is not { } m || title.Contains($" · {Dates.Format(m)} ·", StringComparison.Ordinal) || title.EndsWith("· dagersättning", StringComparison.Ordinal)),
        "speed" => title => title.Contains("· snabbhetspremie", StringComparison.Ordinal),
        "result" => title => title.Contains($"· resultatersättning steg {due.Stage}", StringComparison.Ordinal),
        _ => title => title.Contains($"· tilläggsersättning {due.SupplementId} ", StringComparison.Ordinal),
    };

    private void CheckOrder(StoredOrder o)
    {
        var p = book.Logged!;
        var what = Describe(o);
        Figures += o.Lines.Count + 1;
        if (o.ProviderOrg != p.Provider)
            Diff($"{what} provider", o.ProviderOrg, p.Provider, $"the placement event seq {p.Seq} names provider {p.Provider}");
        if (p.RegisteredOn > o.IssueDate)
            Diff($"{what} issue date", Dates.Format(o.IssueDate), $"not before {Dates.Format(p.RegisteredOn)}",
                $"the placement was registered {Dates.Format(p.RegisteredOn)} (event seq {p.Seq}); no order can be issued before");
        var c = Compute(Tariff(o.TariffSha256), o.TariffSha256, o.IssueDate);
        if (c.Result is null)
        {
            Diff($"{what} total", M(o.Total), "cannot be recomputed", c.Derivation());
            return;
        }
        var due = DueOrders.On(o.IssueDate, c.Result).FirstOrDefault(d => d.Key == o.OrderKey);
        if (due is null)
        {
            Diff($"{what} key {o.OrderKey}", M(o.Total), "not due on " + Dates.Format(o.IssueDate), c.Derivation());
            return;
        }
        string Derive(YearMonth? m = null) => c.Derivation(Markers(due, m));
        if (due.Kind != o.Kind || due.Period != o.PeriodNumber || due.SupplementId != o.SupplementId || (due.Kind != "base" && due.Stage != o.Stage))
            Diff($"{what} kind", $"{o.Kind} period {o.PeriodNumber} stage {o.Stage} {o.SupplementId}", $"{due.Kind} period {due.Period} stage {due.Stage} {due.SupplementId}", Derive());
        if (o.Total != due.Total)
            Diff($"{what} total", M(o.Total), M(due.Total), Derive());
        var vat = c.Result is not null && data.TariffsBySha.GetValueOrDefault(o.TariffSha256)?.Tariff is { } t ? t.VersionAt(due.EarnedOn)?.Vat : null;
        if (vat is not null && (vat.Category != o.VatCategory || vat.Percent != o.VatPercent))
            Diff($"{what} VAT", $"{o.VatCategory} {M(o.VatPercent)} %", $"{vat.Category} {M(vat.Percent)} %", $"the tariff version in force on {Dates.Format(due.EarnedOn)}");

        var stored = o.Lines.ToDictionary(l => l.LineNo);
        foreach (var expected in due.Lines)
        {
            YearMonth? month = expected.Month is { } text && Dates.TryParseMonth(text, out var ym) ? ym : null;
            var lineWhat = $"order {o.Number} line {expected.LineNo}{(expected.Month is { } mm ? $" ({mm})" : "")}";
            recomputedPrice[(o.Number, expected.LineNo)] = expected.Price;
            if (!stored.Remove(expected.LineNo, out var l))
            {
                Diff($"{lineWhat}", "(missing)", $"{M(expected.Quantity)} × {M(expected.Price)} = {M(expected.Amount)}", Derive(month));
                continue;
            }
            if (l.Quantity != expected.Quantity) Diff($"{lineWhat} quantity", M(l.Quantity), M(expected.Quantity), Derive(month));
            if (l.Price != expected.Price) Diff($"{lineWhat} price", M(l.Price), M(expected.Price), Derive(month));
            if (l.Amount != expected.Amount) Diff($"{lineWhat} amount", M(l.Amount), M(expected.Amount), Derive(month));
            var describedStored = $"{l.Article} {l.Month} {l.UnitCode} {Fmt(l.PeriodFrom)}..{Fmt(l.PeriodTo)}";
            var describedExpected = $"{expected.Article} {expected.Month} {expected.UnitCode} {Dates.Format(expected.From)}..{Dates.Format(expected.To)}";
            if (describedStored != describedExpected) Diff($"{lineWhat} article and period", describedStored, describedExpected, Derive(month));
        }
        foreach (var extra in stored.Values)
            Diff($"order {o.Number} line {extra.LineNo}", $"{M(extra.Quantity)} × {M(extra.Price)} = {M(extra.Amount)}", "(no such line)", Derive());
    }

    private static string Fmt(LocalDate? d) => d is { } x ? Dates.Format(x) : "-";

    private void CheckDelivery(StoredOrder o, StoredLine line, StoredDelivery d)
    {
        Figures++;
        var what = $"delivery {o.Number} line {line.LineNo}{(line.Month is { } mm ? $" ({mm})" : "")}";
        if (o.Kind != "base")
        {
            // Delivered when ordered: quantity 1, the recomputed order total.
            var c = Compute(Tariff(o.TariffSha256), o.TariffSha256, o.IssueDate);
            var due = c.Result is null ? null : DueOrders.On(o.IssueDate, c.Result).FirstOrDefault(x => x.Key == o.OrderKey);
            var expected = due is null ? null : $"delivered 1.00, {M(due.Total)}";
            var got = $"{d.Status.Replace('_', ' ')} {M(d.Quantity)}, {M(d.Amount)}";
            if (expected is not null && got != expected)
                Diff(what, got, expected, "a result-based order line is delivered when it is ordered, with its amount\n" + c.Derivation(Markers(due!)));
            if (due is not null) recomputedDelivery[(o.Number, line.LineNo)] = ("delivered", 1m, due.Total, () => c.Header);
            return;
        }

        if (line.Month is null || !Dates.TryParseMonth(line.Month, out var month)) return;
        var tariff = data.TariffAt(d.CreatedAt);
        LocalDate asOf;
        string basis;
        if (d.ReportSeq is { } seq)
        {
            var report = book.Reports.FirstOrDefault(r => r.Seq == seq);
            if (report is null || report.Month != line.Month)
            {
                Diff($"{what} report", $"event {seq}", report is null ? "no accepted periodic report of this placement with that seq" : $"event {seq} reports {report.Month}",
                    $"a delivery is registered by the placement's accepted periodic report for the line's month ({line.Month})");
                return;
            }
            asOf = Deliveries.DeliveryRun.AsOf(report.RegisteredOn, o.IssueDate);
            basis = $"periodisk redovisning seq {seq}, registrerad {Dates.Format(report.RegisteredOn)}"
                + (asOf == report.RegisteredOn ? "" : $", beräknad per orderdagen {Dates.Format(asOf)}");
        }
        else
        {
            asOf = d.RegisteredOn;
            basis = $"stängd utan redovisning vid leveranskörningen {Dates.Format(d.RegisteredOn)}";
        }
        var computed = Compute(tariff, tariff?.Sha256 ?? "-", asOf);
        var header = $"{basis}; {computed.Header}";
        var m = computed.Result?.Periods.FirstOrDefault(x => x.Number == o.PeriodNumber)?.Months.FirstOrDefault(x => x.Month == month);
        if (m is null)
        {
            Diff(what, $"{d.Status.Replace('_', ' ')} {M(d.Quantity)}, {M(d.Amount)}", "no such month", header + "\n" + computed.Derivation());
            return;
        }
        string Derivation() => header + "\n" + computed.Derivation(title => title.Contains($"· period {o.PeriodNumber} · ", StringComparison.Ordinal)
            && (title.Contains($" · {Dates.Format(month)} ·", StringComparison.Ordinal) || title.EndsWith("· dagersättning", StringComparison.Ordinal)));
        if (d.ReportSeq is null && m.InServiceDays > 0)
        {
            Diff($"{what} status", d.Status.Replace('_', ' '), $"{m.InServiceDays} days in service: only a periodic report can register it", Derivation());
            return;
        }
        var status = m.InServiceDays > 0 ? "delivered" : "not_delivered";
        var (quantity, amount) = (m.DeliveredQuantity, m.Amount.Amount);
        recomputedDelivery[(o.Number, line.LineNo)] = (status, quantity, amount, Derivation);
        if (d.Status != status) Diff($"{what} status", d.Status.Replace('_', ' '), status.Replace('_', ' '), Derivation());
        if (d.Quantity != quantity) Diff($"{what} quantity", M(d.Quantity), M(quantity), Derivation());
        if (d.Amount != amount) Diff($"{what} amount", M(d.Amount), M(amount), Derivation());
        if (d.ReportSeq is null && computed.Result!.Periods.First(x => x.Number == o.PeriodNumber).End >= d.RegisteredOn)
            Diff($"{what} closed early", Dates.Format(d.RegisteredOn), $"after {Dates.Format(computed.Result.Periods.First(x => x.Number == o.PeriodNumber).End)}",
                "a month with no day in service is closed only once its period has ended");
    }

    /// <summary>
    /// The invoices, in the order they were decided. The figures stored must be those its archived
    /// document states (and the document its recorded bytes). The verdict is redone by the intake's
    /// own rule (<see cref="InvoiceMatching.Judge"/>) on those facts against the recomputed line: the
    /// recomputed price, the recomputed delivery if it was registered before the invoice was judged,
    /// and an earlier invoice that still held the line then.
    /// </summary>
    private void CheckInvoices()
    {
        var lines = book.Orders.SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).ToDictionary(x => (x.Order.Number, x.Line.LineNo));
        foreach (var inv in book.Invoices)
        {
            Figures++;
            var key = (inv.OrderNumber, inv.LineNo);
            var doc = $"invoice {inv.InvoiceNumber} on {inv.OrderNumber} line {inv.LineNo}";
            if (!inv.ContentIntact)
                Diff($"{doc} archived document", "bytes changed", "the bytes with the recorded SHA-256", "the archive keeps every inbound document byte for byte");
            if (inv.Facts is not { Lines.Count: 1 } facts)
            {
                Diff($"{doc} archived document", "not an invoice with one line", "the registered invoice", "a registered invoice is read from its archived document");
                continue;
            }
            var read = facts.Lines[0];
            void Same(string figure, decimal stored, decimal? stated)
            {
                if (stored != (stated ?? 0m)) Diff($"{doc} {figure}", M(stored), M(stated ?? 0m), "as the archived document states it");
            }
            Same("quantity", inv.Quantity, read.Quantity);
            Same("price", inv.Price, read.Price);
            Same("amount", inv.Amount, read.LineAmount);
            Same("VAT", inv.Vat, facts.TaxTotal);
            Same("payable", inv.Payable, facts.PayableAmount);
            if (inv.PaidOn is { } paidOn) CheckPayment(doc, inv, paidOn);
            if (!lines.TryGetValue(key, out var ordered)) continue; // the order's own check names a missing line

            // Whether the delivery was there when the invoice was judged: as the intake recorded it
            // (a delivery it saw must exist), or, for invoices judged before it was recorded, by the timestamps.
            var delivery = book.Deliveries.GetValueOrDefault(key);
            if (inv.DeliverySeen == true && delivery is null)
                Diff($"{doc} delivery", "(none)", "the delivery the invoice was judged against", "deliveries are never removed");
            var judgedAfterDelivery = delivery is not null && (inv.DeliverySeen ?? delivery.CreatedAt < inv.ProcessedAt);
            recomputedDelivery.TryGetValue(key, out var rd);
            var open = book.Invoices.FirstOrDefault(e => e.DocumentId < inv.DocumentId && e.OrderNumber == inv.OrderNumber && e.LineNo == inv.LineNo
                                                         && (e.CreditDocumentId is not { } cd || cd > inv.DocumentId));
            var price = recomputedPrice.TryGetValue(key, out var p) ? p : ordered.Line.Price;
            var state = new OrderLineState(inv.OrderNumber, inv.LineNo, ordered.Order.ProviderOrg, ordered.Line.Article, ordered.Line.Quantity,
                ordered.Line.UnitCode, price, ordered.Line.Amount, ordered.Order.VatCategory, ordered.Order.VatPercent,
                judgedAfterDelivery && rd.Status is not null ? new DeliveryState(rd.Status == "delivered", rd.Quantity, rd.Amount, "") : null,
                open?.InvoiceNumber);
            var verdict = InvoiceMatching.Judge(facts, state);
            var expected = verdict.Outcome == Outcome.Approved ? "approved" : "disputed";
            if (expected == inv.Status) continue;
            var explained = new List<string> { $"invoiced {M(read.Quantity ?? 0m)} × {M(read.Price ?? 0m)} = {M(read.LineAmount ?? 0m)}" };
            explained.Add(rd.Status is null ? "no recomputed delivery for the line" : $"recomputed delivery: {rd.Status.Replace('_', ' ')} {M(rd.Quantity)}, {M(rd.Amount)}");
            if (delivery is not null && !judgedAfterDelivery) explained.Add("the delivery was registered after the invoice was judged");
            explained.Add($"recomputed ordered price {M(price)}");
            if (open is not null) explained.Add($"invoice {open.InvoiceNumber} still held the line");
            Diff($"{doc} verdict", inv.Status, expected == "approved" ? "approved" : $"disputed ({string.Join(", ", verdict.Reasons.Select(r => r.Code))})",
                string.Join("; ", explained) + (rd.Derivation is { } der ? "\n" + der() : ""));
        }
    }

    /// <summary>A payment is of an approved invoice not credited, on or after its due date, of its payable amount.</summary>
    private void CheckPayment(string doc, StoredInvoice inv, LocalDate paidOn)
    {
        Figures++;
        var why = $"the payment run pays an approved, uncredited invoice its payable amount on or after its due date {Dates.Format(inv.DueDate)}";
        if (inv.Status != "approved" || inv.CreditDocumentId is not null)
            Diff($"{doc} payment", $"paid {Dates.Format(paidOn)}", $"not payable ({inv.Status}{(inv.CreditDocumentId is not null ? ", credited" : "")})", why);
        if (inv.PaidAmount != inv.Payable) Diff($"{doc} payment amount", M(inv.PaidAmount ?? 0m), M(inv.Payable), why);
        if (paidOn < inv.DueDate) Diff($"{doc} payment date", Dates.Format(paidOn), $"on or after {Dates.Format(inv.DueDate)}", why);
    }

    /// <summary>
    /// Orders the engine makes due on the last order run's date, from the events imported before
    /// that run finished, that were never issued. (An event imported later, even with an earlier
    /// registeredOn, is the next run's business, so it is left out here.)
    /// </summary>
    private void MissingOrders()
    {
        if (data.LastOrderRun is not { } run) return;
        var p = book.Logged!;
        if (p.RegisteredOn > run.Date || p.ImportedAt > run.Finished) return;
        var tariff = data.TariffAt(run.Finished);
        if (tariff is null) return;
        var c = Compute(tariff, tariff.Sha256, run.Date, run.Finished);
        if (c.Result is null) return; // the run could not price it either (it logs an error)
        var issued = book.Orders.Select(o => o.OrderKey).ToHashSet(StringComparer.Ordinal);
        foreach (var due in DueOrders.On(run.Date, c.Result))
            if (!issued.Contains(due.Key))
                Diff($"order {due.Key} missing", "(not issued)", $"{due.Kind}, {due.Lines.Count} line(s), total {M(due.Total)}, due on {Dates.Format(run.Date)}",
                    c.Derivation(Markers(due)));
    }

    /// <summary>
    /// Periodic reports the last delivery run should have registered: imported before it finished,
    /// registered by its date, for a month whose base-pay line had been ordered by then and has no delivery.
    /// </summary>
    private void MissingDeliveries()
    {
        if (data.LastDeliveryRun is not { } run) return;
        foreach (var r in book.Reports.Where(r => r.RegisteredOn <= run.Date && r.ImportedAt <= run.Finished))
        {
            foreach (var o in book.Orders.Where(o => o.Kind == "base" && o.CreatedAt <= run.Finished))
                foreach (var l in o.Lines.Where(l => l.Month == r.Month && !book.Deliveries.ContainsKey((o.Number, l.LineNo))))
                    Diff($"delivery {o.Number} line {l.LineNo} ({l.Month}) missing", "(not registered)", $"registered by the delivery run of {Dates.Format(run.Date)}",
                        $"periodic report seq {r.Seq}, registered {Dates.Format(r.RegisteredOn)}, reports {r.Month}");
        }
    }
}
