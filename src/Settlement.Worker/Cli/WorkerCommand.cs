using System.CommandLine;
using Serilog;
using Settlement.Worker.Database;
using Settlement.Worker.Hosting;

namespace Settlement.Worker.Cli;

/// <summary>`settle worker`: the scheduler (clustered when several run on one database) and the portal.</summary>
internal static class WorkerCommand
{
    public static Command Build()
    {
        var db = CommonOptions.Db();
        var urls = new Option<string?>("--urls") { Description = "Where the host listens (default: Settlement:Urls, else a free port on 127.0.0.1)." };
        var outbox = new Option<string?>("--outbox") { Description = "Outbox folder (else SETTLEMENT_OUTBOX, Settlement:Outbox, ./out/outbox)." };
        var cmd = new Command("worker",
            "Run the long-lived service: the Quartz scheduler (order, delivery and payment runs at the cron times of " +
            "Settlement:Jobs:*:Cron, Europe/Stockholm; the inbox folder every Settlement:Jobs:Inbox:Seconds) and the portal. " +
            "Several workers on one database form a cluster.") { db, urls, outbox };
        cmd.SetAction(p => CommonOptions.Guard("worker", () =>
        {
            using (Db.Open(p.GetValue(db))) { } // migrated before the scheduler validates its tables
            var app = WorkerHost.Build(Db.ResolveConnectionString(p.GetValue(db)), p.GetValue(urls), p.GetValue(outbox));
            Log.Information("Worker starting (pid {Pid})", Environment.ProcessId);
            Serving.Start(app, "worker", p.GetValue(urls) is { } u ? $"--urls {u}" : "Settlement:Urls");
            app.WaitForShutdown();
            return ExitCodes.Ok;
        }, longRunning: true));
        return cmd;
    }
}
