using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Orders;

namespace Settlement.Worker.Orders;

/// <summary>One order line as stored and sent.</summary>
internal sealed record PlannedLine(int LineNo, string Article, string? Month, decimal Quantity, string UnitCode, decimal Price, decimal Amount, LocalDate From, LocalDate To);

/// <summary>
/// An order that is due: its key (what makes it unique forever), its kind and figures, all taken
/// from the engine's result. Kinds: base (one per period), speed, result (per stage), supplement.
/// </summary>
internal sealed record DueOrder(string Key, string Kind, int? Period, int? Stage, string? SupplementId, LocalDate EarnedOn, IReadOnlyList<PlannedLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}

/// <summary>
/// Which orders the engine's result makes due on a date (documents.md). The result must come from
/// the events registered on or before that date, so "registered" is already taken care of:
/// a base-pay order for every period that has started (period 2 exists only once its extension
/// is registered); a speed bonus, result stage or supplement once it is earned (its
/// resultVerified accepted). Pure: the order run decides what is already issued.
/// </summary>
internal static class DueOrders
{
    public static IEnumerable<DueOrder> On(LocalDate date, PlacementResult r)
    {
        var id = r.Id.Value;
        foreach (var p in r.Periods.Where(p => p.Start <= date))
        {
            var lines = p.Months.Select((m, i) => new PlannedLine(i + 1, OrderBuilder.BasePayItem, Dates.Format(m.Month),
                m.PlannedDays, "DAY", p.DailyRate.Amount, m.PlannedAmount.Amount, m.From, m.To)).ToList();
            yield return new DueOrder($"base:{id}:{p.Number}", "base", p.Number, null, null, p.Start, lines);
        }
        if (r.SpeedBonus is { EarnedOn: { } sbOn } sb)
            yield return One($"speed:{id}", "speed", null, null, OrderBuilder.SpeedBonusItem, sb.Amount.Amount, sbOn);
        foreach (var s in r.Results.Where(s => s.VerifiedOn is not null))
            yield return One($"result:{id}:{s.Stage}", "result", s.Stage, null, OrderBuilder.ItemName(Peppol.Orders.ResultPayment.Result, s.Stage), s.Amount.Amount, s.VerifiedOn!.Value);
        foreach (var s in r.Supplements.Where(s => s.EarnedOn is not null))
            yield return One($"supplement:{id}:{s.Id}", "supplement", s.Stage, s.Id, OrderBuilder.SupplementItem, s.Amount.Amount, s.EarnedOn!.Value);
    }

    private static DueOrder One(string key, string kind, int? stage, string? supplementId, string article, decimal amount, LocalDate earnedOn) =>
        new(key, kind, null, stage, supplementId, earnedOn, [new PlannedLine(1, article, null, 1, "C62", amount, amount, earnedOn, earnedOn)]);
}
