using System.Text.Json.Nodes;
using Settlement.Engine.Scenarios;
using Settlement.Engine.Calculation;

namespace Settlement.Engine.Tests;

/// <summary>The rule book's worked scenario must come out field for field (messages aside).</summary>
public class WorkedExampleTests
{
    [Fact]
    public void Scenario_worked_gives_the_expected_output_field_for_field()
    {
        var read = ScenarioReader.Read(File.ReadAllText(Paths.SpecExample("scenario-worked.json")));
        Assert.Empty(read.Errors);
        var actual = JsonNode.Parse(ResultJson.Write(read.Scenario!.Placements.Select(p => Calculator.Calculate(read.Scenario.Tariff, p))))!;
        var expected = JsonNode.Parse(File.ReadAllText(Paths.SpecExample("scenario-worked.expected.json")))!;
        // Every rejection carries a message a user can act on; the contract does not fix its text.
        foreach (var p in actual["placements"]!.AsArray())
            foreach (var r in p!["rejected"]!.AsArray())
            {
                Assert.False(string.IsNullOrWhiteSpace(r!["message"]!.GetValue<string>()));
                r.AsObject().Remove("message");
            }
        JsonAssert.Equal(expected, actual);
    }

    [Fact]
    public void The_sample_tariff_in_samples_is_the_spec_tariff()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Paths.SpecExample("sample-tariff.json")))!;
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.Root, "samples", "tariff.json")))!;
        JsonAssert.Equal(spec, sample);
    }
}
