using System.Text.Json;
using Settlement.Worker.Tests.Processes;

namespace Settlement.Worker.Tests.Cli;

/// <summary>`settle validate` as cli.md describes it, run as a real process.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly Settle settle = new();

    public void Dispose() => settle.Dispose();

    private static string Official(string name) =>
        Path.GetFullPath(Path.Combine(Database.Repo.Root, "..", "shared", "conformance", "peppol-billing-3", "examples", name));

    [Fact]
    public void Valid_documents_exit_0_with_one_line_each()
    {
        var files = Directory.GetFiles(Database.Repo.Path("samples", "orders")).Order().ToArray();
        var r = settle.Run(["validate", .. files, Official("base-example.xml")]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(files.Length + 1, r.Out.Trim().Split('\n').Length);
        Assert.All(r.Out.Trim().Split('\n'), line => Assert.EndsWith("valid", line.Trim()));
    }

    [Fact]
    public void Without_the_UBL_schemas_the_verdict_says_the_schema_was_not_checked()
    {
        var empty = Directory.CreateDirectory(Path.Combine(settle.WorkDir, "no-conformance")).FullName;
        settle.Env["SETTLEMENT_CONFORMANCE"] = empty;
        var order = Directory.GetFiles(Database.Repo.Path("samples", "orders")).Order().First();
        var r = settle.Run("validate", "--json", order);
        Assert.Equal(0, r.ExitCode); // a warning: the rules still ran
        using var json = JsonDocument.Parse(r.Out);
        var finding = Assert.Single(json.RootElement[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "SETTLE-UBL-SCHEMA-UNAVAILABLE");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public void A_broken_invoice_exits_1_and_names_the_rule_in_json()
    {
        var broken = Path.Combine(settle.WorkDir, "broken.xml");
        var text = File.ReadAllText(Official("base-example.xml"));
        var start = text.IndexOf("<cbc:PayableAmount", StringComparison.Ordinal);
        var end = text.IndexOf("</cbc:PayableAmount>", start, StringComparison.Ordinal);
        File.WriteAllText(broken, text[..start] + "<cbc:PayableAmount currencyID=\"EUR\">1.00" + text[end..]);

        var r = settle.Run("validate", "--json", broken);
        Assert.Equal(1, r.ExitCode);
        using var json = JsonDocument.Parse(r.Out);
        var file = json.RootElement[0];
        Assert.Equal(broken, file.GetProperty("file").GetString());
        Assert.Equal("Invoice", file.GetProperty("documentType").GetString());
        Assert.False(file.GetProperty("valid").GetBoolean());
        var rules = file.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Contains("BR-CO-16", rules);
        Assert.All(file.GetProperty("findings").EnumerateArray(), f => Assert.Contains(f.GetProperty("severity").GetString(), new[] { "fatal", "warning" }));
    }

    [Fact]
    public void A_missing_file_exits_2_with_one_line_and_list_rules_prints_the_ids()
    {
        var missing = settle.Run("validate", "/nonexistent/invoice.xml");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent/invoice.xml", Assert.Single(missing.Err.Trim().Split('\n')));

        var rules = settle.Run("validate", "--list-rules");
        Assert.Equal(0, rules.ExitCode);
        var ids = rules.Out.Trim().Split('\n').Select(l => l.Trim()).ToList();
        foreach (var id in new[] { "BR-CO-15", "BR-S-08", "PEPPOL-EN16931-R001", "SE-R-001", "PEPPOL-T111-R001" })
            Assert.Contains(id, ids);
    }
}
