using NodaTime;

namespace Settlement.Worker.Events;

/// <summary>A placement as registered (the projection of its accepted `placement` event).</summary>
internal sealed record PlacementRow(string Id, string ProviderOrg, string Level, LocalDate StartDate, LocalDate RegisteredOn);
