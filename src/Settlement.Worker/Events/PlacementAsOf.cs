using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Worker.Events;

/// <summary>
/// "This placement as known on date D", the one rule every run and replay follows: the engine's
/// input is the placement as registered and its accepted engine events, in log order, registered
/// on or before D (an event registered later, even about an earlier day, is not yet known). Pure;
/// where the events come from is <see cref="KnownPlacements"/> (the runs) or the replay's own load.
/// </summary>
internal static class PlacementAsOf
{
    /// <summary>The engine's input as of <paramref name="asOf"/> (all the events given when null).</summary>
    public static PlacementInput Input(PlacementRow p, IReadOnlyList<PlacementEvent> eventsInLogOrder, LocalDate? asOf)
    {
        Levels.TryParse(p.Level, out var level);
        return Input(PlacementId.Parse(p.Id), p.ProviderOrg, level, p.StartDate, eventsInLogOrder, asOf);
    }

    /// <summary>The same, for a placement as the log's placement event states it (replay reads the log, not the projection).</summary>
    public static PlacementInput Input(PlacementId id, string provider, Level level, LocalDate start, IReadOnlyList<PlacementEvent> eventsInLogOrder, LocalDate? asOf)
    {
        var known = asOf is { } d && eventsInLogOrder.Any(e => e.RegisteredOn > d)
            ? eventsInLogOrder.Where(e => e.RegisteredOn <= d).ToList()
            : eventsInLogOrder;
        return new PlacementInput(id, provider, level, start, known);
    }

    /// <summary>The engine's result as of <paramref name="asOf"/>; a tariff that cannot price it throws <see cref="TariffGapException"/>.</summary>
    public static PlacementResult Calculate(Tariff tariff, PlacementRow p, IReadOnlyList<PlacementEvent> eventsInLogOrder, LocalDate asOf) =>
        Calculator.Calculate(tariff, Input(p, eventsInLogOrder, asOf));
}
