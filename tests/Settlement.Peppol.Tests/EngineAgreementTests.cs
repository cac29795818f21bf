using Settlement.Engine.Calculation;
using Settlement.Engine.Scenarios;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The sample orders' figures are the engine's: computing samples/scenario-worked.json gives the
/// daily rate, months, planned days and amounts, speed bonus and stage-1 result that
/// <see cref="WorkedExample"/> orders, so samples/orders cannot drift from the engine.
/// </summary>
public class EngineAgreementTests
{
    [Fact]
    public void The_sample_orders_carry_the_engines_figures_for_the_worked_example()
    {
        var json = File.ReadAllText(Path.Combine(GoldenFile.RepoRoot, "samples", "scenario-worked.json"));
        var read = ScenarioReader.Read(json);
        Assert.NotNull(read.Scenario);
        var input = read.Scenario!.Placements.Single(p => p.Id.Value == WorkedExample.Placement);
        var result = Calculator.Calculate(read.Scenario.Tariff, input);

        var period = result.Periods.Single(p => p.Number == WorkedExample.BasePay.PeriodNumber);
        Assert.Equal(WorkedExample.BasePay.PeriodStart, period.Start);
        Assert.Equal(WorkedExample.BasePay.PeriodEnd, period.End);
        Assert.Equal(WorkedExample.BasePay.DailyRate, period.DailyRate.Amount);
        Assert.Equal(
            WorkedExample.BasePay.Months.Select(m => (m.Month, m.From, m.To, m.PlannedDays, m.PlannedAmount)),
            period.Months.Select(m => (m.Month, m.From, m.To, m.PlannedDays, m.PlannedAmount.Amount)));

        Assert.Equal(WorkedExample.SpeedBonus.Amount, result.SpeedBonus!.Amount.Amount);
        Assert.Equal(WorkedExample.SpeedBonus.EarnedOn, result.SpeedBonus.EarnedOn);
        var stage1 = result.Results.Single(r => r.Stage == 1);
        Assert.Equal(WorkedExample.ResultStage1.Amount, stage1.Amount.Amount);
        Assert.Equal(WorkedExample.ResultStage1.EarnedOn, stage1.VerifiedOn);
        Assert.Equal(input.Provider, WorkedExample.Provider.Party.OrganisationNumber.Value);
    }
}
