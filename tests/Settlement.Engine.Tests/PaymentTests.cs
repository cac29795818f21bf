using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using static Settlement.Engine.Tests.Build;

namespace Settlement.Engine.Tests;

public class PaymentTests
{
    [Fact]
    public void Money_rounds_half_away_from_zero_not_to_even()
    {
        Assert.Equal(0.13m, Money.Round(0.125m).Amount);
        Assert.Equal(1021.85m, Money.Round(16.50m * 61.93m).Amount); // 1021.845: banker's rounding would give .84
        Assert.Equal("2.00", Money.Round(2m).ToString());
    }

    [Fact]
    public void Rate_is_fixed_at_the_period_start_across_an_index_change()
    {
        // 2024-12-01 (index 112.6) .. 2025-05-31: January's index 114.0 does not change the rate.
        var r = Calc(Level.B, "2024-12-01");
        Assert.Equal(61.93m, r.Periods[0].DailyRate.Amount);
        Assert.Equal(Money.Round(31 * 61.93m), Month(r, "2025-01").PlannedAmount);
    }

    [Theory]
    [InlineData("2025-06-30", "2022-01-01", 62.70)] // 55.00 × 1.14
    [InlineData("2025-07-01", "2025-07-01", 59.28)] // 52.00 × 1.14: the new version
    public void Tariff_version_switch_is_taken_on_the_period_start(string start, string version, decimal rate)
    {
        var p = Calc(Level.B, start).Periods[0];
        Assert.Equal(D(version), p.TariffVersion);
        Assert.Equal(rate, p.DailyRate.Amount);
    }

    [Fact]
    public void Period_2_takes_the_index_of_its_own_start()
    {
        var r = Calc(Level.C, "2024-08-31", Extend("2025-02-20"));
        Assert.Equal(73.19m, r.Periods[0].DailyRate.Amount);
        Assert.Equal(74.10m, r.Periods[1].DailyRate.Amount);
    }

    [Fact]
    public void Overlapping_parallel_programmes_take_the_largest_reduction_not_the_sum()
    {
        var r = Calc(Level.B, "2024-03-11",
            Par("2024-04-01", "KOMMUNAL", "2024-04-01", "2024-04-10"),  // 0.25
            Par("2024-04-01", "PRAKTIK", "2024-04-06", "2024-04-15"));  // 0.50
        var april = Month(r, "2024-04");
        // 04-01..05: 5 × 0.75; 04-06..15: 10 × 0.5; rest 15 × 1
        Assert.Equal(5 * 0.75m + 10 * 0.5m + 15m, april.DeliveredQuantity);
        Assert.Equal(Money.Round(april.DeliveredQuantity * 61.93m), april.Amount);
        Assert.Equal([("KOMMUNAL", 5), ("PRAKTIK", 10)], april.Parallels.Select(s => (s.Program, s.Days)));
    }

    [Fact]
    public void A_zero_reduction_programme_leaves_the_day_whole()
    {
        var r = Calc(Level.B, "2024-03-11", Par("2024-04-01", "SFI", "2024-04-01", "2024-08-31"));
        Assert.Equal(30.00m, Month(r, "2024-04").DeliveredQuantity);
    }

    [Fact]
    public void Parallel_days_after_the_interruption_do_not_count()
    {
        var r = Calc(Level.B, "2024-03-11", Par("2024-04-01", "PRAKTIK", "2024-05-10", "2024-06-10"), Interrupt("2024-05-10", "2024-05-20"));
        var may = Month(r, "2024-05");
        Assert.Equal(19, may.InServiceDays);
        Assert.Equal(19 - 10 * 0.5m, may.DeliveredQuantity);
        Assert.Equal(0m, Month(r, "2024-06").DeliveredQuantity);
    }

    [Fact]
    public void No_period_after_the_interrupted_one_is_ordered_or_paid()
    {
        var r = Calc(Level.B, "2024-03-11", Extend("2024-08-01"), Interrupt("2024-08-02", "2024-08-20"));
        Assert.Single(r.Periods);
    }

    [Fact]
    public void Interruption_on_the_first_day_of_period_2_keeps_period_2_with_nothing_delivered()
    {
        var r = Calc(Level.B, "2024-03-11", Extend("2024-08-01"), Interrupt("2024-08-02", "2024-09-11"));
        Assert.Equal(2, r.Periods.Count);
        Assert.All(r.Periods[1].Months, m => Assert.Equal(0m, m.DeliveredQuantity));
        Assert.All(r.Periods[0].Months, m => Assert.Equal(m.PlannedDays, m.DeliveredQuantity));
        Assert.Equal(2, r.SpeedBonus!.PeriodNumber);
        Assert.Equal(Dates.InclusiveDays(D("2024-09-11"), D("2025-03-10")), r.SpeedBonus.Days);
    }

