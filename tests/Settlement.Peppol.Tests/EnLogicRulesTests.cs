using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Validation;
using Settlement.Tests.Shared;
using static Settlement.Peppol.Tests.BaseExample;

namespace Settlement.Peppol.Tests;

/// <summary>
/// EN 16931 logic rules (CEN-EN16931-UBL of release 2026.5) where our checks used to differ from the
/// artefact, and the rules added for it: each case is the official base example with one change, and
/// on each the rule fires here exactly when it fires officially (every other rule we claim agreeing too).
/// </summary>
[Trait("Category", "OfficialArtefacts")]
public class EnLogicRulesTests
{
    /// <summary>The example with a second document-level tax total in the tax currency (SEK), with one subtotal.</summary>
    private static XElement WithSecondTaxTotal(string taxAmount, string subtotalTaxAmount)
    {
        var doc = Load();
        doc.Element(Cbc + "DocumentCurrencyCode")!.AddAfterSelf(E("cbc", "TaxCurrencyCode", "SEK"));
        XElement Sek(string name, string value) => E("cbc", name, new XAttribute("currencyID", "SEK"), value);
        doc.Element(Cac + "TaxTotal")!.AddAfterSelf(E("cac", "TaxTotal", Sek("TaxAmount", taxAmount),
            E("cac", "TaxSubtotal", Sek("TaxableAmount", "13250.00"), Sek("TaxAmount", subtotalTaxAmount), Category("TaxCategory", "S", "25.0"))));
        return doc;
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> TaxSubtotalsEverywhere()
    {
        // A second document-level tax total (in the tax currency) whose subtotal is wrong: BR-CO-17 and
        // the other TaxSubtotal rules read every cac:TaxTotal/cac:TaxSubtotal, not only the first.
        var second = WithSecondTaxTotal("100.00", "100.00");
        yield return ("CO-17-second-total", second, "BR-CO-17", true);

        // Subtotals on a line's own tax total.
        yield return ("CO-17-line", Load().WithLineTaxTotal(TaxSubtotal("2800.00", "1.00", Category("TaxCategory", "S", "25.0"))), "BR-CO-17", true);
        yield return ("CO-17-line-ok", Load().WithLineTaxTotal(TaxSubtotal("2800.00", "700.00", Category("TaxCategory", "S", "25.0"))), "BR-CO-17", false);
        yield return ("DEC-20-line", Load().WithLineTaxTotal(TaxSubtotal("2800.00", "700.001", Category("TaxCategory", "S", "25.0"))), "BR-DEC-20", true);
        yield return ("DEC-19-line", Load().WithLineTaxTotal(TaxSubtotal("2800.001", "700.00", Category("TaxCategory", "S", "25.0"))), "BR-DEC-19", true);
        yield return ("47-line", Load().WithLineTaxTotal(TaxSubtotal("2800.00", "700.00", Category("TaxCategory", "S", "25.0", "GST"))), "BR-47", true);
        yield return ("48-line", Load().WithLineTaxTotal(TaxSubtotal("2800.00", "0.00", Category("TaxCategory", "S", null))), "BR-48", true);
        yield return ("45-line", Load().WithLineTaxTotal(TaxSubtotal(null, "700.00", Category("TaxCategory", "S", "25.0"))), "BR-45", true);
        yield return ("46-line", Load().WithLineTaxTotal(TaxSubtotal("2800.00", null, Category("TaxCategory", "S", "25.0"))), "BR-46", true);
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> SchemesAndLevels()
    {
        // An "S" item category under another tax scheme: BR-S-02 fires (its "no such line" branch has no scheme filter).
        yield return ("S-02-gst", Load().Set(d => Line(d, 1).Descendants(Cac + "ClassifiedTaxCategory").Single(), t => t.ReplaceWith(Category("ClassifiedTaxCategory", "S", "25.0", "GST")))
            .Set(d => Line(d, 2).Descendants(Cac + "ClassifiedTaxCategory").Single(), t => t.ReplaceWith(Category("ClassifiedTaxCategory", "S", "25.0", "GST"))), "BR-S-02", true);
        yield return ("S-02-one-vat", Load().Set(d => Line(d, 2).Descendants(Cac + "ClassifiedTaxCategory").Single(), t => t.ReplaceWith(Category("ClassifiedTaxCategory", "S", "25.0", "GST"))), "BR-S-02", false);
        yield return ("Z-02-gst", Load().WithoutSellerTaxIds().Set(d => Line(d, 2).Descendants(Cac + "ClassifiedTaxCategory").Single(), t => t.ReplaceWith(Category("ClassifiedTaxCategory", "Z", "0", "GST"))), "BR-Z-02", false);
        // The rate rules of allowances and charges read a category on an allowance at any level.
        yield return ("S-06-line-allowance", Load().WithLineAllowance(Category("TaxCategory", "S", null)), "BR-S-06", true);
        yield return ("Z-06-line-allowance", Load().WithLineAllowance(Category("TaxCategory", "Z", "5")), "BR-Z-06", true);
        yield return ("O-06-line-allowance", Load().WithLineAllowance(Category("TaxCategory", "O", "5")), "BR-O-06", true);
        // S-08 as the artefact computes it: taxable − 1 in double, so 1326.10 − 1 is just below a base of 1325.10 and passes.
        var boundary = Load().Set(Charge, c => c.Element(Cbc + "Amount")!.Value = "25.10").Set(Subtotal, s => s.Element(Cbc + "TaxableAmount")!.Value = "1326.10");
        yield return ("S-08-boundary", boundary, "BR-S-08", false);
        yield return ("S-08-off-by-one", Load().Set(Subtotal, s => s.Element(Cbc + "TaxableAmount")!.Value = "1326"), "BR-S-08", true);
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> DatesWithTimeZones()
    {
        yield return ("29-zoned", Load().WithPeriod("2017-11-01+01:00", "2017-11-30+01:00"), "BR-29", false);
        yield return ("29-zoned-same-day", Load().WithPeriod("2017-11-01Z", "2017-11-01+00:00"), "BR-29", false);
        // The same calendar day, but the end starts an hour before the (UTC) start.
        yield return ("29-zoned-earlier", Load().WithPeriod("2017-11-01", "2017-11-01+01:00"), "BR-29", true);
        yield return ("29-reversed", Load().WithPeriod("2017-11-30", "2017-11-01"), "BR-29", true);
        yield return ("30-zoned", Load().WithLinePeriod("2017-11-01-05:00", "2017-11-30+14:00"), "BR-30", false);
        yield return ("30-zoned-earlier", Load().WithLinePeriod("2017-11-02-01:00", "2017-11-02+01:00"), "BR-30", true);
        yield return ("R110-zoned", Load().WithPeriod("2017-11-01", "2017-11-30").WithLinePeriod("2017-11-01+01:00", "2017-11-30"), "PEPPOL-EN16931-R110", true);
        yield return ("R111-zoned", Load().WithPeriod("2017-11-01", "2017-11-30").WithLinePeriod("2017-11-01", "2017-11-30-01:00"), "PEPPOL-EN16931-R111", true);
        yield return ("R111-zoned-ok", Load().WithPeriod("2017-11-01", "2017-11-30").WithLinePeriod("2017-11-01", "2017-11-30+01:00"), "PEPPOL-EN16931-R111", false);
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> RegionalCategories()
    {
        foreach (var (code, p, id) in new[]
                 {
                     ("L", "BR-AF", new[] { "", "BR-AF-01", "BR-AF-02", "BR-AF-03", "BR-AF-04", "BR-AF-05", "BR-AF-06", "BR-AF-07", "BR-AF-08", "BR-AF-09", "BR-AF-10" }),
                     ("M", "BR-AG", new[] { "", "BR-AG-01", "BR-AG-02", "BR-AG-03", "BR-AG-04", "BR-AG-05", "BR-AG-06", "BR-AG-07", "BR-AG-08", "BR-AG-09", "BR-AG-10" }),
                 })
        {
            yield return ($"{p}-valid", Load().AllCategories(code), id[1], false);
            yield return ($"{p}-01", Load().AllCategories(code).Set(Subtotal, s => s.Element(Cac + "TaxCategory")!.ReplaceWith(Category("TaxCategory", "S", "25.0"))), id[1], true);
            // BR-AF-01 counts an IGIC breakdown under any scheme, BR-AG-01 only under VAT.
            yield return ($"{p}-01-gst", Load().AllCategories(code).Set(Subtotal, s => s.Element(Cac + "TaxCategory")!.ReplaceWith(Category("TaxCategory", code, "25.0", "GST"))), id[1], code == "M");
            yield return ($"{p}-02", Load().AllCategories(code).WithoutSellerTaxIds(), id[2], true);
            yield return ($"{p}-03", Load().WithoutSellerTaxIds().WithAllowance(Category("TaxCategory", code, "25.0")), id[3], true);
            yield return ($"{p}-04", Load().AllCategories(code).WithoutSellerTaxIds(), id[4], true);
            // BR-AF-04's "no such charge" branch compares the untrimmed ID: a padded " L " never makes it fire.
            yield return ($"{p}-04-padded", Load().WithoutSellerTaxIds().Set(Charge, c => c.Element(Cac + "TaxCategory")!.ReplaceWith(Category("TaxCategory", $" {code} ", "25.0"))), id[4], code == "M");
            yield return ($"{p}-05", Load().AllCategories(code).Set(d => Line(d, 1).Descendants(Cbc + "Percent").Single(), e => e.Value = "-1"), id[5], true);
            yield return ($"{p}-05-zero", Load().AllCategories(code, "0").Set(Subtotal, s => s.Element(Cbc + "TaxAmount")!.Value = "0"), id[5], false);
            yield return ($"{p}-06", Load().AllCategories(code).WithLineAllowance(Category("TaxCategory", code, null)), id[6], true);
            yield return ($"{p}-07", Load().AllCategories(code).Set(Charge, c => c.Descendants(Cbc + "Percent").Single().Value = "-5"), id[7], true);
            yield return ($"{p}-08", Load().AllCategories(code).Set(Subtotal, s => s.Element(Cbc + "TaxableAmount")!.Value = "1326"), id[8], true);
            yield return ($"{p}-08-boundary", Load().AllCategories(code).Set(Charge, c => c.Element(Cbc + "Amount")!.Value = "25.10")
                .Set(Subtotal, s => s.Element(Cbc + "TaxableAmount")!.Value = "1326.10"), id[8], false);
            yield return ($"{p}-09", Load().AllCategories(code).Set(Subtotal, s => s.Element(Cbc + "TaxAmount")!.Value = "300.00"), id[9], true);
            yield return ($"{p}-10", Load().AllCategories(code).Set(Subtotal, s => s.Element(Cac + "TaxCategory")!.Element(Cbc + "Percent")!.AddAfterSelf(E("cbc", "TaxExemptionReason", "x"))), id[10], true);
        }
    }

    private static IEnumerable<(string Name, XElement Document, string Rule, bool Fires)> SplitPaymentAndUnfailable()
    {
        yield return ("B-01-foreign", Load().AllCategories("B"), "BR-B-01", true);
        var italian = Load().AllCategories("B");
        foreach (var country in italian.Descendants(Cbc + "IdentificationCode")) country.Value = "IT";
        yield return ("B-01-italian", italian, "BR-B-01", false);
        yield return ("B-02", Load().Set(d => Line(d, 2).Descendants(Cac + "ClassifiedTaxCategory").Single(), t => t.ReplaceWith(Category("ClassifiedTaxCategory", "B", "25.0"))), "BR-B-02", true);
        yield return ("B-02-alone", Load().AllCategories("B"), "BR-B-02", false);
        // Never fire: see EnRules.Unfailable.cs.
        yield return ("DEC-13", Load().Set(d => d.Element(Cac + "TaxTotal")!, t => t.Element(Cbc + "TaxAmount")!.Value = "331.251"), "BR-DEC-13", false);
        yield return ("DEC-15", WithSecondTaxTotal("3312.501", "3312.501"), "BR-DEC-15", false);
        yield return ("CO-05", Load().WithAllowance(Category("TaxCategory", "S", "25.0")).Set(d => d.Element(Cac + "AllowanceCharge")!, a => a.Element(Cbc + "AllowanceChargeReason")!.AddBeforeSelf(E("cbc", "AllowanceChargeReasonCode", "100"))), "BR-CO-05", false);
        yield return ("CO-07", Load().WithLineAllowance(Category("TaxCategory", "S", "25.0")).Set(d => Line(d, 1).Element(Cac + "AllowanceCharge")!, a => a.Element(Cbc + "AllowanceChargeReason")!.AddBeforeSelf(E("cbc", "AllowanceChargeReasonCode", "100"))), "BR-CO-07", false);
        yield return ("CO-08", Load().WithLineAllowance(Category("TaxCategory", "S", "25.0")).Set(d => Line(d, 1).Element(Cac + "AllowanceCharge")!, a =>
        {
            a.Element(Cbc + "ChargeIndicator")!.Value = "true";
            a.Element(Cbc + "AllowanceChargeReason")!.AddBeforeSelf(E("cbc", "AllowanceChargeReasonCode", "FC"));
        }), "BR-CO-08", false);
        yield return ("CO-06", Load().Set(Charge, c => c.Element(Cbc + "AllowanceChargeReason")!.AddBeforeSelf(E("cbc", "AllowanceChargeReasonCode", "FC"))), "BR-CO-06", false);
    }

    [Fact]
    public void Each_rule_fires_here_exactly_where_it_fires_officially() => RuleCases.AssertAgreeWithTheOfficialArtefacts(
        TaxSubtotalsEverywhere().Concat(SchemesAndLevels()).Concat(DatesWithTimeZones()).Concat(RegionalCategories()).Concat(SplitPaymentAndUnfailable()));

    /// <summary>
    /// BR-CO-25 (due date or payment terms when an amount is due) was withdrawn by CEN: a document it
    /// failed is valid, here and officially. BR-66 (at most one payment card) and BR-67 (at most one
    /// mandate) are not in the 2026.5 artefact either; their constraint lives on as the syntax rules
    /// UBL-SR-54 and UBL-SR-55, so such a document fails those (where they are implemented) and nothing else.
    /// </summary>
    [Fact]
    public void Documents_the_withdrawn_rules_failed_fail_them_no_more()
    {
        var noTerms = Load();
        noTerms.Element(Cbc + "DueDate")!.Remove();
        noTerms.Element(Cac + "PaymentTerms")!.Remove();
        var cards = Load();
        cards.Element(Cac + "PaymentMeans")!.ReplaceWith(Enumerable.Range(0, 2).Select(i => E("cac", "PaymentMeans", E("cbc", "PaymentMeansCode", "48"),
            E("cac", "CardAccount", E("cbc", "PrimaryAccountNumberID", $"123{i}"), E("cbc", "NetworkID", "VISA")))));
        var mandates = Load();
        mandates.Element(Cac + "PaymentMeans")!.ReplaceWith(Enumerable.Range(0, 2).Select(i => E("cac", "PaymentMeans", E("cbc", "PaymentMeansCode", "59"),
            E("cac", "PaymentMandate", E("cbc", "ID", $"MANDATE{i}"), E("cac", "PayerFinancialAccount", E("cbc", "ID", $"SE455000000005839825{i}"))))));
        var cases = new[] { ("BR-CO-25", noTerms, (string?)null), ("BR-66", cards, "UBL-SR-54"), ("BR-67", mandates, "UBL-SR-55") };
        var documents = cases.Select(d => new OfficialDocument(d.Item1 + ".xml", Encoding.UTF8.GetBytes(d.Item2.ToString(SaveOptions.DisableFormatting)))).ToList();
        var verdicts = OfficialArtefacts.Check(documents);
        for (var i = 0; i < documents.Count; i++)
        {
            var (withdrawn, _, successor) = cases[i];
            string[] allowed = successor is null ? [] : [successor];
            Assert.True(verdicts[i].SchemaErrors.Count == 0 && verdicts[i].Fatal.Select(a => a.Id).Distinct().SequenceEqual(allowed), verdicts[i].ToString());
            var ours = DocumentValidator.Validate(documents[i].Bytes).Findings.Where(f => f.IsFatal).ToList();
            Assert.True(ours.All(f => allowed.Contains(f.Rule)), $"{withdrawn}: " + string.Join("; ", ours));
            Assert.DoesNotContain(withdrawn, RuleCatalog.Ids);
        }
    }
}
