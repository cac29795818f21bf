using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Outbox;
using Settlement.Worker.Tariffs;
using Settlement.Peppol.Parties;

namespace Settlement.Worker.Orders;

internal sealed record IssuedOrder(string Number, string Kind, string Placement, int? Period, int? Stage, string? SupplementId, decimal Total, int Lines);

internal sealed record OrderRunReport(LocalDate Date, IReadOnlyList<IssuedOrder> Issued, int AlreadyIssued, int FilesWritten);

/// <summary>
/// The order run for a date: for every placement registered by then, the engine computes the
/// figures from the events registered on or before the date (placements in parallel, a slice at a
/// time), and every due order that does not exist yet is issued, in placement order, in batches
/// (<see cref="OrderIssuer.IssueBatch"/>: one transaction per batch with its lines and outbox rows,
/// then the batch's files). Batches start small and double up to <see cref="MaxBatch"/>, so the first
/// orders and files appear at once. The order key is unique in the database, so a second run, a
/// second process or a restart after a crash can never issue an order twice. `settle run orders`
/// and the scheduler's OrderRunJob both call this.
/// </summary>
internal sealed class OrderRun(NpgsqlDataSource ds, OrderIssuer issuer, string outboxDirectory)
{
    public const int FirstBatch = 50, MaxBatch = 1000;

    public OrderRunReport Run(LocalDate date, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        int files = OutboxWriter.FlushPending(ds, outboxDirectory); // what a killed run left behind
        var issued = new List<IssuedOrder>();
        int already = 0;
        StoredTariff tariff;
        KnownPlacements known;
        ILookup<string, string> existing;
        Dictionary<string, Provider> providers;
        using (var conn = ds.Connect())
        {
            tariff = TariffStore.Require(conn);
            known = Prof.Time("loadevents", () => KnownPlacements.Load(conn, date));
            existing = conn.Query<(string Placement, string Key)>("select placement_id, order_key from orders")
                .ToLookup(x => x.Placement, x => x.Key);
            providers = OrderIssuer.LoadProviders(conn, null, known.Placements.Select(p => p.ProviderOrg));
        }
        var placements = known.Placements;

        // Two stages that overlap: this thread commits batch k (database) and hands its files to a
        // writer task (disk), while a producer computes the engine's results and renders batch k+1
        // (processor), numbered with the serials the counter will have after batch k.
        using var prepared = new BlockingCollection<OrderIssuer.PreparedBatch>(boundedCapacity: 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        int placementsDone = 0, knownDue = 0;
        var producer = Task.Run(() =>
        {
            try
            {
                var queue = new List<OrderCandidate>();
                int batch = FirstBatch, predicted = issuer.LastSerial(date);
                void Prepare(int count)
                {
                    var take = queue.GetRange(0, count);
                    queue.RemoveRange(0, count);
                    var next = issuer.Prepare(date, take, tariff, providers, predicted);
                    predicted += next.Count;
                    prepared.Add(next, stop.Token);
                    batch = Math.Min(batch * 2, MaxBatch);
                }
                foreach (var slice in placements.Chunk(MaxBatch))
                {
                    stop.Token.ThrowIfCancellationRequested();
                    var due = Prof.Time("engine", () => slice.AsParallel().AsOrdered().WithCancellation(stop.Token)
                        .Select(p => Due(date, tariff, p, known.Events(p.Id), existing[p.Id])).ToList());
                    foreach (var (candidates, known) in due)
                    {
                        queue.AddRange(candidates);
                        knownDue += known;
                    }
                    Volatile.Write(ref placementsDone, placementsDone + slice.Length);
                    while (queue.Count >= batch) Prepare(batch);
                }
                while (queue.Count > 0) Prepare(Math.Min(batch, queue.Count));
            }
            finally { prepared.CompleteAdding(); }
        });

        using var writing = new OutboxFileQueue(ds, outboxDirectory); // committed batches' files, written while the next batches are committed
        try
        {
            foreach (var next in prepared.GetConsumingEnumerable(stop.Token))
            {
                var committed = issuer.Commit(next);
                issued.AddRange(committed.Issued);
                already += committed.Already; // another process issued them a moment ago
                files += committed.Issued.Count;
                writing.Add(committed.Files);
                progress?.Report((Volatile.Read(ref placementsDone), placements.Count));
            }
            producer.GetAwaiter().GetResult(); // its exception, if it stopped on one
        }
        catch
        {
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
            throw;
        }
        writing.Complete();
        already += knownDue;
        progress?.Report((placements.Count, placements.Count));
        files += OutboxWriter.FlushPending(ds, outboxDirectory);
        Prof.Dump("order run");
        Log.Information("Order run {Date}: issued {Issued}, already issued {Already}", Dates.Format(date), issued.Count, already);
        return new(date, issued, already, files);
    }

    /// <summary>One placement's orders due on the date that are not issued yet, and how many due ones already are.</summary>
    private static (List<OrderCandidate> Candidates, int Known) Due(LocalDate date, StoredTariff tariff, PlacementRow p,
        IReadOnlyList<(long Seq, PlacementEvent Event)> events, IEnumerable<string> issuedKeys)
    {
        PlacementResult result;
        try
        {
            result = Prof.Time("calculate", () => PlacementAsOf.Calculate(tariff.Tariff, p, events.Select(e => e.Event).ToList(), date));
        }
        catch (Engine.Tariffs.TariffGapException ex)
        {
            Log.Error("Placement {Placement}: the tariff cannot price it: {Problem}", p.Id, ex.Message);
            return ([], 0);
        }
        var keys = issuedKeys.ToHashSet();
        var candidates = new List<OrderCandidate>();
        int known = 0;
        string? derivation = null;
        foreach (var due in DueOrders.On(date, result))
        {
            if (keys.Contains(due.Key)) { known++; continue; }
            derivation ??= Prof.Time("derivation", () => Derivation(date, tariff, events, result));
            candidates.Add(new OrderCandidate(p, due, derivation));
        }
        return (candidates, known);
    }

    /// <summary>
    /// What the figures were derived from, so replay can redo them: the date, the tariff's hash,
    /// the event log rows used, and the engine's own explanation of every figure.
    /// </summary>
    internal static string Derivation(LocalDate asOf, StoredTariff tariff, IEnumerable<(long Seq, PlacementEvent Event)> events, PlacementResult result) =>
        JsonSerializer.Serialize(new
        {
            asOf = Dates.Format(asOf),
            tariffSha256 = tariff.Sha256,
            eventSeqs = events.Select(e => e.Seq).ToArray(),
            explanation = Explainer.Explain(result),
        });
}
