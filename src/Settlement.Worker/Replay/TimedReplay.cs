using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>A replay report and when it was made.</summary>
internal sealed record TimedReplay(ReplayReport Report, Instant At);
