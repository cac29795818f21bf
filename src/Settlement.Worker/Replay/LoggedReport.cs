using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>An accepted periodic report of the log: what registers a base-pay delivery, and the date it is computed as of.</summary>
internal sealed record LoggedReport(long Seq, string Placement, string Month, LocalDate RegisteredOn, Instant ImportedAt);
