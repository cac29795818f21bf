using System.Globalization;
using System.Xml.Linq;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Tests;

/// <summary>One change of a document for the conformance corpus; false when it does not apply to this document.</summary>
internal sealed record CorpusChange(string Name, Func<XElement, bool> Apply);

/// <summary>
/// The changes <see cref="ConformanceCorpus"/> applies to every official example: one per error
/// class the official rules know (schema, cardinality, code lists, totals, VAT, dates, identifiers,
/// process ids, national sets) and one per optional part a provider may send. Each is written once
/// and applied to every example, so no document is shaped to suit the validator.
/// </summary>
internal static class CorpusChanges
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    public static IReadOnlyList<CorpusChange> All { get; } =
    [
        // Error classes.
        new("no issue date", d => Remove(d, Cbc + "IssueDate")),
        new("no customization id", d => Remove(d, Cbc + "CustomizationID")),
        new("profile billing with response", d => Set(d.Element(Cbc + "ProfileID"), "urn:peppol:bis:billing_with_response")),
        new("profile unknown", d => Set(d.Element(Cbc + "ProfileID"), "urn:example:not-a-process")),
        new("currency XYZ", d => Set(d.Element(Cbc + "DocumentCurrencyCode"), "XYZ")),
        new("payable plus one", d => Add(d.Element(Cac + "LegalMonetaryTotal")?.Element(Cbc + "PayableAmount"), 1m)),
        new("first line amount plus one", d => Add(Lines(d).FirstOrDefault()?.Element(Cbc + "LineExtensionAmount"), 1m)),
        new("first line VAT category Q", d => Set(Lines(d).FirstOrDefault()?.Element(Cac + "Item")?.Element(Cac + "ClassifiedTaxCategory")?.Element(Cbc + "ID"), "Q")),
        new("first line unit XXX", d => SetAttribute(Lines(d).FirstOrDefault()?.Elements().FirstOrDefault(e => e.Name.LocalName.EndsWith("Quantity", StringComparison.Ordinal)), "unitCode", "XXX")),
        new("type code 999", d => Set(d.Elements().FirstOrDefault(e => e.Name.LocalName is "InvoiceTypeCode" or "CreditNoteTypeCode"), "999")),
        new("issue date with time zone", d => Set(d.Element(Cbc + "IssueDate"), d.Element(Cbc + "IssueDate")?.Value + "+01:00")),
        new("due date with time zone", d => Set(d.Element(Cbc + "DueDate"), d.Element(Cbc + "DueDate")?.Value + "Z")),
        new("seller endpoint scheme 0205 (dropped)", d => SetAttribute(Party(d, "AccountingSupplierParty")?.Element(Cbc + "EndpointID"), "schemeID", "0205")),
        new("seller endpoint scheme 0242 (new)", d => SetAttribute(Party(d, "AccountingSupplierParty")?.Element(Cbc + "EndpointID"), "schemeID", "0242")),
        new("seller endpoint scheme 9999", d => SetAttribute(Party(d, "AccountingSupplierParty")?.Element(Cbc + "EndpointID"), "schemeID", "9999")),
        new("seller country lower case", d => Set(Country(d, "AccountingSupplierParty"), Country(d, "AccountingSupplierParty")?.Value.ToLowerInvariant())),
        new("list agency on the type code", d => SetAttribute(d.Elements().FirstOrDefault(e => e.Name.LocalName is "InvoiceTypeCode" or "CreditNoteTypeCode"), "listAgencyID", "6")),
        new("empty note", d => Set(d.Element(Cbc + "Note"), "") || InsertInOrder(d, new XElement(Cbc + "Note", ""))),
        new("no buyer reference nor order reference", d => Remove(d, Cbc + "BuyerReference") | Remove(d, Cac + "OrderReference")),
        new("a second tax total", d => d.Element(Cac + "TaxTotal") is { } t && AddAfter(t, new XElement(t))),
        new("tax total without subtotals", d => d.Element(Cac + "TaxTotal") is { } t && t.Elements(Cac + "TaxSubtotal").Any() && Remove(t, Cac + "TaxSubtotal")),
        .. new[] { "Note", "InvoicePeriod", "ContractDocumentReference", "ProjectReference", "Delivery", "PaymentTerms", "PaymentMeans", "AdditionalDocumentReference" }
            .Select(name => new CorpusChange($"{name} twice", d => d.Elements().FirstOrDefault(e => e.Name.LocalName == name) is { } e && AddAfter(e, new XElement(e)))),
        .. new[] { "SE", "DE", "NO", "DK", "IS", "NL", "IT", "GR" }
            .Select(country => new CorpusChange($"seller and buyer in {country}", d =>
                Set(Country(d, "AccountingSupplierParty"), country) & Set(Country(d, "AccountingCustomerParty"), country))),

        // Optional parts a provider may send.
        new("with tax point date", d => Absent(d, "TaxPointDate") && InsertInOrder(d, new XElement(Cbc + "TaxPointDate", "2017-11-30"))),
        new("with invoice period", d => Absent(d, "InvoicePeriod") && InsertInOrder(d, new XElement(Cac + "InvoicePeriod",
            new XElement(Cbc + "StartDate", "2017-11-01"), new XElement(Cbc + "EndDate", "2017-11-30")))),
        new("with contract reference", d => Absent(d, "ContractDocumentReference") && InsertInOrder(d, new XElement(Cac + "ContractDocumentReference", new XElement(Cbc + "ID", "K-2017-1")))),
        new("with attachment", d => Absent(d, "AdditionalDocumentReference") && InsertInOrder(d, new XElement(Cac + "AdditionalDocumentReference",
            new XElement(Cbc + "ID", "Bilaga 1"), new XElement(Cac + "Attachment",
                new XElement(Cbc + "EmbeddedDocumentBinaryObject", new XAttribute("mimeCode", "application/pdf"), new XAttribute("filename", "bilaga.pdf"), "JVBERi0xLjQK"))))),
        new("with payee party", d => Absent(d, "PayeeParty") && InsertInOrder(d, new XElement(Cac + "PayeeParty",
            new XElement(Cac + "PartyName", new XElement(Cbc + "Name", "Factoring AB")),
            new XElement(Cac + "PartyLegalEntity", new XElement(Cbc + "CompanyID", "5567321707"))))),
        new("with tax representative", d => Absent(d, "TaxRepresentativeParty") && InsertInOrder(d, new XElement(Cac + "TaxRepresentativeParty",
            new XElement(Cac + "PartyName", new XElement(Cbc + "Name", "Ombud AB")),
            new XElement(Cac + "PostalAddress", new XElement(Cac + "Country", new XElement(Cbc + "IdentificationCode", "SE"))),
            new XElement(Cac + "PartyTaxScheme", new XElement(Cbc + "CompanyID", "SE556732170701"), new XElement(Cac + "TaxScheme", new XElement(Cbc + "ID", "VAT")))))),
        new("with delivery", d => Absent(d, "Delivery") && InsertInOrder(d, new XElement(Cac + "Delivery",
            new XElement(Cbc + "ActualDeliveryDate", "2017-11-20"),
            new XElement(Cac + "DeliveryLocation", new XElement(Cac + "Address", new XElement(Cbc + "CityName", "Malmö"),
                new XElement(Cac + "Country", new XElement(Cbc + "IdentificationCode", "SE"))))))),
        new("with payment terms", d => Absent(d, "PaymentTerms") && InsertInOrder(d, new XElement(Cac + "PaymentTerms", new XElement(Cbc + "Note", "30 dagar netto")))),
        new("with a line period and item identifiers", d => Lines(d).FirstOrDefault() is { } line && LineParts(line)),
    ];

    private static IEnumerable<XElement> Lines(XElement d) => d.Elements().Where(e => e.Name.LocalName is "InvoiceLine" or "CreditNoteLine");
    private static XElement? Party(XElement d, string role) => d.Element(Cac + role)?.Element(Cac + "Party");
    private static XElement? Country(XElement d, string role) => Party(d, role)?.Element(Cac + "PostalAddress")?.Element(Cac + "Country")?.Element(Cbc + "IdentificationCode");
    private static bool Absent(XElement d, string name) => !d.Elements().Any(e => e.Name.LocalName == name);

    private static bool Remove(XElement parent, XName name)
    {
        var found = parent.Elements(name).ToList();
        found.ForEach(e => e.Remove());
        return found.Count > 0;
    }

    private static bool Set(XElement? e, string? value)
    {
        if (e is null || value is null) return false;
        e.Value = value;
        return true;
    }

    private static bool SetAttribute(XElement? e, string name, string value)
    {
        e?.SetAttributeValue(name, value);
        return e is not null;
    }

    private static bool Add(XElement? amount, decimal delta) =>
        amount is not null && decimal.TryParse(amount.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
        && Set(amount, (v + delta).ToString(CultureInfo.InvariantCulture));

    private static bool AddAfter(XElement anchor, XElement added)
    {
        anchor.AddAfterSelf(added);
        return true;
    }

    /// <summary>Inserts a top-level element where the UBL 2.1 schema wants it: after the last sibling that comes before it in the sequence.</summary>
    private static bool InsertInOrder(XElement d, XElement added)
    {
        var order = d.Name.LocalName == "Invoice" ? UblOrder.Invoice : UblOrder.CreditNote;
        var rank = Array.IndexOf(order, added.Name.LocalName);
        if (rank < 0) return false;
        var before = d.Elements().LastOrDefault(e => Array.IndexOf(order, e.Name.LocalName) is var r && r >= 0 && r < rank);
        if (before is null) d.AddFirst(added); else before.AddAfterSelf(added);
        return true;
    }

    /// <summary>A line's optional parts: its period, its order line reference, the seller's and a standard item id, a classification, an origin and a property.</summary>
    private static bool LineParts(XElement line)
    {
        if (line.Element(Cac + "InvoicePeriod") is null)
            (line.Element(Cbc + "AccountingCost") ?? line.Element(Cbc + "LineExtensionAmount"))!.AddAfterSelf(new XElement(Cac + "InvoicePeriod",
                new XElement(Cbc + "StartDate", "2017-11-01"), new XElement(Cbc + "EndDate", "2017-11-30")));
        if (line.Element(Cac + "Item") is not { } item) return false;
        item.Element(Cac + "SellersItemIdentification")?.Remove();
        item.Element(Cac + "StandardItemIdentification")?.Remove();
        item.Element(Cac + "OriginCountry")?.Remove();
        item.Element(Cac + "CommodityClassification")?.Remove();
        var anchor = item.Element(Cbc + "Name") ?? item.Element(Cbc + "Description")!;
        anchor.AddAfterSelf(
            new XElement(Cac + "SellersItemIdentification", new XElement(Cbc + "ID", "ART-1")),
            new XElement(Cac + "StandardItemIdentification", new XElement(Cbc + "ID", new XAttribute("schemeID", "0160"), "7300000000005")),
            new XElement(Cac + "OriginCountry", new XElement(Cbc + "IdentificationCode", "SE")),
            new XElement(Cac + "CommodityClassification", new XElement(Cbc + "ItemClassificationCode", new XAttribute("listID", "STI"), "12345")));
        return true;
    }
}
