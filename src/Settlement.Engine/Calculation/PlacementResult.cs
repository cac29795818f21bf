using NodaTime;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Calculation;

/// <summary>
/// Everything the engine computes for one placement. Every figure keeps its derivation as data
/// (the tariff version, the index entry, the days and reductions it was built from), so it can be
/// explained and redone by hand; <see cref="Explanation.Explainer"/> renders it.
/// </summary>
public sealed record PlacementResult(
    PlacementId Id,
    string Provider,
    Level Level,
    LocalDate Start,
    IReadOnlyList<PeriodResult> Periods,
    Interruption? Interruption,
    SpeedBonusResult? SpeedBonus,
    IReadOnlyList<ResultPayment> Results,
    IReadOnlyList<SupplementResult> Supplements,
    IReadOnlyList<AcceptedParallel> Parallels,
    IReadOnlyList<RefusedEvent> Rejected);

/// <summary>A period and its base pay. The daily rate is fixed at the period's start: orders never change.</summary>
public sealed record PeriodResult(
    PlacementPeriod Period,
    LocalDate TariffVersion,
    IndexedAmount Rate,
    IReadOnlyList<MonthResult> Months)
{
    public int Number => Period.Number;
    public LocalDate Start => Period.Start;
    public LocalDate End => Period.End;
    public Money DailyRate => Rate.Amount;
}

/// <summary>
/// One calendar month of a period: what the order line says (planned) and what may be invoiced
/// (delivered). <see cref="InServiceTo"/> is null when no day of the month was in service.
/// </summary>
public sealed record MonthResult(
    YearMonth Month,
    LocalDate From,
    LocalDate To,
    int PlannedDays,
    Money PlannedAmount,
    int InServiceDays,
    LocalDate? InServiceTo,
    decimal DeliveredQuantity,
    Money Amount,
    IReadOnlyList<ParallelShare> Parallels);

/// <summary>Days of a month on which <see cref="Program"/> set the reduction (the largest one that day).</summary>
public sealed record ParallelShare(string Program, LocalDate From, LocalDate To, decimal Reduction, int Days)
{
    public decimal Deduction => Days * Reduction;
}

/// <summary>An accepted parallel programme with the reduction of the tariff version in effect on its start.</summary>
public sealed record AcceptedParallel(string Program, LocalDate From, LocalDate To, decimal Reduction, LocalDate TariffVersion);

/// <summary>Snabbhetspremie: the base pay for the rest of the interrupted period, earned with result stage 1.</summary>
public sealed record SpeedBonusResult(
    int PeriodNumber,
    LocalDate From,
    LocalDate To,
    int UncappedDays,
    int? MaxDays,
    int Days,
    Money DailyRate,
    Money Amount,
    LocalDate? EarnedOn,
    LocalDate TariffVersion);

/// <summary>A result stage: its share of the indexed result total; the last stage takes the remainder.</summary>
public sealed record ResultPayment(
    int Stage,
    int AfterMonths,
    decimal Share,
    bool IsLast,
    IndexedAmount Total,
    LocalDate EarliestOn,
    LocalDate? VerifiedOn,
    Money Amount,
    LocalDate TariffVersion);

/// <summary>A tariff supplement for the placement's level and outcome, earned with its stage.</summary>
public sealed record SupplementResult(string Id, int Stage, IndexedAmount Indexed, LocalDate? EarnedOn, LocalDate TariffVersion)
{
    public Money Amount => Indexed.Amount;
}

/// <summary>An event that changed nothing: its 0-based position in the input, the rule code and why.</summary>
public sealed record RefusedEvent(int Event, string Code, string Message, PlacementEvent Source);
