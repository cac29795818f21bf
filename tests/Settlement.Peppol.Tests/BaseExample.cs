using System.Xml.Linq;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Tests;

/// <summary>
/// The official example invoice (peppol-billing-3/examples/base-example.xml: two standard-rated
/// lines, one document-level charge, seller GB, buyer SE) and the edits the EN 16931 rule cases make
/// to it, so each case reads as "the example, with …".
/// </summary>
internal static class BaseExample
{
    public static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    public static XElement Load() => XDocument.Load(Conformance.PathTo("peppol-billing-3", "examples", "base-example.xml")).Root!;

    public static XElement E(string cacOrCbc, string name, params object[] content) =>
        new((cacOrCbc == "cac" ? Cac : Cbc) + name, content);

    public static XElement Category(string name, string id, string? percent, string scheme = "VAT") =>
        E("cac", name, E("cbc", "ID", id), percent is null ? null! : E("cbc", "Percent", percent), E("cac", "TaxScheme", E("cbc", "ID", scheme)));

    public static IEnumerable<XElement> Lines(XElement doc) => doc.Elements(Cac + "InvoiceLine");
    public static XElement Line(XElement doc, int n) => Lines(doc).ElementAt(n - 1);
    public static XElement Subtotal(XElement doc) => doc.Element(Cac + "TaxTotal")!.Element(Cac + "TaxSubtotal")!;
    public static XElement Charge(XElement doc) => doc.Element(Cac + "AllowanceCharge")!;
    public static XElement Seller(XElement doc) => doc.Element(Cac + "AccountingSupplierParty")!.Element(Cac + "Party")!;

    /// <summary>Every tax category (line, charge, breakdown) set to one category code, rate and scheme.</summary>
    public static XElement AllCategories(this XElement doc, string id, string? percent = "25.0", string scheme = "VAT")
    {
        foreach (var t in doc.Descendants().Where(e => e.Name == Cac + "TaxCategory" || e.Name == Cac + "ClassifiedTaxCategory").ToList())
            t.ReplaceWith(Category(t.Name.LocalName, id, percent, scheme));
        return doc;
    }

    /// <summary>The seller without any tax registration (no cac:PartyTaxScheme).</summary>
    public static XElement WithoutSellerTaxIds(this XElement doc)
    {
        Seller(doc).Elements(Cac + "PartyTaxScheme").Remove();
        return doc;
    }

    /// <summary>Edits the element <paramref name="at"/> picks in the document, and returns the document (so edits chain).</summary>
    public static XElement Set(this XElement doc, Func<XElement, XElement> at, Action<XElement> edit)
    {
        edit(at(doc));
        return doc;
    }

    /// <summary>Adds a document-level invoice period (before the supplier, where the schema wants it).</summary>
    public static XElement WithPeriod(this XElement doc, string? start, string? end)
    {
        doc.Element(Cac + "AccountingSupplierParty")!.AddBeforeSelf(Period(start, end));
        return doc;
    }

    /// <summary>Adds an invoice period to the first line (before its order line reference).</summary>
    public static XElement WithLinePeriod(this XElement doc, string? start, string? end)
    {
        Line(doc, 1).Element(Cac + "OrderLineReference")!.AddBeforeSelf(Period(start, end));
        return doc;
    }

    private static XElement Period(string? start, string? end) =>
        E("cac", "InvoicePeriod", start is null ? null! : E("cbc", "StartDate", start), end is null ? null! : E("cbc", "EndDate", end));

    /// <summary>A document-level allowance of 0.00 in a category (kept at zero, so no total changes).</summary>
    public static XElement WithAllowance(this XElement doc, XElement category)
    {
        Charge(doc).AddBeforeSelf(E("cac", "AllowanceCharge", E("cbc", "ChargeIndicator", "false"), E("cbc", "AllowanceChargeReason", "Discount"),
            E("cbc", "Amount", new XAttribute("currencyID", "EUR"), "0.00"), category));
        return doc;
    }

    /// <summary>A line allowance of 0.00 on the first line carrying a tax category (which the UBL binding does not use, but the category rules still see).</summary>
    public static XElement WithLineAllowance(this XElement doc, XElement category)
    {
        Line(doc, 1).Element(Cac + "Item")!.AddBeforeSelf(E("cac", "AllowanceCharge", E("cbc", "ChargeIndicator", "false"), E("cbc", "AllowanceChargeReason", "Discount"),
            E("cbc", "Amount", new XAttribute("currencyID", "EUR"), "0.00"), category));
        return doc;
    }

    /// <summary>A tax total on the first line with one subtotal (built by the caller), before the item as the schema orders it.</summary>
    public static XElement WithLineTaxTotal(this XElement doc, XElement subtotal)
    {
        Line(doc, 1).Element(Cac + "Item")!.AddBeforeSelf(E("cac", "TaxTotal", E("cbc", "TaxAmount", new XAttribute("currencyID", "EUR"), "700.00"), subtotal));
        return doc;
    }

    public static XElement TaxSubtotal(string? taxable, string? tax, XElement category) =>
        E("cac", "TaxSubtotal", taxable is null ? null! : E("cbc", "TaxableAmount", new XAttribute("currencyID", "EUR"), taxable),
            tax is null ? null! : E("cbc", "TaxAmount", new XAttribute("currencyID", "EUR"), tax), category);
}
