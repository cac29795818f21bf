using System.CommandLine;

namespace Settlement.Worker.Cli;

public static class CalcCommand
{
    public static Command Build()
    {
        var scenario = new Option<FileInfo>("--scenario") { Description = "Scenario JSON file (tariff + placements with events).", Required = true };
        var cmd = new Command("calc", "Beräkna ersättning för ett scenario (the pure engine; JSON on stdout).") { scenario };
        cmd.SetAction(p => SettleCli.Ok);
        return cmd;
    }
}
