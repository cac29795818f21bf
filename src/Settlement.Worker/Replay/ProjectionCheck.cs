using Settlement.Engine.Primitives;

namespace Settlement.Worker.Replay;

/// <summary>
/// The placements projection must repeat the log's accepted placement event (provider, level,
/// start, registered date, seq): the runs read the projection, replay reads the log.
/// </summary>
internal static class ProjectionCheck
{
    public static void Check(PlacementReplay replay)
    {
        var p = replay.Book.Logged!;
        replay.Count();
        var logged = $"provider {p.Provider}, level {p.Level}, start {Dates.Format(p.Start)}, registered {Dates.Format(p.RegisteredOn)}, event {p.Seq}";
        if (replay.Book.Projection is not { } s)
        {
            replay.Diff("placement projection", "(no row)", logged, $"the placement event seq {p.Seq} has no row in the placements table");
            return;
        }
        var stored = $"provider {s.ProviderOrg}, level {s.Level.Trim()}, start {Dates.Format(s.StartDate)}, registered {Dates.Format(s.RegisteredOn)}, event {s.EventSeq}";
        if (stored != logged) replay.Diff("placement projection", stored, logged, $"the placements row must repeat the accepted placement event seq {p.Seq} of the log");
    }
}
