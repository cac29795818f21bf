using NodaTime;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Calculation;

/// <summary>
/// What a qualifying transition (interruption to work, subsidised employment or studies) earns:
/// the speed bonus, the staged result payments and the supplements, all from the tariff version
/// and index in effect on the transition date.
/// </summary>
internal static class ResultPayments
{
    /// <summary>
    /// Snabbhetspremie: the base pay from the interruption date to the end of its period (both
    /// included, capped at maxDays), at that period's rate, with no parallel reduction.
    /// </summary>
    public static SpeedBonusResult? SpeedBonus(Tariff tariff, Interruption transition, IReadOnlyList<PeriodResult> periods, IReadOnlyDictionary<int, LocalDate> verified)
    {
        var version = tariff.RequireVersionAt(transition.Date);
        if (!version.SpeedBonus.Enabled) return null;
        var period = periods.First(p => p.Period.Contains(transition.Date));
        int uncapped = Dates.InclusiveDays(transition.Date, period.End);
        int days = version.SpeedBonus.MaxDays is { } max ? Math.Min(uncapped, max) : uncapped;
        var firstStage = version.ResultStages[0].Stage;
        LocalDate? earnedOn = verified.TryGetValue(firstStage, out var on) ? on : null;
        return new SpeedBonusResult(period.Number, transition.Date, period.End, uncapped, version.SpeedBonus.MaxDays, days,
            period.DailyRate, Money.Round(days * period.DailyRate.Amount), earnedOn, version.From);
    }

    /// <summary>
    /// Resultatersättning: total = round2(resultTotal[level] × factor(transition)); each stage is
    /// round2(total × share), except the last, which is the remainder, so the stages sum to total.
    /// </summary>
    public static IReadOnlyList<ResultPayment> Stages(Tariff tariff, Level level, Interruption transition, IReadOnlyDictionary<int, LocalDate> verified)
    {
        var version = tariff.RequireVersionAt(transition.Date);
        var total = tariff.Indexed(version.ResultTotal(level), transition.Date);
        var stages = version.ResultStages;
        var result = new ResultPayment[stages.Count];
        var paid = Money.Zero;
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            bool last = i == stages.Count - 1;
            var amount = last ? total.Amount - paid : Money.Round(total.Amount.Amount * s.Share);
            paid += amount;
            LocalDate? verifiedOn = verified.TryGetValue(s.Stage, out var on) ? on : null;
            result[i] = new ResultPayment(s.Stage, s.AfterMonths, s.Share, last, total,
                transition.Date.PlusMonths(s.AfterMonths), verifiedOn, amount, version.From);
        }
        return result;
    }

    /// <summary>Tilläggsersättning: every supplement listing the level and the outcome, round2(amount × factor(transition)).</summary>
    public static IReadOnlyList<SupplementResult> Supplements(Tariff tariff, Level level, Interruption transition, IReadOnlyDictionary<int, LocalDate> verified)
    {
        var version = tariff.RequireVersionAt(transition.Date);
        var result = new List<SupplementResult>();
        foreach (var s in version.Supplements)
        {
            if (!s.Levels.Contains(level) || !s.Outcomes.Contains(transition.Reason)) continue;
            LocalDate? earnedOn = verified.TryGetValue(s.Stage, out var on) ? on : null;
            result.Add(new SupplementResult(s.Id, s.Stage, tariff.Indexed(s.Amount, transition.Date), earnedOn, version.From));
        }
        return result;
    }
}
