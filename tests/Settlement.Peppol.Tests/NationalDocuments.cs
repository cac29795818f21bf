using System.Xml.Linq;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Tests;

/// <summary>
/// Full documents for the national rule sets (DK, GR, IT, NL, NO): the official base example (or the
/// credit note correction) moved to a seller of that country, made to pass that country's rules, so
/// one change breaks exactly the rule a case is about. The official unit tests are fragments; these
/// also check that applicability and the whole verdict agree on a real document.
/// </summary>
internal static class NationalDocuments
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;

    /// <summary>A valid Greek TIN (AFM): 1·256 + 2·128 + … + 8·2 = 1004, 1004 mod 11 mod 10 = 3.</summary>
    public const string GreekTin = "123456783";

    /// <summary>A valid Norwegian organisation number (mod 11), as in the official NO-R-001 unit test.</summary>
    public const string NorwegianOrgnr = "991825827";

    public static XElement Example(string file = "base-example.xml") => XElement.Load(Conformance.PathTo("peppol-billing-3", "examples", file));

    public static XElement Supplier(XElement d) => d.Element(Cac + "AccountingSupplierParty")!.Element(Cac + "Party")!;
    public static XElement Customer(XElement d) => d.Element(Cac + "AccountingCustomerParty")!.Element(Cac + "Party")!;

    public static void Country(XElement party, string code) =>
        party.Element(Cac + "PostalAddress")!.Element(Cac + "Country")!.Element(Cbc + "IdentificationCode")!.Value = code;

    /// <summary>Sets the VAT number (the PartyTaxScheme with TaxScheme VAT, added when missing), or removes it when null.</summary>
    public static void Vat(XElement party, string? vat) => TaxScheme(party, "VAT", vat);

    /// <summary>Sets the CompanyID of a PartyTaxScheme of the given scheme (VAT or TAX), adding one when missing; null removes it.</summary>
    public static void TaxScheme(XElement party, string scheme, string? value)
    {
        var existing = party.Elements(Cac + "PartyTaxScheme").FirstOrDefault(s => s.Element(Cac + "TaxScheme")?.Element(Cbc + "ID")?.Value == scheme);
        if (value is null) { existing?.Remove(); return; }
        if (existing is not null) { existing.Element(Cbc + "CompanyID")!.Value = value; return; }
        var added = new XElement(Cac + "PartyTaxScheme", new XElement(Cbc + "CompanyID", value), new XElement(Cac + "TaxScheme", new XElement(Cbc + "ID", scheme)));
        var after = party.Elements(Cac + "PartyTaxScheme").LastOrDefault() ?? party.Element(Cac + "PostalAddress")!;
        after.AddAfterSelf(added);
    }

    public static void LegalId(XElement party, string value, string? scheme)
    {
        var legal = party.Element(Cac + "PartyLegalEntity")!;
        legal.Element(Cbc + "CompanyID")?.Remove();
        var id = new XElement(Cbc + "CompanyID", value);
        if (scheme is not null) id.SetAttributeValue("schemeID", scheme);
        legal.Element(Cbc + "RegistrationName")!.AddAfterSelf(id);
    }

    public static void Endpoint(XElement party, string scheme, string value)
    {
        var e = party.Element(Cbc + "EndpointID")!;
        e.SetAttributeValue("schemeID", scheme);
        e.Value = value;
    }

    public static void PartyIdScheme(XElement party, string scheme) => party.Element(Cac + "PartyIdentification")!.Element(Cbc + "ID")!.SetAttributeValue("schemeID", scheme);

    /// <summary>Adds a document-level AdditionalDocumentReference (before the supplier party, where the schema puts it).</summary>
    public static void AddDocumentReference(XElement d, string id, string description, string? uri = null) =>
        d.Element(Cac + "AccountingSupplierParty")!.AddBeforeSelf(new XElement(Cac + "AdditionalDocumentReference",
            new XElement(Cbc + "ID", id), new XElement(Cbc + "DocumentDescription", description),
            uri is null ? null : new XElement(Cac + "Attachment", new XElement(Cac + "ExternalReference", new XElement(Cbc + "URI", uri)))));

    /// <summary>A Danish seller invoicing a Danish buyer: CVR numbers with scheme 0184, identifiers with schemes, credit transfer 31 with account and branch.</summary>
    public static XElement Danish(string file = "base-example.xml")
    {
        var d = Example(file);
        foreach (var p in new[] { Supplier(d), Customer(d) })
        {
            Country(p, "DK");
            Vat(p, "DK12345678");
            LegalId(p, "12345678", "0184");
            PartyIdScheme(p, "0184");
            p.Element(Cac + "PartyIdentification")!.Element(Cbc + "ID")!.Value = "12345678";
        }
        d.Element(Cac + "PaymentMeans")!.Element(Cbc + "PaymentMeansCode")!.Value = "31";
        return d;
    }

    /// <summary>
    /// A Greek seller invoicing a Greek buyer: EL VAT numbers and 9933 endpoints with a valid TIN, the
    /// six-segment invoice number (TIN|date|number|type|series|code) matching the issue date 2017-11-13,
    /// one MARK and one invoice URL reference.
    /// </summary>
    public static XElement Greek(string invoiceId = GreekTin + "|13/11/2017|1|1.1|A|0")
    {
        var d = Example();
        d.Element(Cbc + "ID")!.Value = invoiceId;
        foreach (var p in new[] { Supplier(d), Customer(d) })
        {
            Country(p, "GR");
            Vat(p, "EL" + GreekTin);
            Endpoint(p, "9933", GreekTin);
        }
        AddDocumentReference(d, "400001234567890", "##M.AR.K##");
        AddDocumentReference(d, "url", "##INVOICE|URL##", "https://example.gr/invoice/1");
        return d;
    }

    /// <summary>A seller in Italy (IT VAT number, a tax code as seller tax registration) with a full address.</summary>
    public static XElement Italian()
    {
        var d = Example();
        Country(Supplier(d), "IT");
        Vat(Supplier(d), "IT12345678903");
        TaxScheme(Supplier(d), "TAX", "RSSMRA85T10A562S");
        return d;
    }

    /// <summary>A Dutch seller invoicing a Dutch buyer: KVK numbers (0106), credit transfer, and an order reference for the line references.</summary>
    public static XElement Dutch(string file = "base-example.xml")
    {
        var d = Example(file);
        foreach (var p in new[] { Supplier(d), Customer(d) })
        {
            Country(p, "NL");
            Vat(p, "NL123456789B01");
            LegalId(p, "12345678", "0106");
        }
        d.Element(Cbc + "BuyerReference")?.AddAfterSelf(new XElement(Cac + "OrderReference", new XElement(Cbc + "ID", "PO-1")));
        return d;
    }

    /// <summary>A Norwegian seller: NO + organisation number + MVA, and "Foretaksregisteret".</summary>
    public static XElement Norwegian()
    {
        var d = Example();
        Country(Supplier(d), "NO");
        Vat(Supplier(d), "NO" + NorwegianOrgnr + "MVA");
        TaxScheme(Supplier(d), "TAX", "Foretaksregisteret");
        return d;
    }
}
