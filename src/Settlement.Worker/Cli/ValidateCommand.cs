using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Settlement.Peppol.Validation;

namespace Settlement.Worker.Cli;

/// <summary>
/// `settle validate [--json] FILE...` and `settle validate --list-rules`: the UBL 2.1 schema and the
/// official rules (EN 16931, PEPPOL BIS, Swedish, T01, T111) on each file, bare or in an SBDH.
/// Exit 0 when no fatal finding, 1 when any file has one, 2 when a file cannot be read at all.
/// </summary>
internal static class ValidateCommand
{
    public static Command Build()
    {
        var files = new Argument<string[]>("FILE") { Description = "UBL documents (Invoice, CreditNote, Order, ApplicationResponse), bare or SBDH-wrapped.", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per file on stdout: { file, documentType, valid, findings: [ { rule, severity, message, location } ] }." };
        var listRules = new Option<bool>("--list-rules") { Description = "Print the rule ids the service implements, one per line (stderr names the PEPPOL release of the generated rules)." };
        var cmd = new Command("validate", "Validera UBL-dokument. Schema and rule validation of UBL documents; one line per finding with the rule id.") { files, json, listRules };
        // Through Guard like every command, so a crash is exit 3, never 1 ("invalid documents").
        cmd.SetAction(p => CommonOptions.Guard("validate", () => Run(p.GetValue(files) ?? [], p.GetValue(json), p.GetValue(listRules))));
        return cmd;
    }

    private static int Run(string[] files, bool json, bool listRules)
    {
        if (listRules)
        {
            foreach (var id in RuleCatalog.Ids.Concat(SettleRules.All)) Console.Out.WriteLine(id);
            // Stdout stays one id a line (cli.md); where the generated rules come from goes to stderr.
            Console.Error.WriteLine($"settle validate: {RuleCatalog.Ids.Count} official rule ids; the data-model rules (PEPPOL-T01-B*, PEPPOL-T111-B*) " +
                $"and their code lists are generated from the official artefacts of PEPPOL release {RuleCatalog.Release}.");
            return ExitCodes.Ok;
        }
        if (files.Length == 0)
        {
            Console.Error.WriteLine("settle validate: give at least one FILE (or --list-rules).");
            return ExitCodes.BadInput;
        }
        foreach (var file in files)
        {
            var problem = Unreadable(file);
            if (problem is null) continue;
            Console.Error.WriteLine($"settle validate: {file}: {problem}");
            return ExitCodes.BadInput;
        }

        var reports = files.Select(f => (File: f, Report: DocumentValidator.ValidateFile(f))).ToList();
        if (json) WriteJson(reports);
        else WriteText(reports);
        return reports.Any(r => r.Report.Findings.Any(f => f.IsFatal) || r.Report.DocumentType is null) ? ExitCodes.Problem : ExitCodes.Ok;
    }

    private static string? Unreadable(string file)
    {
        if (Directory.Exists(file)) return "is a directory, not a file";
        if (!File.Exists(file)) return "no such file";
        try
        {
            using var _ = File.OpenRead(file);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the file: {ex.Message}";
        }
    }

    private static void WriteText(List<(string File, ValidationReport Report)> reports)
    {
        foreach (var (file, report) in reports)
        {
            var type = report.DocumentType?.ToString() ?? "unknown document";
            var fatal = report.Findings.Count(f => f.IsFatal);
            var warnings = report.Findings.Count - fatal;
            Console.Out.WriteLine(fatal == 0 && report.DocumentType is not null
                ? $"{file}: {type}: valid{(warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")})" : "")}"
                : $"{file}: {type}: invalid ({fatal} fatal, {warnings} warning{(warnings == 1 ? "" : "s")})");
            foreach (var f in report.Findings)
                Console.Out.WriteLine($"{file}: {(f.IsFatal ? "fatal" : "warning")} {f.Rule}: {f.Message}{(f.Location is null ? "" : $" [{f.Location}]")}");
        }
    }

    private static void WriteJson(List<(string File, ValidationReport Report)> reports)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var (file, report) in reports)
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                if (report.DocumentType is { } t) w.WriteString("documentType", t.ToString()); else w.WriteNull("documentType");
                w.WriteBoolean("valid", report.Valid);
                w.WriteStartArray("findings");
                foreach (var f in report.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("rule", f.Rule);
                    w.WriteString("severity", f.IsFatal ? "fatal" : "warning");
                    w.WriteString("message", f.Message);
                    if (f.Location is null) w.WriteNull("location"); else w.WriteString("location", f.Location);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        stdout.WriteByte((byte)'\n');
    }
}
