using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Orders;
using Settlement.Peppol.Responses;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Peppol.Validation.Release;
using Settlement.RuleGen;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The data-model rules come from the release, not from a keyboard: the embedded rule files are
/// exactly what tools/Settlement.RuleGen makes of the newest release beside the repository, they
/// name it, every data-model id of the T01 and T111 artefacts is claimed, and on documents broken
/// in each of the ways the rules describe, our validator and the official artefact fire the same ids.
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public class GeneratedRulesTests
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;
    private static string ReleaseFolder => Directory.GetDirectories(Conformance.Folder, Generator.FolderPrefix + "*")
        .OrderBy(d => Version.Parse(Generator.ReleaseOf(d))).Last();

    [Fact]
    public void The_embedded_rule_files_are_what_the_generator_makes_of_the_newest_release()
    {
        var generated = Generator.Generate(ReleaseFolder);
        Assert.Equal(["CEN-EN16931-UBL.tsv", "PEPPOL-EN16931-UBL.tsv", "PEPPOLBIS-T01.tsv", "PEPPOLBIS-T111.tsv"], generated.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in generated)
        {
            var committed = File.ReadAllText(Path.Combine(GoldenFile.RepoRoot, "src", "Settlement.Peppol", "Validation", "Release", name));
            Assert.True(committed == text, $"{name} is not what the generator makes of {Path.GetFileName(ReleaseFolder)}: run `dotnet run --project tools/Settlement.RuleGen` and review the diff");
        }
        Assert.Equal(Generator.ReleaseOf(ReleaseFolder), RuleCatalog.Release);
        Assert.Equal("2026.5", RuleCatalog.Release);
        Assert.All(generated.Keys, name => Assert.Equal(RuleCatalog.Release, ReleaseRuleFile.Get(name).Release));
    }

    private static HashSet<string> OfficialIds(string artefact, Func<XElement, bool>? which = null) =>
        XDocument.Load(Path.Combine(ReleaseFolder, artefact)).Descendants(XName.Get("failed-assert", "http://purl.oclc.org/dsdl/svrl"))
            .Where(fa => which is null || which(fa))
            .Select(fa => fa.Elements().First(e => e.Name.LocalName == "attribute" && (string?)e.Attribute("name") == "id").Value.Trim()).ToHashSet();

    private static string Flag(XElement failedAssert) =>
        failedAssert.Elements().First(e => e.Name.LocalName == "attribute" && (string?)e.Attribute("name") == "flag").Value.Trim();

    [Fact]
    public void Every_fatal_syntax_binding_and_code_list_rule_of_the_EN_artefact_is_claimed()
    {
        var official = OfficialIds("CEN-EN16931-UBL.xslt", fa => Flag(fa) == "fatal").Where(id => id.StartsWith("UBL-", StringComparison.Ordinal) || id.StartsWith("BR-CL-", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(82, official.Count); // UBL-SR-* (54), UBL-DT-01/06/07, UBL-CR-666/673, BR-CL-* (23)
        foreach (var type in new[] { DocumentType.Invoice, DocumentType.CreditNote })
        {
            var claimed = RuleCatalog.IdsFor(type).Where(id => id.StartsWith("UBL-", StringComparison.Ordinal) || id.StartsWith("BR-CL-", StringComparison.Ordinal));
            Assert.Equal(official.Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_rule_claimed_for_invoices_and_credit_notes_is_a_rule_of_the_release()
    {
        var release = OfficialIds("CEN-EN16931-UBL.xslt");
        release.UnionWith(OfficialIds("PEPPOL-EN16931-UBL.xslt"));
        foreach (var type in new[] { DocumentType.Invoice, DocumentType.CreditNote })
            Assert.Empty(RuleCatalog.IdsFor(type).Where(id => !id.StartsWith("SETTLE-", StringComparison.Ordinal) && !release.Contains(id)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("CEN-EN16931-UBL.xslt", 281)]
    [InlineData("PEPPOL-EN16931-UBL.xslt", 139)]
    public void Every_fatal_rule_of_the_release_is_claimed(string artefact, int fatalInRelease)
    {
        var fatal = OfficialIds(artefact, fa => Flag(fa) == "fatal");
        Assert.Equal(fatalInRelease, fatal.Count); // a new release changes the count: the closing note quotes it
        Assert.Empty(fatal.Where(id => !RuleCatalog.Ids.Contains(id)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_vat_prefixes_are_the_text_the_official_rules_search()
    {
        static string Literal(string artefact, string id) => System.Text.RegularExpressions.Regex.Match(
            XDocument.Load(Path.Combine(ReleaseFolder, artefact)).Descendants(XName.Get("failed-assert", "http://purl.oclc.org/dsdl/svrl"))
                .First(fa => fa.Elements().Any(e => (string?)e.Attribute("name") == "id" && e.Value.Trim() == id)).Attribute("test")!.Value,
            @"contains\(\s*'([^']*)'").Groups[1].Value;
        Assert.Equal(Literal("CEN-EN16931-UBL.xslt", "BR-CO-09"), Settlement.Peppol.Validation.Rules.CodeLists.VatPrefixes);
        Assert.Equal(Literal("PEPPOLBIS-T01.xslt", "PEPPOL-T01-R026"), Settlement.Peppol.Validation.Rules.CodeLists.OrderVatPrefixes);
        Assert.Contains("0242", Settlement.Peppol.Validation.Rules.CodeLists.Eas);
        Assert.DoesNotContain("0205", Settlement.Peppol.Validation.Rules.CodeLists.Eas);
    }

    [Theory]
    [InlineData("PEPPOLBIS-T01.xslt", "PEPPOL-T01-B", 276)]
    [InlineData("PEPPOLBIS-T111.xslt", "PEPPOL-T111-B", 54)]
    public void Every_data_model_rule_of_the_artefact_is_claimed(string artefact, string prefix, int count)
    {
        var official = XDocument.Load(Path.Combine(ReleaseFolder, artefact)).Descendants()
            .Where(e => e.Name.LocalName == "attribute" && (string?)e.Attribute("name") == "id")
            .Select(e => e.Value.Trim()).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet();
        var claimed = RuleCatalog.Ids.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(count, official.Count);
        Assert.Equal(official.Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_test_form_the_generator_does_not_know_stops_it()
    {
        Assert.Null(ArtefactReader.Classify("count(cbc:ID) <= 1"));
        Assert.Equal(("closed", ""), ArtefactReader.Classify("false()"));
        Assert.Equal(("attribute-code", "schemeID clICD"), ArtefactReader.Classify("not(@schemeID) or (some $code in $clICD satisfies $code = @schemeID)"));
        // The EN artefact's rules are read as the XPath subset the service evaluates; anything else stops the generator.
        var compiler = new XPathCompiler(new Dictionary<string, XNamespace> { ["cbc"] = Cbc }, new Dictionary<string, CodeListValue>());
        Assert.Throws<NotSupportedException>(() => compiler.Compile(XPathParser.Parse("matches(cbc:ID, '^[0-9]+$')")));
        Assert.Throws<NotSupportedException>(() => compiler.Compile(XPathParser.Parse("count(following::cbc:ID) = 0")));
        Assert.Throws<FormatException>(() => XPathParser.Parse("some $c in cbc:ID satisfies $c = 'x'"));
        Assert.Throws<NotSupportedException>(() => compiler.Compile(XPathParser.Parse("$clUnknown = 'x'")));
        var test = "count(cac:InvoicePeriod) <= 1 and (cbc:ID = 'a' or not(cbc:ID/@schemeID))";
        Assert.Equal("count(cac:InvoicePeriod) <= 1 and (cbc:ID = 'a' or not(cbc:ID/@schemeID))", XPathParser.Parse(test).ToString());
    }

    private static XElement Order() => XElement.Parse(Encoding.UTF8.GetString(UblWriter.Write(OrderBuilder.BuildBasePayOrder(WorkedExample.Buyer, WorkedExample.BasePay))));
    private static XElement Response() => XElement.Parse(Encoding.UTF8.GetString(UblWriter.Write(InvoiceResponseBuilder.Build(WrittenDocumentsTests.Response("UQ")))));
    private static XElement Seller(XElement order) => order.Element(Cac + "SellerSupplierParty")!.Element(Cac + "Party")!;

    /// <summary>A valid document, broken in one way each: the data-model rule expected to fire.</summary>
    private static IEnumerable<(string Name, XElement Document, string Expected)> Broken()
    {
        var o = Order();
        Seller(o).Element(Cac + "PartyLegalEntity")!.AddBeforeSelf(new XElement(Cac + "PartyTaxScheme",
            new XElement(Cbc + "CompanyID", "SE556987654201"), new XElement(Cac + "TaxScheme", new XElement(Cbc + "ID", "VAT"))));
        yield return ("seller-vat", o, "PEPPOL-T01-B07204");
        o = Order();
        o.Element(Cbc + "CustomizationID")!.AddBeforeSelf(new XElement(Cbc + "UBLVersionID", "2.1"));
        yield return ("root-element-outside-the-model", o, "PEPPOL-T01-B00110");
        o = Order();
        Seller(o).Element(Cbc + "EndpointID")!.Remove();
        yield return ("seller-without-endpoint", o, "PEPPOL-T01-B07201");
        o = Order();
        o.Element(Cbc + "OrderTypeCode")!.Value = "999";
        yield return ("order-type-not-in-list", o, "PEPPOL-T01-B00801");
        o = Order();
        Seller(o).Element(Cbc + "EndpointID")!.SetAttributeValue("schemeID", "9999");
        yield return ("endpoint-scheme-not-in-list", o, "PEPPOL-T01-B07302");
        o = Order();
        o.Element(Cac + "OrderLine")!.Element(Cac + "LineItem")!.Element(Cbc + "Quantity")!.SetAttributeValue("unitCode", null);
        yield return ("quantity-without-unit", o, "PEPPOL-T01-B24101");
        var r = Response();
        r.Element(Cbc + "CustomizationID")!.AddBeforeSelf(new XElement(Cbc + "UBLVersionID", "2.1"));
        yield return ("response-element-outside-the-model", r, "PEPPOL-T111-B00109");
        r = Response();
        r.Descendants(Cbc + "StatusReasonCode").First().SetAttributeValue("listID", "NoSuchList");
        yield return ("response-reason-list-unknown", r, "PEPPOL-T111-B03303");
    }

    [Fact]
    public void Broken_documents_fire_the_same_data_model_rules_here_and_in_the_official_artefact() =>
        RuleCases.AssertAgreeWithTheOfficialArtefacts(Broken().Select(b => (b.Name, b.Document, b.Expected, true)));
}
