using NodaTime;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using static Settlement.Engine.Calculation.RuleCodes;

namespace Settlement.Engine.Calculation;

/// <summary>A rule that refused an event: its code and a message a user can act on.</summary>
public readonly record struct Refusal(string Code, string Message);

/// <summary>What the accepted events have established so far about one placement.</summary>
internal sealed class PlacementState(Level level, LocalDate start)
{
    public Level Level { get; } = level;
    public List<PlacementPeriod> Periods { get; } = [Calculation.Periods.First(start)];
    public Interruption? Interruption { get; set; }
    public List<AcceptedParallel> Parallels { get; } = [];
    /// <summary>Verified result stages and their verifiedOn.</summary>
    public Dictionary<int, LocalDate> Verified { get; } = new(2);
    public LocalDate Start => Periods[0].Start;
    public PlacementPeriod Last => Periods[^1];
}

/// <summary>
/// The rule book's event table: each event type's checks in the order of the table, the first that
/// fails gives the code. An accepted event updates the state; a refused one changes nothing.
/// </summary>
internal static class EventRules
{
    public static Refusal? Apply(Tariff tariff, PlacementState s, PlacementEvent e) => e switch
    {
        InvalidEvent invalid => new Refusal(EventInvalid, invalid.Problem),
        Interruption i => ApplyInterruption(s, i),
        Extension x => ApplyExtension(s, x),
        ParallelProgramme p => ApplyParallel(tariff, s, p),
        LevelChange l => new Refusal(LvlFixed, $"the level is fixed for the whole placement ({s.Level}); a change to {l.To ?? "another level"} is not possible"),
        ResultVerified r => ApplyResultVerified(tariff, s, r),
        UnknownEvent u => new Refusal(EventUnknown, $"unknown event type '{u.TypeName}'"),
        _ => new Refusal(EventUnknown, $"unknown event type '{e.Type}'"),
    };

    private static Refusal? ApplyInterruption(PlacementState s, Interruption e)
    {
        if (s.Interruption is { } existing)
            return new Refusal(IntDup, $"the placement already has an interruption on {Dates.Format(existing.Date)}");
        if (e.Date < e.RegisteredOn)
            return new Refusal(IntRetro, $"interruption date {Dates.Format(e.Date)} is before its registration {Dates.Format(e.RegisteredOn)}: interruptions are never retroactive");
        if (e.Date < s.Start || e.Date > s.Last.End)
            return new Refusal(IntRange, $"interruption date {Dates.Format(e.Date)} is outside the placement {Dates.Format(s.Start)}..{Dates.Format(s.Last.End)}");
        s.Interruption = e;
        return null;
    }

    private static Refusal? ApplyExtension(PlacementState s, Extension e)
    {
        if (s.Interruption is { } i)
            return new Refusal(ExtInterrupted, $"the placement was interrupted on {Dates.Format(i.Date)}; it cannot be extended");
        if (s.Periods.Count >= 2)
            return new Refusal(ExtMax, "the placement already has two periods (twelve months), the most there can be");
        s.Periods.Add(Periods.Next(s.Last));
        return null;
    }

    private static Refusal? ApplyParallel(Tariff tariff, PlacementState s, ParallelProgramme e)
    {
        var version = tariff.VersionAt(e.From);
        if (version is null)
            return new Refusal(ParUnknown, $"no tariff version is in effect on {Dates.Format(e.From)}, so programme '{e.Program}' is unknown");
        if (!version.TryGetParallelReduction(e.Program, out var reduction))
            return new Refusal(ParUnknown, $"programme '{e.Program}' is not in the tariff version from {Dates.Format(version.From)}");
        if (e.To < e.From)
            return new Refusal(ParRange, $"the programme ends ({Dates.Format(e.To)}) before it starts ({Dates.Format(e.From)})");
        var lastAllowed = e.From.PlusMonths(3).PlusDays(-1);
        if (e.To > lastAllowed && !version.IsExemptFromThreeMonthCap(e.Program))
            return new Refusal(ParMax3M, $"programme '{e.Program}' {Dates.Format(e.From)}..{Dates.Format(e.To)} is longer than three months (it may last until {Dates.Format(lastAllowed)})");
        s.Parallels.Add(new AcceptedParallel(e.Program, e.From, e.To, reduction, version.From));
        return null;
    }

    private static Refusal? ApplyResultVerified(Tariff tariff, PlacementState s, ResultVerified e)
    {
        if (s.Interruption is not { } transition)
            return new Refusal(ResNoTransition, "the placement has no interruption, so there is no transition to work or studies to verify");
        if (!InterruptionReasons.QualifiesForResult(transition.Reason))
            return new Refusal(ResExcluded, $"interruption reason {transition.Reason} does not qualify for result payments");
        var version = tariff.RequireVersionAt(transition.Date);
        if (version.Stage(e.Stage) is not { } stage)
            return new Refusal(ResUnknown, $"stage {e.Stage} is not in the tariff version from {Dates.Format(version.From)}");
        if (s.Verified.TryGetValue(e.Stage, out var earlier))
            return new Refusal(ResDup, $"stage {e.Stage} was already verified on {Dates.Format(earlier)}");
        foreach (var before in version.ResultStages)
            if (before.Stage < e.Stage && !s.Verified.ContainsKey(before.Stage))
                return new Refusal(ResOrder, $"stage {before.Stage} must be verified before stage {e.Stage}");
        var earliest = transition.Date.PlusMonths(stage.AfterMonths);
        if (e.VerifiedOn < earliest)
            return new Refusal(ResEarly, $"stage {e.Stage} can be verified on {Dates.Format(earliest)} at the earliest ({stage.AfterMonths} months after {Dates.Format(transition.Date)}), not {Dates.Format(e.VerifiedOn)}");
        s.Verified[e.Stage] = e.VerifiedOn;
        return null;
    }
}
