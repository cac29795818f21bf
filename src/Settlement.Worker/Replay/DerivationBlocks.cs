using NodaTime;
using Settlement.Engine.Explanation;
using Settlement.Worker.Orders;

namespace Settlement.Worker.Replay;

/// <summary>
/// Which blocks of the engine's explanation derive a figure a difference is about, chosen by what
/// each block is about (its kind, period, month, stage, supplement) and never by its Swedish
/// title, so rewording the auditor's text cannot change what replay quotes.
/// </summary>
internal static class DerivationBlocks
{
    /// <summary>
    /// A due order's figures. A base-pay order: every block of its period (the daily rate, the
    /// months and the speed bonus paid for the period's rest), or for one line the rate and that
    /// line's month (<see cref="RateAndMonth"/>); a speed bonus, a result stage or a supplement: its own block.
    /// </summary>
    public static Func<ExplanationBlock, bool> OfOrder(DueOrder due, YearMonth? month = null) => due.Kind switch
    {
        "base" when month is { } m => RateAndMonth(due.Period, m),
        "base" => b => due.Period is { } p && b.Period == p,
        "speed" => b => b.Kind == ExplanationKind.SpeedBonus,
        "result" => b => b.Kind == ExplanationKind.ResultStage && b.Stage == due.Stage,
        _ => b => b.Kind == ExplanationKind.Supplement && b.SupplementId == due.SupplementId,
    };

    /// <summary>A base-pay month: its period's daily rate and the month's own block.</summary>
    public static Func<ExplanationBlock, bool> RateAndMonth(int? period, YearMonth month) =>
        b => period is { } p && b.Period == p && (b.Kind == ExplanationKind.DailyRate || (b.Kind == ExplanationKind.Month && b.Month == month));

    /// <summary>The month's own block only (what `settle explain` shows "as it was known then").</summary>
    public static Func<ExplanationBlock, bool> Month(int? period, YearMonth month) =>
        b => period is { } p && b.Kind == ExplanationKind.Month && b.Period == p && b.Month == month;
}
