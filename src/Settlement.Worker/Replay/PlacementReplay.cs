using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using Settlement.Worker.Events;

namespace Settlement.Worker.Replay;

/// <summary>
/// The replay of one placement: pure, on the bulk-loaded data. Runs the checks in the order they
/// depend on one another and gives them what they share: the engine runs (one per distinct set of
/// events and tariff), the figures recomputed so far, and the differences found.
/// <list type="number">
/// <item><see cref="ProjectionCheck"/>: the placements row repeats the log's placement event;</item>
/// <item><see cref="OrderCheck"/>: each order, recording each line's recomputed price;</item>
/// <item><see cref="DeliveryCheck"/>: each delivery, recording the recomputed delivery;</item>
/// <item><see cref="InvoiceCheck"/> (and <see cref="PaymentCheck"/>): each invoice's figures and its
/// verdict, judged against the recomputed price and delivery;</item>
/// <item><see cref="MissingFigures"/>: orders and deliveries the last runs should have made.</item>
/// </list>
/// </summary>
internal sealed class PlacementReplay(PlacementBook book, ReplayData data)
{
    public PlacementBook Book => book;
    public ReplayData Data => data;
    public List<ReplayDifference> Differences { get; } = [];

    /// <summary>How many stored figures were compared (see <see cref="ReplayReport.Figures"/>).</summary>
    public int Figures { get; private set; }

    /// <summary>The price replay recomputed for each stored order line (<see cref="OrderCheck"/>), for the invoice verdicts.</summary>
    public Dictionary<(string Order, int Line), decimal> RecomputedPrices { get; } = [];

    /// <summary>
    /// The delivery replay recomputed for each stored delivery (<see cref="DeliveryCheck"/>), for the
    /// invoice verdicts; its derivation is made only if a verdict differs.
    /// </summary>
    public Dictionary<(string Order, int Line), (string Status, decimal Quantity, decimal Amount, Func<string> Derivation)> RecomputedDeliveries { get; } = [];

    private readonly Dictionary<(string Sha, int Count), Computed> cache = [];

    public void Run()
    {
        if (book.Logged is null)
        {
            Diff("placement", "in the projection or the orders", "no accepted placement event in the log", "the placement's figures cannot be redone without its placement event");
            return;
        }
        ProjectionCheck.Check(this);
        foreach (var order in book.Orders) OrderCheck.Check(this, order);
        foreach (var order in book.Orders)
            foreach (var line in order.Lines)
                if (book.Deliveries.TryGetValue((order.Number, line.LineNo), out var d)) DeliveryCheck.Check(this, order, line, d);
        InvoiceCheck.Check(this);
        MissingFigures.Orders(this);
        MissingFigures.Deliveries(this);
    }

    /// <summary>Counts stored figures compared.</summary>
    public void Count(int figures = 1) => Figures += figures;

    /// <summary>A stored figure the recomputation does not reproduce.</summary>
    public void Diff(string what, string stored, string recomputed, string derivation) =>
        Differences.Add(new ReplayDifference(what, book.Id, stored, recomputed, derivation));

    /// <summary>The stored tariff with this key, if any.</summary>
    public LoggedTariff? Tariff(string sha) => data.TariffsBySha.GetValueOrDefault(sha);

    /// <summary>
    /// The engine's result from the accepted events registered on or before <paramref name="asOf"/>
    /// (and, when given, imported by <paramref name="importedBy"/>), in log order. Results as of a
    /// date are cached per tariff and number of events: a later date only adds events, so the
    /// count names the set.
    /// </summary>
    public Computed Compute(LoggedTariff? tariff, string sha, LocalDate asOf, Instant? importedBy = null)
    {
        var p = book.Logged!;
        // Replay's own condition on top of "as known on asOf" (PlacementAsOf): imported by the run's end.
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
                var result = Calculator.Calculate(t, PlacementAsOf.Input(PlacementId.Parse(p.Id), p.Provider, p.Level, p.Start, included.Select(e => e.Event).ToList(), asOf));
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
}
