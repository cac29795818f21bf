using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Serilog;
using Settlement.Worker.Logging;

namespace Settlement.Worker.Cli;

/// <summary>How `portal`, `worker` and `demo --serve` start listening, so all three behave alike.</summary>
internal static class Serving
{
    /// <summary>
    /// Starts the host and returns once it listens. An address it cannot bind (taken, not allowed)
    /// is bad usage naming <paramref name="source"/> (the option or setting it came from), not an
    /// internal error. Then says where it listens, as one line on stderr and a log event: with
    /// port 0 (the worker's default) only the bound server knows the port.
    /// </summary>
    public static void Start(WebApplication app, string command, string source)
    {
        try { app.Start(); }
        catch (IOException ex)
        {
            throw new SettleException($"{source}: cannot listen: {ex.Message}");
        }
        var addresses = app.Urls.ToList();
        // The stderr line below says it on the console; the log file gets it as an event.
        Log.ForContext(Logs.FileOnly, true).Information("{Command} listening on {Urls}", command, addresses);
        Console.Error.WriteLine($"settle {command}: listening on {string.Join(", ", addresses)}");
    }
}
