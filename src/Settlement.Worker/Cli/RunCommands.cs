using System.CommandLine;
using NodaTime;
using Settlement.Worker.Configuration;
using Settlement.Worker.Database;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Orders;

namespace Settlement.Worker.Cli;

/// <summary>`settle run orders --date D` and `settle run deliveries --date D`: the same code the scheduler runs.</summary>
internal static class RunCommands
{
    public static Command Build()
    {
        var run = new Command("run", "Run one of the scheduled jobs now, for a given business date.");
        run.Subcommands.Add(Orders());
        run.Subcommands.Add(Deliveries());
        run.Subcommands.Add(InboxCommands.Payments());
        return run;
    }

    private static Command Orders()
    {
        var db = CommonOptions.Db();
        var date = CommonOptions.Date("The business date the orders are issued on");
        var outbox = new Option<string?>("--outbox") { Description = "Outbox folder (else SETTLEMENT_OUTBOX, Settlement:Outbox, ./out/outbox)." };
        var json = CommonOptions.Json();
        var cmd = new Command("orders", "Issue every order due on the date to the outbox; running it again for the same date issues nothing new.") { date, db, outbox, json };
        cmd.SetAction(p => CommonOptions.Guard("run orders", () =>
        {
            var day = CommonOptions.ParseDate(p.GetValue(date)!);
            var settings = Settings.FromEnvironment();
            using var ds = Db.Open(p.GetValue(db));
            var orderRun = new OrderRun(ds, new OrderIssuer(ds, new PeppolOrderDocuments(settings.Buyer(), SystemClock.Instance)), settings.OutboxDirectory(p.GetValue(outbox)));
            var r = Progress.Run("Order run", progress => orderRun.Run(day, progress));
            if (p.GetValue(json)) { Console.Out.WriteLine(CliJson.Serialize(r.Issued)); return ExitCodes.Ok; }
            foreach (var o in r.Issued)
                Console.Out.WriteLine($"{o.Number} {o.Kind} {o.Placement}{(o.Period is { } n ? $" period {n}" : "")}{(o.Stage is { } s ? $" stage {s}" : "")}: {o.Lines} line(s), {o.Total:0.00} SEK");
            Console.Out.WriteLine($"issued {r.Issued.Count}, already issued {r.AlreadyIssued}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Deliveries()
    {
        var db = CommonOptions.Db();
        var date = CommonOptions.Date("The business date the deliveries are registered on");
        var json = CommonOptions.Json();
        var cmd = new Command("deliveries", "Register the deliveries due on the date (periodic reports; months closed as not delivered at period end); idempotent.") { date, db, json };
        cmd.SetAction(p => CommonOptions.Guard("run deliveries", () =>
        {
            var day = CommonOptions.ParseDate(p.GetValue(date)!);
            using var ds = Db.Open(p.GetValue(db));
            var r = new DeliveryRun(ds).Run(day);
            if (p.GetValue(json)) { Console.Out.WriteLine(CliJson.Serialize(r.Registered)); return ExitCodes.Ok; }
            foreach (var d in r.Registered)
                Console.Out.WriteLine($"{d.Order} line {d.Line} {d.Placement} {d.Month}: {d.Status.Replace('_', ' ')} {d.Quantity:0.00} days, {d.Amount:0.00} SEK");
            Console.Out.WriteLine($"registered {r.Registered.Count}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
