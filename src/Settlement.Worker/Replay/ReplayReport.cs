using System.Text.Json;
using System.Text.Json.Serialization;

namespace Settlement.Worker.Replay;

/// <summary>
/// The event log's integrity: every row's content hash, link and chain hash checked
/// (<see cref="Events.EventLog.Verify"/>), and every row's stored JSON and indexed columns agree
/// with its hashed canonical text. <see cref="FirstBrokenSeq"/> is the first row that fails.
/// </summary>
internal sealed record ChainStatus(bool Ok, long Events, long? FirstBrokenSeq, string? Problem)
{
    /// <summary>
    /// The chain head's hash (hex), for the human output: an auditor who notes it can later tell
    /// that nothing was removed from the end of the log, which no check inside the database can.
    /// </summary>
    public string? Head { get; init; }

    /// <summary>The signed checkpoints found and whether they were verified (a full chain check only).</summary>
    public Anchoring.CheckpointStatus? Checkpoints { get; init; }
}

/// <summary>
/// One stored figure that the engine, run again on the event log and the stored tariff, does not
/// reproduce: what it is, the placement, the stored and the recomputed value, and the derivation
/// of the recomputed value (the as-of date, the events used, the tariff, the engine's own account).
/// </summary>
internal sealed record ReplayDifference(string What, string Placement, string Stored, string Recomputed, string Derivation);

/// <summary>
/// What `settle replay` found. <see cref="Figures"/> counts the stored figures compared (each
/// order line, order total, delivery and invoice verdict is one, and each placement's projection).
/// </summary>
internal sealed record ReplayReport(ChainStatus Chain, int Placements, int Figures, IReadOnlyList<ReplayDifference> Differences, TimeSpan Elapsed)
{
    public bool Ok => Chain.Ok && Differences.Count == 0;

    /// <summary>Where the time went (for measurements; not part of the JSON).</summary>
    public string Phases { get; init; } = "";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// The `--json` form: { chain: { ok, events, firstBrokenSeq, problem, checkpoints }, placements, figures,
    /// differences: [ { what, placement, stored, recomputed, derivation } ] }.
    /// </summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(new
        {
            chain = new
            {
                ok = Chain.Ok, events = Chain.Events, firstBrokenSeq = Chain.FirstBrokenSeq, problem = Chain.Problem,
                checkpoints = Chain.Checkpoints is { } c
                    ? new { stored = c.Stored, latestSeq = c.LatestSeq, latestSignedAt = c.LatestSignedAt?.ToString(), keyId = c.KeyId, verified = c.Verified, anchors = c.Anchors, eventsAfter = c.EventsAfter }
                    : null,
            },
            placements = Placements,
            figures = Figures,
            differences = Differences.Select(d => new { what = d.What, placement = d.Placement, stored = d.Stored, recomputed = d.Recomputed, derivation = d.Derivation }),
        }, new JsonSerializerOptions(Options) { WriteIndented = indented });
}
