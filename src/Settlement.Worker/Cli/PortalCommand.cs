using System.CommandLine;
using Settlement.Worker.Database;
using Settlement.Worker.Portal;

namespace Settlement.Worker.Cli;

/// <summary>`settle portal --urls URL`: the Leverantörsportal view alone (the worker serves it too).</summary>
internal static class PortalCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Build()
    {
        var db = CommonOptions.Db();
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated (default {DefaultUrls}). With only https URLs the cookies are always Secure.",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var outbox = new Option<string?>("--outbox") { Description = "Outbox folder for the answers to invoices made in the portal (else SETTLEMENT_OUTBOX, Settlement:Outbox, ./out/outbox)." };
        var cmd = new Command("portal",
            "Serve the Leverantörsportal (log-in with users from 'settle users add'): finance staff's overview, " +
            "exceptions and placement trails, and providers' own orders. Runs until stopped (Ctrl+C).") { urls, db, outbox };
        cmd.SetAction(p => CommonOptions.Guard("portal", () =>
        {
            var ds = Db.Open(p.GetValue(db));
            using (ds)
            {
                var app = PortalHost.Build(ds, p.GetValue(urls)!, outbox: p.GetValue(outbox));
                Serving.Start(app, "portal", $"--urls {p.GetValue(urls)}");
                app.WaitForShutdown();
            }
            return ExitCodes.Ok;
        }, longRunning: true));
        return cmd;
    }
}
