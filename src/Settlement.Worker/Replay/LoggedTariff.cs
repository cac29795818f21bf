using NodaTime;
using Settlement.Engine.Tariffs;

namespace Settlement.Worker.Replay;

/// <summary>
/// A stored tariff: the exact JSON imported, whether it still hashes to its key, and when it came
/// into force. <see cref="Tariff"/> is null (and <see cref="Problem"/> says why) when the stored
/// JSON no longer reads, which is itself a difference.
/// </summary>
internal sealed record LoggedTariff(long Id, string Sha256, Tariff? Tariff, string? Problem, bool HashOk, Instant ImportedAt);
