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
        // Day numbers keep the month loop cheap; the interruption date itself is the first day out of service.
        int start = DayNumber(period.Start), end = DayNumber(period.End);
        int lastInService = interruption is { } d ? Math.Min(DayNumber(d) - 1, end) : end;

        var months = new List<MonthResult>(7);
        int year = period.Start.Year, month = period.Start.Month;
        for (int first = start; first <= end;)
        {
            int monthStart = DayNumber(new DateOnly(year, month, 1));
            int monthEnd = monthStart + DateTime.DaysInMonth(year, month) - 1;
            int from = Math.Max(monthStart, start), to = Math.Min(monthEnd, end);
            months.Add(Month(new YearMonth(year, month), from, to, lastInService, rate.Amount, parallels));
            first = monthEnd + 1;
            if (++month > 12) { month = 1; year++; }
        }
        return new PeriodResult(period, version.From, rate, months);
    }

    private static MonthResult Month(YearMonth month, int from, int to, int lastInService, Money rate, IReadOnlyList<AcceptedParallel> parallels)
    {
        int plannedDays = to - from + 1;
        var plannedAmount = Money.Round(plannedDays * rate.Amount);
        int serviceTo = Math.Min(to, lastInService);
        int inService = Math.Max(0, serviceTo - from + 1);
        if (inService == 0)
            return new MonthResult(month, Date(from), Date(to), plannedDays, plannedAmount, 0, null, 0.00m, Money.Zero, []);

        var (quantity, shares) = Quantity(from, serviceTo, inService, parallels);
        return new MonthResult(month, Date(from), Date(to), plannedDays, plannedAmount, inService, Date(serviceTo),
            quantity, Money.Round(quantity * rate.Amount), shares);
    }

    private static int DayNumber(LocalDate date) => date.ToDateOnly().DayNumber;
    private static int DayNumber(DateOnly date) => date.DayNumber;
    private static LocalDate Date(int dayNumber) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(dayNumber));

    /// <summary>
    /// Σ (1 − reduction) over the in-service days. Overlapping programmes do not add up: the largest
    /// reduction of the day applies (on a tie, the programme registered first is named).
    /// </summary>
    private static (decimal Quantity, IReadOnlyList<ParallelShare> Shares) Quantity(int first, int last, int days, IReadOnlyList<AcceptedParallel> parallels)
    {
        List<AcceptedParallel>? covering = null;
        foreach (var p in parallels)
            if (DayNumber(p.From) <= last && DayNumber(p.To) >= first)
                (covering ??= []).Add(p);
        if (covering is null)
            return (days + 0.00m, []);

        var counts = new int[covering.Count];
        var starts = new int[covering.Count];
        var ends = new int[covering.Count];
        for (int i = 0; i < covering.Count; i++)
        {
            starts[i] = DayNumber(covering[i].From);
            ends[i] = DayNumber(covering[i].To);
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
