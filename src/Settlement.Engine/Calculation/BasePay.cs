using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Calculation;

/// <summary>
/// Grundersättning per participant-day. The rate is fixed at the period's start; each calendar
/// month the period touches gives one order line (planned) and one deliverable amount (the days
/// in service, each reduced by the largest parallel programme reduction covering it).
/// </summary>
internal static class BasePay
{
    public static PeriodResult Period(Tariff tariff, Level level, PlacementPeriod period, LocalDate? interruption, IReadOnlyList<AcceptedParallel> parallels)
    {
        var version = tariff.RequireVersionAt(period.Start);
        var rate = tariff.Indexed(version.BaseDailyRate(level), period.Start);
        // The interruption date itself is the first day out of service.
        var lastInService = interruption is { } d ? Dates.Min(d.PlusDays(-1), period.End) : period.End;

        var months = new List<MonthResult>(7);
        var month = period.Start.ToYearMonth();
        var lastMonth = period.End.ToYearMonth();
        for (; month <= lastMonth; month = month.PlusMonths(1))
        {
            var interval = month.ToDateInterval();
            var from = Dates.Max(interval.Start, period.Start);
            var to = Dates.Min(interval.End, period.End);
            months.Add(Month(month, from, to, lastInService, rate.Amount, parallels));
        }
        return new PeriodResult(period, version.From, rate, months);
    }

    private static MonthResult Month(YearMonth month, LocalDate from, LocalDate to, LocalDate lastInService, Money rate, IReadOnlyList<AcceptedParallel> parallels)
    {
        int plannedDays = Dates.InclusiveDays(from, to);
        var plannedAmount = Money.Round(plannedDays * rate.Amount);
        var serviceTo = Dates.Min(to, lastInService);
        int inService = Dates.InclusiveDays(from, serviceTo);
        if (inService == 0)
            return new MonthResult(month, from, to, plannedDays, plannedAmount, 0, null, 0.00m, Money.Zero, []);

        var (quantity, shares) = Quantity(from, serviceTo, inService, parallels);
        return new MonthResult(month, from, to, plannedDays, plannedAmount, inService, serviceTo,
            quantity, Money.Round(quantity * rate.Amount), shares);
    }

    /// <summary>
    /// Σ (1 − reduction) over the in-service days. Overlapping programmes do not add up: the largest
    /// reduction of the day applies (on a tie, the programme registered first is named).
    /// </summary>
    private static (decimal Quantity, IReadOnlyList<ParallelShare> Shares) Quantity(LocalDate from, LocalDate to, int days, IReadOnlyList<AcceptedParallel> parallels)
    {
        List<AcceptedParallel>? covering = null;
        foreach (var p in parallels)
            if (p.From <= to && p.To >= from)
                (covering ??= []).Add(p);
        if (covering is null)
            return (days + 0.00m, []);

        int first = from.ToDateOnly().DayNumber, last = to.ToDateOnly().DayNumber;
        var counts = new int[covering.Count];
        var starts = new int[covering.Count];
        var ends = new int[covering.Count];
        for (int i = 0; i < covering.Count; i++)
        {
            starts[i] = covering[i].From.ToDateOnly().DayNumber;
            ends[i] = covering[i].To.ToDateOnly().DayNumber;
        }
        decimal quantity = 0m;
        for (int day = first; day <= last; day++)
        {
            int best = -1;
            for (int i = 0; i < covering.Count; i++)
                if (starts[i] <= day && day <= ends[i] && (best < 0 || covering[i].Reduction > covering[best].Reduction))
                    best = i;
            if (best < 0) { quantity += 1m; continue; }
            counts[best]++;
            quantity += 1m - covering[best].Reduction;
        }
        var shares = new List<ParallelShare>();
        for (int i = 0; i < covering.Count; i++)
            if (counts[i] > 0)
                shares.Add(new ParallelShare(covering[i].Program, covering[i].From, covering[i].To, covering[i].Reduction, counts[i]));
        return (quantity, shares);
    }
}
