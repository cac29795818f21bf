using System.Text;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

/// <summary>Hostile or broken input gives a clear finding, never an exception.</summary>
public class SafeReadingTests
{
    private static ValidationReport Validate(string xml, InboundOptions? options = null) => DocumentValidator.Validate(Encoding.UTF8.GetBytes(xml), options);

    private static Finding Single(ValidationReport report, string rule)
    {
        Assert.False(report.Valid);
        return Assert.Single(report.Findings, f => f.Rule == rule);
    }

    private static string ValidInvoice => File.ReadAllText(Conformance.PathTo("peppol-billing-3", "examples", "base-example.xml"));

    [Fact]
    public void A_DTD_is_refused()
    {
        var f = Single(Validate("<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ELEMENT Invoice ANY>]><Invoice/>"), SettleRules.Dtd);
        Assert.True(f.IsFatal);
        Assert.Contains("DTD", f.Message);
    }

    [Fact]
    public void An_external_entity_is_never_resolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var report = Validate($"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file://{secret}\">]><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&x;</Invoice>");
            Single(report, SettleRules.Dtd);
            Assert.DoesNotContain(report.Findings, f => f.Message.Contains("TOP-SECRET"));
        }
        finally { File.Delete(secret); }
    }

    [Fact]
    public void Billion_laughs_is_refused_quickly()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i < 10; i++) sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString())};", 10))}\">");
        sb.Append("]><lolz>&lol9;</lolz>");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Single(Validate(sb.ToString()), SettleRules.Dtd);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_oversized_document_is_refused()
    {
        var options = new InboundOptions { MaxBytes = 4096 };
        var f = Single(Validate(ValidInvoice, options), SettleRules.Size);
        Assert.Contains("4,096", f.Message);
    }

    [Fact]
    public void The_default_size_limit_is_20_MB() => Assert.Equal(20L * 1024 * 1024, InboundOptions.Default.MaxBytes);

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 500)) + string.Concat(Enumerable.Repeat("</a>", 500));
        var f = Single(Validate(xml), SettleRules.Depth);
        Assert.Contains("64", f.Message);
    }

    [Fact]
    public void Not_xml_is_a_malformed_finding()
    {
        var f = Single(Validate("%PDF-1.4 this is not xml"), SettleRules.Malformed);
        Assert.NotNull(f.Location);
        Single(DocumentValidator.Validate([]), SettleRules.Malformed);
        Single(Validate("<Invoice><cbc:ID>unclosed</Invoice>"), SettleRules.Malformed);
    }

    [Fact]
    public void CII_is_not_supported_with_a_clear_finding()
    {
        var report = Validate("<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"><rsm:ExchangedDocument/></rsm:CrossIndustryInvoice>");
        var f = Single(report, SettleRules.Unsupported);
        Assert.Contains("not supported", f.Message);
        Assert.Contains("CII", f.Message);
        Assert.Null(report.DocumentType);
    }

    [Fact]
    public void Another_root_is_not_supported()
    {
        var f = Single(Validate("<Catalogue xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Catalogue-2\"/>"), SettleRules.Unsupported);
        Assert.Contains("Catalogue", f.Message);
    }

    [Fact]
    public void A_schema_violation_is_reported_with_its_line()
    {
        var broken = ValidInvoice.Replace("<cbc:IssueDate>", "<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>");
        var report = Validate(broken);
        var schema = report.Findings.Where(f => f.Rule == SettleRules.Schema).ToList();
        Assert.NotEmpty(schema);
        Assert.Contains("line", schema[0].Location);
    }

    [Fact]
    public void A_valid_invoice_is_valid()
    {
        var report = Validate(ValidInvoice);
        Assert.Equal(DocumentType.Invoice, report.DocumentType);
        Assert.True(report.Valid, string.Join("\n", report.Findings));
    }

    [Fact]
    public void A_missing_file_is_a_finding_not_an_exception()
    {
        var report = DocumentValidator.ValidateFile("/nonexistent/invoice.xml");
        Assert.False(report.Valid);
        Assert.Contains(report.Findings, f => f.Rule == SettleRules.Malformed);
    }
}
