using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Settlement.Worker.Tests.Cli;

/// <summary>`settle calc` as a user runs it: a real process, stdout for JSON, one line on stderr and exit 2 for bad input.</summary>
public class CalcCommandTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) return dir.FullName;
        throw new InvalidOperationException("Settlement.sln not found");
    }

    private static (int Exit, string Out, string Err) Settle(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "settle.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    private static string Temp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void The_worked_scenario_prints_json_on_stdout_and_exits_0()
    {
        var (exit, stdout, stderr) = Settle("calc", "--scenario", Path.Combine(Root, "samples", "scenario-worked.json"));
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("1021.85", json["placements"]![0]!["periods"]![0]!["months"]![2]!["amount"]!.GetValue<string>());
    }

    [Fact]
    public void Explain_prints_the_derivation_in_swedish()
    {
        var (exit, stdout, _) = Settle("calc", "--scenario", Path.Combine(Root, "samples", "scenario-worked.json"), "--explain", "GR-2024-000101");
        Assert.Equal(0, exit);
        Assert.Contains("round2(55.00 × 112.6/100.0) = 61.93", stdout);
        Assert.Contains("PRAKTIK 2024-04-15..2024-05-05, avdrag 0.50 på 5 dagar  −2.50", stdout);
        Assert.Contains("round2(16.50 × 61.93)", stdout);
        Assert.Contains("= 1021.85", stdout);
    }

    [Fact]
    public void A_missing_file_is_exit_2_with_one_line_naming_it()
    {
        var (exit, stdout, stderr) = Settle("calc", "--scenario", "/nonexistent/scenario.json");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains("/nonexistent/scenario.json", line);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{"placements": []}""", "$.tariff: missing")]
    [InlineData("""{"tariff": {}, "placements": []}""", "$.tariff.index: missing")]
    public void An_invalid_scenario_is_exit_2_with_the_file_and_the_problem(string content, string problem)
    {
        var file = Temp(content);
        var (exit, stdout, stderr) = Settle("calc", "--scenario", file);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains(file, line);
        Assert.Contains(problem, line);
    }

    [Fact]
    public void A_placement_with_a_bad_level_names_its_path()
    {
        var scenario = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "samples", "scenario-worked.json")))!;
        scenario["placements"]![1]!["level"] = "D";
        var (exit, _, stderr) = Settle("calc", "--scenario", Temp(scenario.ToJsonString()));
        Assert.Equal(2, exit);
        Assert.Contains("$.placements[1].level: 'D' is not a level (A, B or C)", stderr);
    }

    [Fact]
    public void Bad_usage_is_exit_2()
    {
        var (exit, _, stderr) = Settle("calc");
        Assert.Equal(2, exit);
        Assert.Contains("--scenario", stderr);
    }
}
