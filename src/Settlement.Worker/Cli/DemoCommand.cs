using System.CommandLine;
using System.Globalization;
using Dapper;
using Npgsql;
using Settlement.Worker.Database;
using Settlement.Worker.Demo;
using Settlement.Worker.Matching;
using Settlement.Worker.Portal;

namespace Settlement.Worker.Cli;

/// <summary>`settle demo [--serve]`: the whole cycle on the embedded default, from a clean database.</summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var serve = new Option<bool>("--serve") { Description = "Keep the portal running on the demo's data afterwards." };
        var urls = new Option<string>("--urls") { Description = "Where the portal listens with --serve.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var cmd = new Command("demo",
            "Kör demonstrationen: a clean embedded database, the sample tariff and 18 months of events for 4 providers and 300 placements, " +
            "then orders, deliveries, the providers' invoices (with the usual mistakes), matching, credits, answers and payments, month by month. " +
            "Documents go to ./out/; the reconciliation is printed at the end.") { serve, urls };
        // Warnings only on the console: the progress bar shows the run; every step is in the log file.
        cmd.SetAction(p => CommonOptions.Guard("demo", () => Run(p.GetValue(serve), p.GetValue(urls)!)));
        return cmd;
    }

    private static int Run(bool serve, string urls)
    {
        var samples = Path.Combine(Environment.GetEnvironmentVariable("SETTLEMENT_HOME") ?? Environment.CurrentDirectory, "samples");
        if (!File.Exists(Path.Combine(samples, "demo-events.jsonl")))
            throw new SettleException($"{samples}: the demo's samples (tariff.json, demo-events.jsonl) are not there; run ./settle demo from the repository");
        var connectionString = CleanDatabase();
        using var ds = Db.Open(connectionString);
        var report = Progress.Run("Demo: 18 månader", progress => new DemoRunner(ds, samples, Path.GetFullPath("out")).Run(progress));
        AnchorCommands.SignHead(ds);
        Print(ds, report);
        if (!serve)
        {
            Console.Out.WriteLine($"Portalen: ./settle demo --serve (or ./settle portal --urls {urls}) and log in as 'ekonomi', 'revisor' or 'lev-5569876542' with the password '{DemoUsers.Password}'.");
            return ExitCodes.Ok;
        }
        var app = PortalHost.Build(ds, urls);
        Serving.Start(app, "demo", $"--urls {urls}");
        Console.Out.WriteLine($"Portalen körs på {string.Join(", ", app.Urls)} — logga in som 'ekonomi', 'revisor' eller 'lev-5569876542' med lösenordet '{DemoUsers.Password}'. Ctrl+C stoppar.");
        Console.Out.Flush();
        app.WaitForShutdown();
        return ExitCodes.Ok;
    }

    /// <summary>The demo always starts clean: the embedded default's database is dropped and created again.</summary>
    private static string CleanDatabase()
    {
        var pg = EmbeddedPostgres.Default();
        pg.EnsureStarted("postgres");
        using (var conn = new NpgsqlConnection(pg.ConnectionString("postgres")))
        {
            conn.Open();
            conn.Execute($"drop database if exists \"{EmbeddedPostgres.DatabaseName}\" with (force)");
            conn.Execute($"create database \"{EmbeddedPostgres.DatabaseName}\"");
        }
        return pg.ConnectionString();
    }

    private static void Print(NpgsqlDataSource ds, DemoReport r)
    {
        var o = Console.Out;
        string Sek(decimal d) => d.ToString("#,0.00", CultureInfo.InvariantCulture).Replace(",", " ");
        o.WriteLine($"Händelser: {r.Events.Accepted} godtagna, {r.Events.Refused} avvisade");
        foreach (var x in r.Events.Refusals) o.WriteLine($"  rad {x.Line}: {x.Code} {x.Placement} – {x.Message}");
        o.WriteLine($"Körningar: {r.RunDates} (varje måndag) · beställningar {r.Orders} · inleveranser {r.Deliveries} · dokument från leverantörerna {r.ProviderDocuments} · betalningar {r.Payments}");
        o.WriteLine("Utfall: " + string.Join(", ", r.Outcomes.OrderBy(x => x.Key).Select(x => $"{MatchDecision.OutcomeName(x.Key)} {x.Value}")));
        o.WriteLine();
        o.WriteLine($"{"leverantör",-12}{"beställt",16}{"levererat",16}{"fakturerat",16}{"godkänt",16}{"bestritt",14}{"krediterat",14}{"betalt",16}{"utestående",14}");
        foreach (var g in r.Reconciliation.GroupBy(x => x.Provider))
            o.WriteLine($"{g.Key,-12}{Sek(g.Sum(x => x.Ordered)),16}{Sek(g.Sum(x => x.Delivered)),16}{Sek(g.Sum(x => x.Invoiced)),16}{Sek(g.Sum(x => x.Approved)),16}" +
                        $"{Sek(g.Sum(x => x.Disputed)),14}{Sek(g.Sum(x => x.Credited)),14}{Sek(g.Sum(x => x.Paid)),16}{Sek(g.Sum(x => x.Outstanding)),14}");
        o.WriteLine();
        using var conn = ds.Connect();
        var open = conn.ExecuteScalar<int>("select count(*) from invoices i where i.status = 'disputed' and not exists (select 1 from credits c where c.invoice_id = i.id)");
        var rejected = conn.ExecuteScalar<int>("select count(*) from inbound_outcomes where outcome = 'rejected'");
        var refused = conn.ExecuteScalar<int>("select count(*) from event_log where status = 'refused'");
        var missing = conn.ExecuteScalar<int>("""
            select count(*) from order_lines l join orders o on o.number = l.order_number
            left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            where o.kind = 'base' and d.order_number is null
              and (date_trunc('month', l.period_from) + interval '1 month - 1 day')::date < @last
              and not exists (select 1 from event_log e where e.placement_id = o.placement_id and e.type = 'interruption'
                              and e.status = 'accepted' and (e.event->>'date')::date <= l.period_from)
            """, new { last = DemoEvents.Last });
        var unpaid = conn.ExecuteScalar<int>("""
            select count(*) from invoices i where i.status = 'approved'
              and not exists (select 1 from payments p where p.invoice_id = i.id) and not exists (select 1 from credits c where c.invoice_id = i.id)
            """);
        o.WriteLine($"Kvarstående undantag: {open} bestridda fakturor utan kreditnota, {rejected} avvisade dokument, {refused} avvisade händelser, " +
                    $"{missing} månader utan inleverans efter månadens slut; {unpaid} godkända fakturor väntar på förfallodag.");
        o.WriteLine($"Dokumenten finns i {Path.GetFullPath("out")}: outbox/ (beställningar och fakturasvar), inbox/ (leverantörernas fakturor och kreditnotor).");
    }
}
