using System.CommandLine;
using Settlement.Worker.Database;

namespace Settlement.Worker.Cli;

/// <summary>`settle db start|stop|status|url` (the embedded default) and `settle migrate`.</summary>
internal static class DbCommands
{
    public static Command Build()
    {
        var db = new Command("db", "Manage the embedded PostgreSQL under ./.settlement/ (the default when neither --db nor SETTLEMENT_DB is given).");

        var start = new Command("start", "Create the embedded cluster when missing and start it.");
        start.SetAction(_ => CommonOptions.Guard("db start", () =>
        {
            var pg = EmbeddedPostgres.Default();
            pg.EnsureStarted();
            Console.Out.WriteLine($"running on 127.0.0.1:{pg.Port} ({pg.Root})");
            return ExitCodes.Ok;
        }));

        var stop = new Command("stop", "Stop the embedded cluster (its data stays).");
        stop.SetAction(_ => CommonOptions.Guard("db stop", () =>
        {
            var pg = EmbeddedPostgres.Default();
            if (!pg.IsInitialised) { Console.Out.WriteLine("not created"); return ExitCodes.Ok; }
            pg.Stop();
            Console.Out.WriteLine("stopped");
            return ExitCodes.Ok;
        }));

        var status = new Command("status", "Print whether the embedded cluster exists and runs; exit 1 when it does not run.");
        status.SetAction(_ => CommonOptions.Guard("db status", () =>
        {
            var pg = EmbeddedPostgres.Default();
            if (!pg.IsInitialised) { Console.Out.WriteLine($"not created ({pg.Root})"); return ExitCodes.Problem; }
            var running = pg.IsRunning();
            Console.Out.WriteLine(running ? $"running on 127.0.0.1:{pg.Port} ({pg.Root})" : $"stopped ({pg.Root})");
            return running ? ExitCodes.Ok : ExitCodes.Problem;
        }));

        var url = new Command("url", "Print the embedded database's connection string (starting it when needed).");
        url.SetAction(_ => CommonOptions.Guard("db url", () =>
        {
            Console.Out.WriteLine(EmbeddedPostgres.Default().EnsureStarted());
            return ExitCodes.Ok;
        }));

        db.Subcommands.Add(start);
        db.Subcommands.Add(stop);
        db.Subcommands.Add(status);
        db.Subcommands.Add(url);
        return db;
    }

    public static Command BuildMigrate()
    {
        var dbOption = CommonOptions.Db();
        var cmd = new Command("migrate", "Apply the database migrations (schemas/db/*.sql) that have not been applied.") { dbOption };
        cmd.SetAction(p => CommonOptions.Guard("migrate", () =>
        {
            using var ds = Db.Open(p.GetValue(dbOption), migrate: false);
            var ran = Migrations.Apply(ds);
            Console.Out.WriteLine(ran.Count == 0 ? "up to date" : $"applied {ran.Count}: {string.Join(", ", ran)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
