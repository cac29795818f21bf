using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Tariffs;

namespace Settlement.Worker.Events;

/// <summary>
/// Placements and their accepted engine events registered by a date, read in two queries (never one
/// per placement), for a run: the order run asks for every placement registered by its date, the
/// delivery run for the placements of its open lines. <see cref="Calculate"/> is
/// <see cref="PlacementAsOf"/> on them, as of the load's date or an earlier one (a report's).
/// </summary>
internal sealed class KnownPlacements
{
    private readonly Dictionary<string, PlacementRow> rows;
    private readonly ILookup<string, (long Seq, PlacementEvent Event)> events;

    /// <summary>The date the placements and events were read as of.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The placements read, in order of id.</summary>
    public IReadOnlyList<PlacementRow> Placements { get; }

    private KnownPlacements(LocalDate asOf, List<PlacementRow> placements, ILookup<string, (long Seq, PlacementEvent Event)> events)
    {
        AsOf = asOf;
        Placements = placements;
        rows = placements.ToDictionary(p => p.Id);
        this.events = events;
    }

    /// <summary>
    /// The placements registered by <paramref name="asOf"/> (or exactly those of <paramref name="ids"/>,
    /// whenever registered) and their accepted engine events registered by then, in log order.
    /// </summary>
    public static KnownPlacements Load(NpgsqlConnection conn, LocalDate asOf, string[]? ids = null)
    {
        var placements = conn.Query<PlacementRow>("""
            select id, provider_org as ProviderOrg, level::text as Level, start_date as StartDate, registered_on as RegisteredOn
            from placements where (@all and registered_on <= @asOf) or id = any(@ids) order by id
            """, new { asOf, all = ids is null, ids = ids ?? [] }).ToList();
        var events = conn.Query<(string Placement, long Seq, string Canonical)>("""
            select placement_id, seq, canonical from event_log
            where status = 'accepted' and type = any(@types) and registered_on <= @asOf
              and (@all or placement_id = any(@ids))
            order by seq
            """, new { types = EventJson.EngineTypes.ToArray(), asOf, all = ids is null, ids = ids ?? [] })
            .ToLookup(r => r.Placement, r => { using var d = JsonDocument.Parse(r.Canonical); return (r.Seq, EventJson.Read(d.RootElement)); });
        return new KnownPlacements(asOf, placements, events);
    }

    public PlacementRow Row(string id) => rows[id];

    /// <summary>The placement's accepted engine events registered by <see cref="AsOf"/>, in log order, with their log sequence numbers.</summary>
    public IReadOnlyList<(long Seq, PlacementEvent Event)> Events(string id) => events[id].ToList();

    /// <summary>
    /// The engine's result for the placement as of <paramref name="asOf"/>; a date after <see cref="AsOf"/>
    /// (a line ordered after the run's date) sees no more than was read, the events registered by <see cref="AsOf"/>.
    /// </summary>
    public PlacementResult Calculate(Tariff tariff, string id, LocalDate asOf) =>
        PlacementAsOf.Calculate(tariff, rows[id], events[id].Select(e => e.Event).ToList(), asOf);
}
