using System.CommandLine;
using System.Text.Json;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Cli;

/// <summary>`settle tariff import FILE`, `settle events import FILE`, `settle events verify`.</summary>
internal static class ImportCommands
{
    public static Command BuildTariff()
    {
        var dbOption = CommonOptions.Db();
        var file = new Argument<FileInfo>("FILE") { Description = "Tariff JSON (format: shared/spec/examples/sample-tariff.json)." };
        var import = new Command("import", "Load a tariff; it is validated, stored as given, and is the tariff in force from now on.") { file, dbOption };
        import.SetAction(p => CommonOptions.Guard("tariff import", () =>
        {
            var path = p.GetValue(file)!.ToString();
            if (!File.Exists(path)) throw new SettleException($"{path}: no such file");
            using var ds = Db.Open(p.GetValue(dbOption));
            var r = TariffStore.Import(ds, path);
            Console.Out.WriteLine(r.AlreadyImported
                ? $"tariff {r.Sha256[..12]} already imported ({r.Versions} versions)"
                : $"tariff {r.Sha256[..12]} imported ({r.Versions} versions)");
            return ExitCodes.Ok;
        }));
        var tariff = new Command("tariff", "Tariffs (taxa).");
        tariff.Subcommands.Add(import);
        return tariff;
    }

    public static Command BuildEvents()
    {
        var dbOption = CommonOptions.Db();
        var json = CommonOptions.Json();
        var file = new Argument<FileInfo>("FILE") { Description = "Events, one JSON object per line (cli.md)." };
        var import = new Command("import",
            "Ingest events. Prints 'accepted N, refused M' and each refusal with its line number and code; " +
            "refused events are kept in the log. Exit 0 when the file was read, whatever was refused.") { file, dbOption, json };
        import.SetAction(p => CommonOptions.Guard("events import", () =>
        {
            var path = p.GetValue(file)!.ToString();
            if (!File.Exists(path)) throw new SettleException($"{path}: no such file");
            using var ds = Db.Open(p.GetValue(dbOption));
            var r = Progress.Run("Importing events", progress => EventImporter.Import(ds, path, progress));
            AnchorCommands.SignHead(ds);
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    file = path, accepted = r.Accepted, refused = r.Refused, alreadyImported = r.AlreadyImported,
                    refusals = r.Refusals.Select(x => new { line = x.Line, code = x.Code, type = x.Type, placement = x.Placement, message = x.Message }),
                }));
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"accepted {r.Accepted}, refused {r.Refused}" + (r.AlreadyImported > 0 ? $" ({r.AlreadyImported} already imported)" : ""));
            foreach (var x in r.Refusals)
                Console.Out.WriteLine($"line {x.Line}: {x.Code} {x.Type ?? "?"}{(x.Placement is null ? "" : " " + x.Placement)}: {x.Message}");
            return ExitCodes.Ok;
        }));

        var verifyDb = CommonOptions.Db();
        var verify = new Command("verify", "Check the event log's hash chain; exit 1 with every broken link.") { verifyDb };
        verify.SetAction(p => CommonOptions.Guard("events verify", () =>
        {
            using var ds = Db.Open(p.GetValue(verifyDb));
            using var conn = ds.Connect();
            var problems = EventLog.Verify(conn);
            foreach (var x in problems) Console.Out.WriteLine($"seq {x.Seq}: {x.What}");
            Console.Out.WriteLine(problems.Count == 0 ? "event log intact" : $"{problems.Count} problem(s)");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Problem;
        }));

        var events = new Command("events", "The event log.");
        events.Subcommands.Add(import);
        events.Subcommands.Add(verify);
        return events;
    }
}
