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

namespace Settlement.Worker.Orders;

public sealed record IssuedOrder(string Number, string Kind, string Placement, int? Period, int? Stage, string? SupplementId, decimal Total, int Lines);

public sealed record OrderRunReport(LocalDate Date, IReadOnlyList<IssuedOrder> Issued, int AlreadyIssued, int FilesWritten);

/// <summary>
/// The order run for a date: for every placement registered by then, the engine computes the
/// figures from the events registered on or before the date, and every due order that does not
/// exist yet is issued — each in its own transaction with its lines and its outbox document, then
/// written to the outbox folder. The order key is unique in the database, so a second run, a
/// second process or a restart after a crash can never issue an order twice. `settle run orders`
/// and the scheduler's OrderRunJob both call this.
/// </summary>
public sealed class OrderRun(NpgsqlDataSource ds, OrderIssuer issuer, string outboxDirectory)
{
    public OrderRunReport Run(LocalDate date, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        int files = OutboxWriter.FlushPending(ds, outboxDirectory); // what a killed run left behind
        var issued = new List<IssuedOrder>();
        int already = 0;
        using var conn = ds.Connect();
        var tariff = TariffStore.Require(conn);
        var placements = conn.Query<PlacementRow>("""
            select id, provider_org as ProviderOrg, level::text as Level, start_date as StartDate, registered_on as RegisteredOn
            from placements where registered_on <= @date order by id
            """, new { date }).ToList();
        var existing = conn.Query<(string Placement, string Key)>("select placement_id, order_key from orders")
            .ToLookup(x => x.Placement, x => x.Key);
        var eventsByPlacement = LoadAllEvents(conn, date); // one query, not one per placement
        for (int i = 0; i < placements.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Report((i, placements.Count));
            var p = placements[i];
            var events = eventsByPlacement[p.Id].ToList();
            Levels.TryParse(p.Level, out var level);
            PlacementResult result;
            try
            {
                result = Calculator.Calculate(tariff.Tariff, new PlacementInput(PlacementId.Parse(p.Id), p.ProviderOrg, level, p.StartDate, events.Select(e => e.Event).ToList()));
            }
            catch (Engine.Tariffs.TariffGapException ex)
            {
                Log.Error("Placement {Placement}: the tariff cannot price it: {Problem}", p.Id, ex.Message);
                continue;
            }
            var keys = existing[p.Id].ToHashSet();
            foreach (var due in DueOrders.On(date, result))
            {
                if (keys.Contains(due.Key)) { already++; continue; }
                var derivation = Derivation(date, tariff, events, result);
                if (issuer.Issue(date, p, due, tariff, derivation, outboxDirectory) is { } order) { issued.Add(order); files++; }
                else already++; // another process issued it a moment ago
            }
        }
        progress?.Report((placements.Count, placements.Count));
        files += OutboxWriter.FlushPending(ds, outboxDirectory);
        Log.Information("Order run {Date}: issued {Issued}, already issued {Already}", Dates.Format(date), issued.Count, already);
        return new(date, issued, already, files);
    }

    /// <summary>The accepted engine events of a placement registered on or before the date, with their log sequence numbers.</summary>
    internal static List<(long Seq, PlacementEvent Event)> LoadEvents(NpgsqlConnection conn, string placement, LocalDate asOf, NpgsqlTransaction? tx = null) =>
        conn.Query<(long Seq, string Canonical)>("""
            select seq, canonical from event_log
            where placement_id = @placement and status = 'accepted' and type = any(@types) and registered_on <= @asOf
            order by seq
            """, new { placement, types = EventJson.EngineTypes.ToArray(), asOf }, tx)
            .Select(r => { using var d = JsonDocument.Parse(r.Canonical); return (r.Seq, EventJson.Read(d.RootElement)); })
            .ToList();

    /// <summary>Every placement's accepted engine events registered on or before the date, in log order.</summary>
    private static ILookup<string, (long Seq, PlacementEvent Event)> LoadAllEvents(NpgsqlConnection conn, LocalDate asOf) =>
        conn.Query<(string Placement, long Seq, string Canonical)>("""
            select placement_id, seq, canonical from event_log
            where status = 'accepted' and type = any(@types) and registered_on <= @asOf
            order by seq
            """, new { types = EventJson.EngineTypes.ToArray(), asOf })
            .ToLookup(r => r.Placement, r => { using var d = JsonDocument.Parse(r.Canonical); return (r.Seq, EventJson.Read(d.RootElement)); });

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
