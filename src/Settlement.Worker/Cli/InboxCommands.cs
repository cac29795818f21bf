using System.CommandLine;
using NodaTime;
using Npgsql;
using Settlement.Engine.Primitives;
using Settlement.Worker.Configuration;
using Settlement.Worker.Database;
using Settlement.Worker.Intake;
using Settlement.Worker.Reconciliation;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Cli;

/// <summary>
/// `settle inbox import PATH...`, `settle invoices --json`, `settle reconcile --json` and
/// `settle run payments --date D` (cli.md): the invoice side of the settlement.
/// </summary>
internal static class InboxCommands
{
    public static Command Inbox()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Invoice or credit note files (SBDH-wrapped or bare UBL); a folder means every file in it.", Arity = ArgumentArity.OneOrMore };
        var db = CommonOptions.Db();
        var outbox = new Option<string?>("--outbox") { Description = "Outbox folder for the Invoice Responses (else SETTLEMENT_OUTBOX, Settlement:Outbox, ./out/outbox)." };
        var date = new Option<string?>("--date") { Description = "The business date of the answers (YYYY-MM-DD; default today in Europe/Stockholm)." };
        var import = new Command("import", "Ta emot fakturor och kreditnotor: archive, validate, match, answer. Prints one line per document: file, document id, outcome.") { paths, db, outbox, date };
        import.SetAction(p => CommonOptions.Guard("inbox import", () =>
        {
            var files = Expand(p.GetValue(paths)!);
            var settings = Settings.FromEnvironment();
            using var ds = Db.Open(p.GetValue(db));
            var intake = Intake(ds, settings, p.GetValue(outbox), p.GetValue(date));
            foreach (var recovered in intake.Recover())
                Console.Out.WriteLine($"{recovered.Source}\t{recovered.DocumentId ?? "-"}\t{recovered.OutcomeName}\t(recovered)");
            var documents = InboundFiles.Read(files.Select(f => (f, f)), Channel.File,
                (path, why) => Console.Error.WriteLine($"settle inbox import: {path}: {why}"));
            intake.TakeMany(documents, r =>
            {
                var why = r.Reasons.Count > 0 && r.Outcome is not Matching.Outcome.Approved ? "\t" + string.Join(" | ", r.Reasons.Select(x => $"{x.Code}: {x.Text}")) : "";
                var again = r.AlreadyTaken ? $"\t(already taken in: archive {r.ArchiveId}; not answered again)" : "";
                Console.Out.WriteLine($"{r.Source}\t{r.DocumentId ?? "-"}\t{r.OutcomeName}{why}{again}");
            });
            return ExitCodes.Ok;
        }));
        var inbox = new Command("inbox", "The providers' invoices and credit notes.");
        inbox.Subcommands.Add(import);
        return inbox;
    }

    public static Command Invoices()
    {
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var cmd = new Command("invoices", "Every inbound document, rejected ones included: id, seller, order, line, amount, outcome, reasons.") { db, json };
        cmd.SetAction(p => CommonOptions.Guard("invoices", () =>
        {
            using var ds = Db.Open(p.GetValue(db));
            var items = InvoiceListing.All(ds);
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(CliJson.Serialize(items.Select(i => new
                {
                    id = i.Id, source = i.Source, receivedAt = i.ReceivedAt.ToString(), documentType = i.DocumentType, documentId = i.DocumentId,
                    seller = i.Seller, orderNumber = i.OrderNumber, orderLine = i.OrderLine, amount = i.Amount,
                    outcome = i.Outcome, reasons = i.Reasons,
                })));
                return ExitCodes.Ok;
            }
            foreach (var i in items)
                Console.Out.WriteLine($"{i.Id}\t{i.DocumentType ?? "-"}\t{i.DocumentId ?? "-"}\t{i.Seller ?? "-"}\t{i.OrderNumber ?? "-"}/{i.OrderLine?.ToString() ?? "-"}\t{(i.Amount is { } a ? CliJson.TwoDecimals(a) : "-")}\t{i.Outcome}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command Reconcile()
    {
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var provider = new Option<string?>("--provider") { Description = "Only this provider (organisation number, 10 digits)." };
        var month = new Option<string?>("--month") { Description = "Only this month (YYYY-MM)." };
        var cmd = new Command("reconcile", "Avstämning per leverantör och månad: ordered, delivered, invoiced, approved, disputed, credited, paid, outstanding (SEK excl. VAT).") { db, json, provider, month };
        cmd.SetAction(p => CommonOptions.Guard("reconcile", () =>
        {
            var m = p.GetValue(month);
            if (m is not null && !Dates.TryParseMonth(m, out _)) throw new SettleException($"--month {m}: not a month (YYYY-MM)");
            using var ds = Db.Open(p.GetValue(db));
            var rows = Reconciler.Rows(ds, p.GetValue(provider), m);
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(CliJson.Serialize(rows.Select(r => new
                {
                    provider = r.Provider, month = r.Month, ordered = r.Ordered, delivered = r.Delivered, invoiced = r.Invoiced,
                    approved = r.Approved, disputed = r.Disputed, credited = r.Credited, paid = r.Paid, outstanding = r.Outstanding,
                })));
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine("provider\tmonth\tordered\tdelivered\tinvoiced\tapproved\tdisputed\tcredited\tpaid\toutstanding");
            foreach (var r in rows)
                Console.Out.WriteLine($"{r.Provider}\t{r.Month}\t{Sek(r.Ordered)}\t{Sek(r.Delivered)}\t{Sek(r.Invoiced)}\t{Sek(r.Approved)}\t{Sek(r.Disputed)}\t{Sek(r.Credited)}\t{Sek(r.Paid)}\t{Sek(r.Outstanding)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command Payments()
    {
        var db = CommonOptions.Db();
        var date = CommonOptions.Date("The business date of the payment run");
        var outbox = new Option<string?>("--outbox") { Description = "Outbox folder for the PD answers." };
        var json = CommonOptions.Json();
        var cmd = new Command("payments", "Mark approved invoices due on or before the date (issue date + 30 days) as paid and answer them PD; idempotent.") { date, db, outbox, json };
        cmd.SetAction(p => CommonOptions.Guard("run payments", () =>
        {
            var day = CommonOptions.ParseDate(p.GetValue(date)!);
            var settings = Settings.FromEnvironment();
            using var ds = Db.Open(p.GetValue(db));
            var run = new PaymentRun(ds, new Responder(settings.Buyer(), SystemClock.Instance, () => day), settings.OutboxDirectory(p.GetValue(outbox)));
            var paid = run.Run(day);
            if (p.GetValue(json)) { Console.Out.WriteLine(CliJson.Serialize(paid)); return ExitCodes.Ok; }
            foreach (var i in paid) Console.Out.WriteLine($"{i.Seller} {i.InvoiceNumber} due {Dates.Format(i.DueDate)}: paid {Sek(i.Payable)} SEK");
            Console.Out.WriteLine($"paid {paid.Count}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>The intake as every channel builds it: buyer, answers dated by the business date, the outbox folder.</summary>
    public static IntakeService Intake(NpgsqlDataSource ds, Settings settings, string? outbox, string? date)
    {
        LocalDate day = date is null ? settings.Today(SystemClock.Instance) : CommonOptions.ParseDate(date);
        return new IntakeService(ds, settings.Buyer(), new Responder(settings.Buyer(), SystemClock.Instance, () => day), settings.OutboxDirectory(outbox));
    }

    /// <summary>
    /// The files to take in, each checked to open for reading first: an unreadable one is bad input
    /// (exit 2, naming it) before any document is archived, not a failure half-way through.
    /// </summary>
    private static IReadOnlyList<string> Expand(string[] paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (Directory.Exists(path)) files.AddRange(Directory.GetFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal));
                else if (File.Exists(path)) files.Add(path);
                else throw new SettleException($"{path}: no such file or folder");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SettleException($"{path}: cannot read the folder: {ex.Message}");
            }
        }
        foreach (var file in files)
        {
            try { File.OpenRead(file).Dispose(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SettleException($"{file}: cannot read the file: {ex.Message}");
            }
        }
        return files;
    }

    private static string Sek(decimal amount) => CliJson.TwoDecimals(amount);
}