    [Fact]
    public void Speed_bonus_is_capped_at_maxDays_of_the_version_in_effect_on_the_transition()
    {
        var r = Calc(Level.B, "2025-07-01", Interrupt("2025-07-05", "2025-07-10"));
        Assert.Equal(175, r.SpeedBonus!.UncappedDays);
        Assert.Equal(150, r.SpeedBonus.Days);
        Assert.Equal(59.28m, r.SpeedBonus.DailyRate.Amount);
        Assert.Equal(8892.00m, r.SpeedBonus.Amount.Amount);
        Assert.Null(r.SpeedBonus.EarnedOn);
    }

    [Fact]
    public void Speed_bonus_uses_the_period_rate_even_when_the_transition_is_under_a_later_version()
    {
        // Period from 2025-03-01 (old version, 55 × 1.14); transition 2025-07-10 (new version: maxDays 150 applies).
        var r = Calc(Level.B, "2025-03-01", Interrupt("2025-07-05", "2025-07-10"));
        Assert.Equal(62.70m, r.SpeedBonus!.DailyRate.Amount);
        Assert.Equal(Dates.InclusiveDays(D("2025-07-10"), D("2025-08-31")), r.SpeedBonus.Days);
        Assert.Equal(D("2025-07-01"), r.Results[0].TariffVersion);
        Assert.Equal(Money.Round(23000m * 1.14m), r.Results[0].Total.Amount); // resultTotal of the new version
    }

    [Fact]
    public void Result_stages_split_the_indexed_total_and_the_last_takes_the_remainder()
    {
        var tariff = TariffWith(resultTotalA: "10000.01");
        var r = Calculator.Calculate(tariff, new PlacementInput(PlacementId.Parse("GR-X"), "5569876542", Level.A, D("2024-03-11"),
            [Interrupt("2024-05-10", "2024-05-20")]));
        var total = Money.Round(10000.01m * 1.126m); // 11260.01 (11260.01126)
        Assert.Equal(total, r.Results[0].Total.Amount);
        Assert.Equal(Money.Round(total.Amount * 0.5m), r.Results[0].Amount);       // 5630.01 (5630.005 away from zero)
        Assert.Equal(total - r.Results[0].Amount, r.Results[1].Amount);             // 5630.00
        Assert.Equal(5630.01m, r.Results[0].Amount.Amount);
        Assert.Equal(5630.00m, r.Results[1].Amount.Amount);
    }

    [Fact]
    public void Supplement_for_level_C_and_work_is_earned_with_stage_2()
    {
        var r = Calc(Level.C, "2024-03-11", Interrupt("2024-05-10", "2024-05-20"),
            Verified("2024-08-21", 1, "2024-08-20"));
        var s = Assert.Single(r.Supplements);
        Assert.Equal("TILLAGG-C-ARBETE", s.Id);
        Assert.Equal(4504.00m, s.Amount.Amount); // 4000 × 1.126
        Assert.Null(s.EarnedOn);

        var earned = Calc(Level.C, "2024-03-11", Interrupt("2024-05-10", "2024-05-20"),
            Verified("2024-08-21", 1, "2024-08-20"), Verified("2024-11-21", 2, "2024-11-20"));
        Assert.Equal(D("2024-11-20"), earned.Supplements[0].EarnedOn);
        Assert.Equal(D("2024-08-20"), earned.SpeedBonus!.EarnedOn);
    }

    [Theory]
    [InlineData(Level.B, "ARBETE")]
    [InlineData(Level.C, "STUDIER")]
    public void No_supplement_for_other_levels_or_outcomes(Level level, string reason) =>
        Assert.Empty(Calc(level, "2024-03-11", Interrupt("2024-05-10", "2024-05-20", reason)).Supplements);

    internal static Tariff TariffWith(string resultTotalA)
    {
        var json = File.ReadAllText(Path.Combine(Paths.Root, "samples", "tariff.json"))
            .Replace("\"resultTotal\": { \"A\": 16000,", $"\"resultTotal\": {{ \"A\": {resultTotalA},");
        Assert.Contains(resultTotalA, json);
        return TariffReader.Read(json).Tariff!;
    }
}
