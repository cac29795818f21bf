using System.CommandLine;
using NodaTime;
using Serilog;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Cli;

/// <summary>Options the database commands share, and the one way they turn failures into exit codes.</summary>
internal static class CommonOptions
{
    public static Option<string?> Db() => new("--db")
    {
        Description = "PostgreSQL connection string (else SETTLEMENT_DB, else the embedded default under ./.settlement/).",
    };

    public static Option<string> Date(string description) => new("--date")
    {
        Description = description + " (YYYY-MM-DD).",
        Required = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Machine output as JSON on stdout." };

    public static LocalDate ParseDate(string text) =>
        Dates.TryParse(text, out var d) ? d : throw new SettleException($"--date {text}: not a date (YYYY-MM-DD)");

    /// <summary>
    /// Runs a command body: a <see cref="SettleException"/> becomes one line on stderr and its exit
    /// code; anything else is an internal error: one line naming the log file, which gets the
    /// stack trace (the console does not: stderr stays one line), and exit 3.
    /// </summary>
    public static int Guard(string command, Func<int> body, bool longRunning = false)
    {
        Logging.Logs.Configure(longRunning);
        try
        {
            return body();
        }
        catch (SettleException ex)
        {
            Log.Debug(ex, "{Command} failed", command);
            Console.Error.WriteLine($"settle {command}: {SettleCli.OneLine(ex.Message)}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ForContext(Logging.Logs.FileOnly, true).Error(ex, "{Command} failed unexpectedly", command);
            var where = Logging.Logs.FilePath is { } file ? $"see the log {file}" : "no log file could be written";
            Console.Error.WriteLine($"settle {command}: internal error: {SettleCli.OneLine(ex.GetBaseException().Message)}; {where}");
            return ExitCodes.InternalError;
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }
}
