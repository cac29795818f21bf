namespace Settlement.Worker.Replay;

/// <summary>
/// One stored figure that the engine, run again on the event log and the stored tariff, does not
/// reproduce: what it is, the placement, the stored and the recomputed value, and the derivation
/// of the recomputed value (the as-of date, the events used, the tariff, the engine's own account).
/// </summary>
internal sealed record ReplayDifference(string What, string Placement, string Stored, string Recomputed, string Derivation);
