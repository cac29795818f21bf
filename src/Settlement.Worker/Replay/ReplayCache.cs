using NodaTime;
using Npgsql;

namespace Settlement.Worker.Replay;

/// <summary>
/// For a long-running process (the portal's auditor view): the latest full replay, made again when
/// it is older than the given age, one replay at a time whoever asks (a full replay of a national
/// record takes seconds to tens of seconds; a page should not start one per request).
/// </summary>
/// <param name="ds">The system of record the replays read.</param>
/// <param name="clock">What "older than the given age" is measured with.</param>
/// <param name="trust">What the replay verifies the signed checkpoints with, read at each replay (the key file may appear later).</param>
/// <param name="buyerEndpoint">The buyer's PEPPOL id the intake decided against (default: the agency's).</param>
internal sealed class ReplayCache(NpgsqlDataSource ds, IClock clock, Func<Anchoring.AnchorTrust>? trust = null, string? buyerEndpoint = null)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile TimedReplay? latest;

    /// <summary>The latest report, or null when none has been made yet.</summary>
    public TimedReplay? Latest => latest;

    /// <summary>The latest report if younger than <paramref name="maxAge"/>, else a new one (waiting for a replay already running).</summary>
    public async Task<TimedReplay> GetAsync(Duration maxAge, CancellationToken cancel = default)
    {
        if (latest is { } fresh && clock.GetCurrentInstant() - fresh.At <= maxAge) return fresh;
        await gate.WaitAsync(cancel);
        try
        {
            if (latest is { } again && clock.GetCurrentInstant() - again.At <= maxAge) return again;
            var report = await Task.Run(() => Replayer.Run(ds, trust: trust?.Invoke(), buyerEndpoint: buyerEndpoint), cancel);
            return latest = new TimedReplay(report, clock.GetCurrentInstant());
        }
        finally
        {
            gate.Release();
        }
    }
}
