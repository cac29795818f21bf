using NodaTime;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;

namespace Settlement.Engine.Calculation;

/// <summary>A placement (deltagande) and its events, in input order.</summary>
public sealed record PlacementInput(PlacementId Id, string Provider, Level Level, LocalDate Start, IReadOnlyList<PlacementEvent> Events);
