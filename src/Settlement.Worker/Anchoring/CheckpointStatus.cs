using NodaTime;

namespace Settlement.Worker.Anchoring;

/// <summary>
/// What replay found of the signed checkpoints: how many are stored, the latest, whether each was
/// verified (a key was at hand) and how many anchors were replayed against. A problem (a signature
/// that fails, a log that ends before a checkpoint, a row whose hash is not the signed one) is the
/// chain's problem and makes it broken; this is the summary shown beside it.
/// </summary>
internal sealed record CheckpointStatus(int Stored, long? LatestSeq, Instant? LatestSignedAt, string? KeyId, bool Verified, int Anchors, long EventsAfter)
{
    /// <summary>One line for people (`settle replay`, the Revision page's text is its own, in Swedish).</summary>
    public string Describe() =>
        (LatestSeq is { } seq
            ? $"{Stored} signed checkpoint(s), latest seq {seq} signed {NodaTime.Text.InstantPattern.General.Format(LatestSignedAt!.Value)} with key {KeyId}, "
              + (Verified ? "verified" : "NOT verified (no checkpoint key here: give --anchor FILE or set SETTLEMENT_ANCHOR_KEY)")
              + (EventsAfter > 0 ? $"; {EventsAfter} event(s) after it not yet signed" : "")
            : "no signed checkpoint")
        + (Anchors > 0 ? $"; {Anchors} anchor(s) replayed against" : "");
}
