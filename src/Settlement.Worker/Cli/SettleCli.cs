using System.CommandLine;

namespace Settlement.Worker.Cli;

/// <summary>
/// The `settle` command line (contract: shared/spec/cli.md). Each command group lives in its own
/// file and is registered here, so this is the one place that shows the whole surface.
/// </summary>
internal static class SettleCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Settlement: ersättningsberäkning och PEPPOL-fakturering för Rusta och matcha.\n" +
            "Compensation settlement and PEPPOL e-invoicing for the job-matching service.");
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(CalcCommand.Build());
        root.Subcommands.Add(ValidateCommand.Build());
        root.Subcommands.Add(DbCommands.Build());
        root.Subcommands.Add(DbCommands.BuildMigrate());
        root.Subcommands.Add(ImportCommands.BuildTariff());
        root.Subcommands.Add(ImportCommands.BuildEvents());
        root.Subcommands.Add(UsersCommand.Build());
        root.Subcommands.Add(PortalCommand.Build());
        root.Subcommands.Add(RunCommands.Build());
        root.Subcommands.Add(WorkerCommand.Build());
        root.Subcommands.Add(InboxCommands.Inbox());
        root.Subcommands.Add(InboxCommands.Invoices());
        root.Subcommands.Add(InboxCommands.Reconcile());
        root.Subcommands.Add(ReplayCommands.Replay());
        root.Subcommands.Add(ReplayCommands.Explain());
        root.Subcommands.Add(AnchorCommands.Build());
        return root;
    }

    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as cli.md asks of bad usage: every parse error, then where to look.
            Console.Error.WriteLine($"settle: {string.Join("; ", parse.Errors.Select(e => OneLine(e.Message).TrimEnd('.')))}; try 'settle --help'.");
            return ExitCodes.BadInput;
        }
        return parse.Invoke();
    }

    /// <summary>A message as one line of stderr (exception messages may span several).</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
