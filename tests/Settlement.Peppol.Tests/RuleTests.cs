using System.Xml.Linq;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The EN 16931 rules (not covered by official unit test files) fire on broken variants of a valid
/// invoice, and only the rule that is broken (plus what follows from it).
/// </summary>
public class RuleTests
{
    private static readonly XNamespace Cbc = UblNamespaces.Cbc, Cac = UblNamespaces.Cac;

    private static XElement Invoice() =>
        XDocument.Parse(System.Text.Encoding.UTF8.GetString(UblWriter.Write(InvoiceBuilder.BuildInvoice(WorkedExample.MayInvoice))), LoadOptions.None).Root!;

    private static HashSet<string> Fired(XElement root) => DocumentValidator.RunRules(root, DocumentType.Invoice).Select(f => f.Rule).ToHashSet();

    private static XElement Total(XElement root, string name) => root.Element(Cac + "LegalMonetaryTotal")!.Element(Cbc + name)!;

    [Fact]
    public void The_unbroken_invoice_fires_nothing() => Assert.Empty(Fired(Invoice()));

    [Fact]
    public void Wrong_total_with_VAT_fires_BR_CO_15_and_BR_CO_16()
    {
        var root = Invoice();
        Total(root, "TaxInclusiveAmount").Value = "1300.00";
        var fired = Fired(root);
        Assert.Contains("BR-CO-15", fired);
        Assert.Contains("BR-CO-16", fired);
        Assert.DoesNotContain("BR-CO-10", fired);
    }

    [Fact]
    public void Line_total_mismatch_fires_BR_CO_10_and_BR_CO_13()
    {
        var root = Invoice();
        Total(root, "LineExtensionAmount").Value = "1000.00";
        var fired = Fired(root);
        Assert.Contains("BR-CO-10", fired);
        Assert.Contains("BR-CO-13", fired);
    }

    [Fact]
    public void Line_amount_not_quantity_times_price_fires_PEPPOL_R120()
    {
        var root = Invoice();
        root.Element(Cac + "InvoiceLine")!.Element(Cbc + "InvoicedQuantity")!.Value = "31";
        Assert.Contains("PEPPOL-EN16931-R120", Fired(root));
    }

    [Fact]
    public void Wrong_VAT_fires_BR_S_09_and_BR_CO_17()
    {
        var root = Invoice();
        var sub = root.Element(Cac + "TaxTotal")!.Element(Cac + "TaxSubtotal")!;
        sub.Element(Cbc + "TaxAmount")!.Value = "100.00";
        var fired = Fired(root);
        Assert.Contains("BR-S-09", fired);
        Assert.Contains("BR-CO-17", fired);
        Assert.Contains("BR-CO-14", fired);
    }

    [Fact]
    public void Taxable_amount_off_by_more_than_one_fires_BR_S_08()
    {
        var root = Invoice();
        root.Element(Cac + "TaxTotal")!.Element(Cac + "TaxSubtotal")!.Element(Cbc + "TaxableAmount")!.Value = "1000.00";
        Assert.Contains("BR-S-08", Fired(root));
    }

    [Fact]
    public void Swedish_rules_check_the_seller()
    {
        var root = Invoice();
        var seller = root.Element(Cac + "AccountingSupplierParty")!.Element(Cac + "Party")!;
        seller.Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!.Value = "5569876543";
        seller.Element(Cac + "PartyTaxScheme")!.Element(Cbc + "CompanyID")!.Value = "SE55698765420";
        var fired = Fired(root);
        Assert.Contains("SE-R-013", fired);
        Assert.Contains("PEPPOL-COMMON-R049", fired);
        Assert.Contains("SE-R-001", fired);
    }

    [Fact]
    public void A_Swedish_standard_rate_must_be_6_12_or_25()
    {
        var root = Invoice();
        foreach (var p in root.Descendants(Cbc + "Percent")) p.Value = "20";
        Assert.Contains("SE-R-006", Fired(root));
    }

    [Fact]
    public void Missing_mandatory_content_fires_the_BR_rules()
    {
        var root = Invoice();
        root.Element(Cbc + "IssueDate")!.Remove();
        root.Element(Cac + "InvoiceLine")!.Element(Cac + "Item")!.Element(Cbc + "Name")!.Remove();
        root.Element(Cac + "AccountingCustomerParty")!.Element(Cac + "Party")!.Element(Cac + "PartyLegalEntity")!.Element(Cbc + "RegistrationName")!.Remove();
        var fired = Fired(root);
        Assert.Contains("BR-03", fired);
        Assert.Contains("BR-25", fired);
        Assert.Contains("BR-07", fired);
    }

    [Fact]
    public void An_empty_element_fires_PEPPOL_R008()
    {
        var root = Invoice();
        root.Element(Cbc + "ID")!.AddAfterSelf(new XElement(Cbc + "Note", "  "));
        Assert.Contains("PEPPOL-EN16931-R008", Fired(root));
    }

    [Fact]
    public void Three_decimals_fire_BR_DEC()
    {
        var root = Invoice();
        Total(root, "PayableAmount").Value = "1277.310";
        Assert.Contains("BR-DEC-18", Fired(root));
    }

    [Fact]
    public void Findings_name_their_location()
    {
        var root = Invoice();
        root.Element(Cac + "InvoiceLine")!.Element(Cbc + "InvoicedQuantity")!.Value = "31";
        var f = DocumentValidator.RunRules(root, DocumentType.Invoice).First(f => f.Rule == "PEPPOL-EN16931-R120");
        Assert.Equal("/Invoice/cac:InvoiceLine", f.Location);
        Assert.True(f.IsFatal);
    }

    [Fact]
    public void The_catalog_has_unique_official_ids()
    {
        Assert.True(RuleCatalog.Ids.Count > 250);
        Assert.All(RuleCatalog.Ids, id => Assert.Matches(@"^(BR|PEPPOL|UBL|[A-Z]{2})-", id)); // a national set is named by its country code (SE-, DE-, IS-…)
        Assert.Equal(RuleCatalog.All.Count, RuleCatalog.All.Select(r => (r.Id, r.AppliesTo)).Distinct().Count());
    }
}
