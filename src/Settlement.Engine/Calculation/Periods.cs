using NodaTime;

namespace Settlement.Engine.Calculation;

/// <summary>A placement period: six months from its start, both ends included.</summary>
public readonly record struct PlacementPeriod(int Number, LocalDate Start, LocalDate End)
{
    public bool Contains(LocalDate date) => Start <= date && date <= End;
}

public static class Periods
{
    /// <summary>
    /// periodEnd(s): e = plusMonths(s, 6); when the day survived (e.Day == s.Day) the period ends the
    /// day before e, otherwise the day did not exist, was clamped to the month's end, and that is the end.
    /// </summary>
    public static LocalDate End(LocalDate start)
    {
        var e = start.PlusMonths(6);
        return e.Day == start.Day ? e.PlusDays(-1) : e;
    }

    public static PlacementPeriod First(LocalDate placementStart) => new(1, placementStart, End(placementStart));

    /// <summary>Period 2 (förlängning) starts the day after period 1 ends.</summary>
    public static PlacementPeriod Next(PlacementPeriod previous)
    {
        var start = previous.End.PlusDays(1);
        return new(previous.Number + 1, start, End(start));
    }
}
