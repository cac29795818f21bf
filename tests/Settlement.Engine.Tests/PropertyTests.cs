using CsCheck;
using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using static Settlement.Engine.Tests.Build;

namespace Settlement.Engine.Tests;

/// <summary>Invariants over random placements (CsCheck shrinks a failure to a small case).</summary>
public class PropertyTests
{
    private static readonly LocalDate Epoch = new(2022, 1, 1);
    private static readonly string[] Reasons = [.. InterruptionReasons.All];
    private static readonly string[] Programs = ["PRAKTIK", "YKB", "KOMMUNAL", "SFI", "AUB_MODUL", "OKÄND"];

    private static readonly Gen<LocalDate> GenDate = Gen.Int[0, 365 * 4].Select(n => Epoch.PlusDays(n));

    private static readonly Gen<PlacementEvent> GenEvent = Gen.OneOf<PlacementEvent>(
        Gen.Select(GenDate, Gen.Int[-5, 200], Gen.OneOf(Reasons), (reg, offset, reason) => (PlacementEvent)new Interruption(reg, reg.PlusDays(offset), reason)),
        Gen.Select(GenDate, Gen.Int[-10, 120], Gen.OneOf(Programs), Gen.Int[0, 60], (from, length, program, lead) => (PlacementEvent)new ParallelProgramme(from.PlusDays(-lead), program, from, from.PlusDays(length))),
        GenDate.Select(reg => (PlacementEvent)new Extension(reg)),
        Gen.Select(GenDate, Gen.Int[1, 3], Gen.Int[0, 30], (reg, stage, lag) => (PlacementEvent)new ResultVerified(reg, stage, reg.PlusDays(-lag))),
        GenDate.Select(reg => (PlacementEvent)new LevelChange(reg, "A")));

    private static readonly Gen<PlacementInput> GenPlacement = Gen.Select(
        Gen.OneOf(Level.A, Level.B, Level.C), GenDate, GenEvent.Array[0, 8],
        (level, start, events) => new PlacementInput(PlacementId.Parse("GR-PROP"), "5569876542", level, start, events));

    private static IEnumerable<MonthResult> Months(PlacementResult r) => r.Periods.SelectMany(p => p.Months);

    [Fact]
    public void Result_stages_always_sum_to_the_indexed_total() =>
        GenPlacement.Sample(p =>
        {
            var r = Calculator.Calculate(SampleTariff, p);
            if (r.Results.Count == 0) return true;
            return r.Results.Sum(s => s.Amount.Amount) == r.Results[0].Total.Amount.Amount;
        }, iter: 5000);

    [Fact]
    public void Delivered_never_exceeds_planned_and_nothing_is_negative() =>
        GenPlacement.Sample(p =>
        {
            var r = Calculator.Calculate(SampleTariff, p);
            return Months(r).All(m => m.DeliveredQuantity >= 0 && m.DeliveredQuantity <= m.PlannedDays
                                      && m.Amount.Amount >= 0 && m.Amount.Amount <= m.PlannedAmount.Amount)
                && (r.SpeedBonus is null || r.SpeedBonus.Amount.Amount >= 0)
                && r.Results.All(s => s.Amount.Amount >= 0)
                && r.Supplements.All(s => s.Amount.Amount >= 0);
        }, iter: 5000);

    [Fact]
    public void A_later_interruption_never_lowers_base_pay() =>
        Gen.Select(Gen.OneOf(Level.A, Level.B, Level.C), GenDate, Gen.Int[0, 180], Gen.Int[0, 180], GenEvent.Array[0, 4])
            .Sample((level, start, a, b, others) =>
            {
                // The interruption is registered before anything else and is the only one (another
                // would be refused as a duplicate, or win and make both runs equal): only its date differs.
                PlacementResult Run(int offset) => Calculator.Calculate(SampleTariff, new PlacementInput(PlacementId.Parse("GR-PROP"), "x", level, start,
                    [new Interruption(start.PlusDays(-30), start.PlusDays(offset), "SJUK"), .. others.Where(e => e is not Interruption)]));
                decimal Paid(PlacementResult r) => Months(r).Sum(m => m.Amount.Amount);
                var (early, late) = (Math.Min(a, b), Math.Max(a, b));
                return Paid(Run(late)) >= Paid(Run(early));
            }, iter: 3000);

    [Fact]
    public void Planned_days_cover_every_day_of_every_period_once() =>
        GenPlacement.Sample(p =>
        {
            var r = Calculator.Calculate(SampleTariff, p);
            return r.Periods.All(period => period.Months.Sum(m => m.PlannedDays) == Dates.InclusiveDays(period.Start, period.End));
        }, iter: 3000);

    [Fact]
    public void Every_event_is_either_applied_or_refused_with_a_code_of_the_rule_book() =>
        GenPlacement.Sample(p =>
        {
            var r = Calculator.Calculate(SampleTariff, p);
            var known = typeof(RuleCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
            return r.Rejected.All(x => known.Contains(x.Code) && x.Event >= 0 && x.Event < p.Events.Count && x.Message.Length > 0)
                && r.Rejected.Select(x => x.Event).Distinct().Count() == r.Rejected.Count;
        }, iter: 3000);
}
