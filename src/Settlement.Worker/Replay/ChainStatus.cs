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
