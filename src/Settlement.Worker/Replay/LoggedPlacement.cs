using NodaTime;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Replay;

/// <summary>
/// A placement as its `placement` event in the log says (not the projection table): replay redoes
/// figures from the log alone, and the projection is itself a figure it checks (<see cref="ProjectionCheck"/>).
/// </summary>
internal sealed record LoggedPlacement(long Seq, string Id, string Provider, Level Level, LocalDate Start, LocalDate RegisteredOn, Instant ImportedAt);
