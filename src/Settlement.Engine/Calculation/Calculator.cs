using Settlement.Engine.Events;
using Settlement.Engine.Tariffs;

namespace Settlement.Engine.Calculation;

/// <summary>
/// The compensation engine: one pure function from a tariff and a placement's events to every
/// figure of the placement. No clock: what is known "today" is decided by which events the caller
/// passes (those registered by then).
/// </summary>
public static class Calculator
{
    /// <exception cref="TariffGapException">A figure needs a tariff version or index value the tariff lacks for its date.</exception>
    public static PlacementResult Calculate(Tariff tariff, PlacementInput placement)
    {
        var state = new PlacementState(placement.Level, placement.Start);
        var rejected = new List<RefusedEvent>();
        foreach (var (e, position) in InRegistrationOrder(placement.Events))
        {
            if (EventRules.Apply(tariff, state, e) is { } refusal)
                rejected.Add(new RefusedEvent(position, refusal.Code, refusal.Message, e));
        }
        rejected.Sort((a, b) => a.Event.CompareTo(b.Event));

        var interruption = state.Interruption;
        var periods = new List<PeriodResult>(state.Periods.Count);
        foreach (var period in state.Periods)
        {
            // An interruption falls in the period containing its date; no later period is ordered or paid.
            if (interruption is not null && period.Start > interruption.Date) break;
            periods.Add(BasePay.Period(tariff, placement.Level, period, interruption?.Date, state.Parallels));
        }

        SpeedBonusResult? speedBonus = null;
        IReadOnlyList<ResultPayment> results = [];
        IReadOnlyList<SupplementResult> supplements = [];
        if (interruption is not null && InterruptionReasons.QualifiesForResult(interruption.Reason))
        {
            speedBonus = ResultPayments.SpeedBonus(tariff, interruption, periods, state.Verified);
            results = ResultPayments.Stages(tariff, placement.Level, interruption, state.Verified);
            supplements = ResultPayments.Supplements(tariff, placement.Level, interruption, state.Verified);
        }

        return new PlacementResult(placement.Id, placement.Provider, placement.Level, placement.Start, periods,
            interruption, speedBonus, results, supplements, state.Parallels, rejected);
    }

    /// <summary>Events by registeredOn; ties keep the input order (a stable sort).</summary>
    private static IEnumerable<(PlacementEvent Event, int Position)> InRegistrationOrder(IReadOnlyList<PlacementEvent> events)
    {
        var ordered = new (PlacementEvent, int)[events.Count];
        for (int i = 0; i < events.Count; i++) ordered[i] = (events[i], i);
        if (ordered.Length < 2) return ordered;
        // Array.Sort is not stable; the position breaks ties.
        Array.Sort(ordered, (a, b) =>
        {
            int c = a.Item1.RegisteredOn.CompareTo(b.Item1.RegisteredOn);
            return c != 0 ? c : a.Item2.CompareTo(b.Item2);
        });
        return ordered;
    }
}
