using NodaTime;
using Settlement.Engine.Events;

namespace Settlement.Worker.Replay;

/// <summary>
/// An accepted engine event of the log, read from its hashed canonical text. The registered date
/// and import instant decide which computation it belongs to (the "as of" rules of the runs).
/// </summary>
internal sealed record LoggedEvent(long Seq, LocalDate RegisteredOn, Instant ImportedAt, PlacementEvent Event);
