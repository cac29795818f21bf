using System.CommandLine;
using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Scenarios;
using Settlement.Engine.Tariffs;

namespace Settlement.Worker.Cli;

/// <summary>`settle calc --scenario FILE [--explain PLACEMENT]`: the pure engine, contract in compensation.md.</summary>
internal static class CalcCommand
{
    public static Command Build()
    {
        var scenario = new Option<FileInfo>("--scenario") { Description = "Scenario JSON file: { tariff, placements: [ { id, provider, level, start, events } ] }.", Required = true };
        var explain = new Option<string?>("--explain") { Description = "Print the derivation of every figure of this placement (Swedish text) instead of JSON." };
        var cmd = new Command("calc", "Beräkna ersättningen för ett scenario. Computes a scenario and prints the result as JSON (or the derivation of one placement).") { scenario, explain };
        // Through Guard like every command, so a crash is exit 3 with its stack trace in the log.
        cmd.SetAction(p => CommonOptions.Guard("calc", () => Run(p.GetValue(scenario)!, p.GetValue(explain))));
        return cmd;
    }

    private static int Run(FileInfo file, string? explain)
    {
        string json;
        try
        {
            json = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"{file}: cannot read the file: {ex.Message}");
        }

        var read = ScenarioReader.Read(json);
        if (read.Scenario is not { } s)
        {
            var more = read.Errors.Count > 1 ? $" (and {read.Errors.Count - 1} more problem{(read.Errors.Count > 2 ? "s" : "")})" : "";
            return Fail($"{file}: invalid scenario: {read.Errors[0]}{more}");
        }

        var results = new List<PlacementResult>(s.Placements.Count);
        foreach (var placement in s.Placements)
        {
            try
            {
                results.Add(Calculator.Calculate(s.Tariff, placement));
            }
            catch (TariffGapException ex)
            {
                return Fail($"{file}: placement {placement.Id}: {ex.Message}");
            }
        }

        if (explain is not null)
        {
            var one = results.FirstOrDefault(r => r.Id.Value == explain);
            if (one is null) return Fail($"{file}: no placement '{explain}' in the scenario");
            Console.Out.Write(Explainer.Explain(one));
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine(ResultJson.Write(results));
        return ExitCodes.Ok;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"settle calc: {message}");
        return ExitCodes.BadInput;
    }
}
