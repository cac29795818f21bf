using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using static Settlement.Engine.Tests.Build;

namespace Settlement.Engine.Tests;

/// <summary>The derivation text must be arithmetic an auditor can redo: every printed input gives the printed result.</summary>
public class ExplainerTests
{
    [Fact]
    public void Tariff_inputs_with_more_than_two_decimals_are_printed_exactly()
    {
        // 55.125 × 1.126 = 62.07075 → 62.07; printed as 55.13 it would redo to 62.08.
        var json = File.ReadAllText(Path.Combine(Paths.Root, "samples", "tariff.json"))
            .Replace("\"B\": 55.00,", "\"B\": 55.125,").Replace("\"KOMMUNAL\": 0.25,", "\"KOMMUNAL\": 0.125,");
        var tariff = TariffReader.Read(json).Tariff!;
        var r = Calculator.Calculate(tariff, new PlacementInput(PlacementId.Parse("GR-TEST-1"), "5569876542", Level.B, D("2024-03-11"),
            [Par("2024-04-01", "KOMMUNAL", "2024-04-15", "2024-04-30")]));
        Assert.Equal(62.07m, r.Periods[0].DailyRate.Amount);

        var text = Explainer.Explain(r);
        Assert.Contains("round2(55.125 × 112.6/100.0) = 62.07", text);
        Assert.Contains("avdrag 0.125 på 16 dagar", text);
    }

    [Theory]
    [InlineData("55", 2, "55.00")]
    [InlineData("55.125", 2, "55.125")]
    [InlineData("0.5", 2, "0.50")]
    [InlineData("1.126000", 2, "1.126")]
    public void Exact_keeps_every_significant_decimal(string value, int min, string expected) =>
        Assert.Equal(expected, Decimals.Exact(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), min));
}
