using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>A row of the placements projection, which must repeat the log's placement event (<see cref="ProjectionCheck"/>).</summary>
internal sealed record StoredProjection(string Id, string ProviderOrg, string Level, LocalDate StartDate, LocalDate RegisteredOn, long EventSeq);
