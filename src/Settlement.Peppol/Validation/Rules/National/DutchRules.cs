using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The Dutch national rules of PEPPOL BIS Billing 3 (NL-R-001 … NL-R-009). Unlike the Italian and
/// Norwegian sets, the artefact keys these on the supplier's postal address country (trimmed,
/// upper-cased) being NL, and some also on the customer's or tax representative's. Decided once per
/// document.
/// </summary>
internal static class DutchRules
{
    private const Docs B = Docs.Billing;

    private static bool InNetherlands(XElement? party) =>
        Xp.Norm(ArtefactCountries.AddressCountry(party)).ToUpperInvariant() == "NL";

    private static XElement? SupplierParty(RuleContext c) => c.Root.Cac("AccountingSupplierParty").Cac("Party");
    private static XElement? CustomerParty(RuleContext c) => c.Root.Cac("AccountingCustomerParty").Cac("Party");

    private static bool DutchSupplier(RuleContext c) => c.Memo("nl.supplier", ctx => InNetherlands(SupplierParty(ctx)));
    private static bool DutchToDutch(RuleContext c) => DutchSupplier(c) && c.Memo("nl.customer", ctx => InNetherlands(CustomerParty(ctx)));

    private static Rule Supplier(Rule r) => r with { When = DutchSupplier };
    private static Rule Domestic(Rule r) => r with { When = DutchToDutch };

    private static IEnumerable<XElement> One(XElement? e) => e is null ? [] : [e];

    private static bool FullAddress(XElement a) => a.HasCbc("StreetName") && a.HasCbc("CityName") && a.HasCbc("PostalZone");

    /// <summary>A KVK (0106) or OIN (0190) identifier with a value (the schemeID is matched as the artefact's space-separated contains()).</summary>
    private static bool KvkOrOin(XElement id)
    {
        var schemes = " " + (string?)id.Attribute("schemeID") + " ";
        return (schemes.Contains(" 0106 ", StringComparison.Ordinal) || schemes.Contains(" 0190 ", StringComparison.Ordinal)) && id.N().Length > 0;
    }

    private static IEnumerable<XElement> LegalIds(XElement? party) => party.Cacs("PartyLegalEntity").SelectMany(l => l.Cbcs("CompanyID"));

    private static readonly HashSet<string> DomesticMeans = new(["30", "48", "49", "57", "58", "59"], StringComparer.Ordinal);

    public static IEnumerable<Rule> All() =>
    [
        Supplier(R.Fatal("NL-R-001", Docs.CreditNote, "For suppliers in the Netherlands, if the document is a creditnote, the document MUST contain an invoice reference (cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID)",
            c => c.Root.Cbcs("CreditNoteTypeCode"), (c, _) => c.Root.Cacs("BillingReference").Any(r => r.Cacs("InvoiceDocumentReference").Any(d => d.HasCbc("ID"))))),
        Supplier(R.Fatal("NL-R-002", B, "For suppliers in the Netherlands the supplier's address (cac:AccountingSupplierParty/cac:Party/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)",
            c => SupplierParty(c).Cacs("PostalAddress"), (_, a) => FullAddress(a))),
        Supplier(R.Fatal("NL-R-003", B, "For suppliers in the Netherlands, the legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)",
            c => LegalIds(SupplierParty(c)), (_, id) => KvkOrOin(id))),
        Domestic(R.Fatal("NL-R-004", B, "For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (cac:AccountingCustomerParty/cac:Party/cac:PostalAddress) MUST contain the street name (cbc:StreetName), the city (cbc:CityName) and post code (cbc:PostalZone)",
            c => CustomerParty(c).Cacs("PostalAddress"), (_, a) => FullAddress(a))),
        Domestic(R.Fatal("NL-R-005", B, "For suppliers in the Netherlands, if the customer is in the Netherlands, the customer's legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)",
            c => LegalIds(CustomerParty(c)), (_, id) => KvkOrOin(id))),
        R.Fatal("NL-R-006", B, "For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (cac:TaxRepresentativeParty/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)",
            c => c.Root.Cac("TaxRepresentativeParty").Cacs("PostalAddress"), (_, a) => FullAddress(a))
            with { When = c => DutchSupplier(c) && InNetherlands(c.Root.Cac("TaxRepresentativeParty")) },
        Supplier(R.Fatal("NL-R-007", B, "For suppliers in the Netherlands, the supplier MUST provide a means of payment (cac:PaymentMeans) if the payment is from customer to supplier",
            c => c.Root.Cacs("LegalMonetaryTotal"), (c, t) => t.Cbc("PayableAmount").Dec() is { } payable && (c.IsInvoice ? payable <= 0 : payable >= 0)
                || c.CacAll("PaymentMeans").Count > 0)),
        Domestic(R.Fatal("NL-R-008", B, "For suppliers in the Netherlands, if the customer is in the Netherlands, the payment means code (cac:PaymentMeans/cbc:PaymentMeansCode) MUST be one of 30, 48, 49, 57, 58 or 59",
            c => c.CacAll("PaymentMeans"), (_, m) => DomesticMeans.Contains(m.Cbc("PaymentMeansCode").N()))),
        Supplier(R.Fatal("NL-R-009", B, "For suppliers in the Netherlands, if an order line reference (cac:OrderLineReference/cbc:LineID) is used, there must be an order reference on the document level (cac:OrderReference/cbc:ID)",
            c => c.CacAll("OrderLineReference").SelectMany(r => r.Cbcs("LineID")), (c, _) => c.Root.Cacs("OrderReference").Any(r => r.HasCbc("ID")))),
    ];
}
