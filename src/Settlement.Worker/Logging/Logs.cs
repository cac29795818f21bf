using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Settlement.Worker.Logging;

/// <summary>
/// Serilog for every command: compact JSON (one event a line, for machines) to
/// <c>.settlement/logs/settle-YYYYMMDD.json</c> (or <c>SETTLEMENT_LOG_DIR</c>), shared by
/// every process on the machine, and readable text on stderr, because stdout is the command's
/// own output (cli.md). The console shows warnings for one-shot commands and information for the
/// long-running worker; <c>SETTLEMENT_LOG_LEVEL</c> overrides it. The file keeps information and
/// above (what each run did, in summaries), and debug events only when <c>SETTLEMENT_LOG_LEVEL</c>
/// asks for them: one event per order, delivery or inbound document would repeat what the
/// database already records for each, and a national month would spend a third of its processor
/// time writing it (the shared file is locked and flushed per event).
/// </summary>
internal static class Logs
{
    /// <summary>A property that keeps an event off the console (the command prints its own line for it).</summary>
    public const string FileOnly = "FileOnly";

    /// <summary>
    /// Events the command itself reports as its one line on stderr (cli.md), so the console leaves
    /// them out and only the file keeps their details: those tagged <see cref="FileOnly"/>, and the
    /// web host's "Hosting failed to start" with its stack trace (a port taken, say), which
    /// <c>Serving.Start</c> or the internal-error line report.
    /// </summary>
    private static bool ReportedByTheCommand(LogEvent e) =>
        e.Properties.ContainsKey(FileOnly) || (e.Level == LogEventLevel.Error && e.MessageTemplate.Text == "Hosting failed to start");

    /// <summary>Today's log file, for messages that point the user at it; null when it could not be opened.</summary>
    public static string? FilePath { get; private set; }

    public static void Configure(bool longRunning)
    {
        var consoleLevel = longRunning ? LogEventLevel.Information : LogEventLevel.Warning;
        var fileLevel = LogEventLevel.Information;
        if (Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable("SETTLEMENT_LOG_LEVEL"), true, out var env))
            (consoleLevel, fileLevel) = (env, env < fileLevel ? env : fileLevel);
        var dir = Environment.GetEnvironmentVariable("SETTLEMENT_LOG_DIR") is { Length: > 0 } d
            ? d : Path.Combine(Environment.CurrentDirectory, ".settlement", "logs");
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(consoleLevel < fileLevel ? consoleLevel : fileLevel)
            .MinimumLevel.Override("Quartz", LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Pid", Environment.ProcessId)
            .WriteTo.Logger(console => console.MinimumLevel.Verbose().Filter.ByExcluding(ReportedByTheCommand)
                .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose,
                    outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}"));
        FilePath = null;
        try
        {
            Directory.CreateDirectory(dir);
            config = config.WriteTo.File(new CompactJsonFormatter(), Path.Combine(dir, "settle-.json"),
                rollingInterval: RollingInterval.Day, shared: true, restrictedToMinimumLevel: fileLevel);
            // The name the daily rolling gives today's file (local date, as Serilog names it).
            FilePath = Path.Combine(dir, $"settle-{DateTime.Now:yyyyMMdd}.json");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"settle: cannot write logs to {dir}: {ex.Message}");
        }
        Log.Logger = config.CreateLogger();
    }
}
