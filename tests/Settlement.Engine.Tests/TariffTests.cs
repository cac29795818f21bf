using System.Text.Json.Nodes;
using NJsonSchema;
using Settlement.Engine.Tariffs;
using static Settlement.Engine.Tests.Build;

namespace Settlement.Engine.Tests;

/// <summary>A broken tariff is refused with the JSON path and the problem; the schema agrees on the shape.</summary>
public class TariffTests
{
    private static JsonNode Sample() => JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.Root, "samples", "tariff.json")))!;

    private static string Refused(Action<JsonNode> breakIt)
    {
        var json = Sample();
        breakIt(json);
        var read = TariffReader.Read(json.ToJsonString());
        Assert.Null(read.Tariff);
        return string.Join(" | ", read.Errors);
    }

    [Fact]
    public void The_sample_tariff_reads_with_both_versions()
    {
        var t = SampleTariff;
        Assert.Equal([D("2022-01-01"), D("2025-07-01")], t.Versions.Select(v => v.From));
        Assert.Equal(52.00m, t.VersionAt(D("2025-07-01"))!.BaseDailyRate(Primitives.Level.B));
        Assert.Equal(150, t.Versions[1].SpeedBonus.MaxDays);
        Assert.Equal(112.6m, t.Index.RequireAt(D("2024-12-31")).Value);
    }

    [Fact]
    public void Missing_level() =>
        Assert.Equal("$.versions[0].baseDailyRate.B: missing level B",
            Refused(t => t["versions"]![0]!["baseDailyRate"]!.AsObject().Remove("B")));

    [Fact]
    public void Negative_amount() =>
        Assert.Equal("$.versions[1].resultTotal.C: negative amount -1",
            Refused(t => t["versions"]![1]!["resultTotal"]!["C"] = -1));

    [Fact]
    public void Stage_shares_that_do_not_sum_to_1() =>
        Assert.Equal("$.versions[0].resultStages: stage shares sum to 0.9, not 1",
            Refused(t => t["versions"]![0]!["resultStages"]![1]!["share"] = 0.4m));

    [Fact]
    public void Two_versions_with_the_same_date() =>
        Assert.Equal("$.versions[1].from: two versions with the same date 2022-01-01",
            Refused(t => t["versions"]![1]!["from"] = "2022-01-01"));

    [Fact]
    public void Index_series_without_a_value_for_a_version_start() =>
        Assert.Contains("$.index.series: no index value in effect on 2022-01-01",
            Refused(t => t["index"]!["series"]!.AsArray().RemoveAt(0)));

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var message = Refused(t =>
        {
            t["versions"]![0]!["baseDailyRate"]!["A"] = -5;
            t["versions"]![1]!["speedBonus"]!["enabled"] = "yes";
        });
        Assert.Contains("$.versions[0].baseDailyRate.A: negative amount -5", message);
        Assert.Contains("$.versions[1].speedBonus.enabled: must be true or false", message);
    }

    [Fact]
    public void Not_json_names_the_line()
    {
        var read = TariffReader.Read("{\n  \"index\": ,\n}");
        Assert.Null(read.Tariff);
        Assert.StartsWith("line 2: not valid JSON", read.Errors[0].ToString());
    }

    [Fact]
    public void A_figure_on_a_date_before_every_version_is_an_error()
    {
        var ex = Assert.Throws<TariffGapException>(() => SampleTariff.RequireVersionAt(D("2021-12-31")));
        Assert.Contains("2021-12-31", ex.Message);
    }

    [Fact]
    public async Task The_json_schema_accepts_the_sample_and_refuses_broken_tariffs()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Paths.Root, "schemas", "json", "tariff.schema.json"));
        Assert.Empty(schema.Validate(Sample().ToJsonString()));

        var broken = Sample();
        broken["versions"]![0]!["baseDailyRate"]!.AsObject().Remove("B");
        broken["versions"]![1]!["resultTotal"]!["C"] = -1;
        var errors = Leaves(schema.Validate(broken.ToJsonString())).Select(e => $"{e.Kind} {e.Path}").ToList();
        Assert.Contains("PropertyRequired #/versions[0].baseDailyRate.B", errors);
        Assert.Contains("NumberTooSmall #/versions[1].resultTotal.C", errors);
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Leaves(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? Leaves(child.Errors.SelectMany(kv => kv.Value))
            : [e]);

    [Fact]
    public async Task The_scenario_schema_accepts_the_worked_scenario()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Paths.Root, "schemas", "json", "scenario.schema.json"));
        Assert.Empty(schema.Validate(File.ReadAllText(Paths.SpecExample("scenario-worked.json"))));
    }
}
