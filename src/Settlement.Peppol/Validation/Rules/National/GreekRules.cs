using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The Greek national rules of PEPPOL BIS Billing 3 (GR-R-001-1 … GR-R-010, GR-S-008-1, GR-S-011;
/// release 2026.5 has no GR-R-007). A seller is Greek when the artefact's $supplierCountry (VAT prefix
/// first, see <see cref="ArtefactCountries"/>) is GR or EL; the MARK and invoice URL rules also need a
/// supplier address in GR, and GR-R-006/010 a Greek buyer. Decided once per document.
/// </summary>
internal static class GreekRules
{
    private const Docs B = Docs.Billing;
    private const string Mark = "##M.AR.K##", InvoiceUrl = "##INVOICE|URL##";

    private static bool IsGreek(string country) => country is "GR" or "EL";
    private static bool GreekSender(RuleContext c) => IsGreek(ArtefactCountries.Supplier(c));
    private static bool GreekSenderAndReceiver(RuleContext c) => GreekSender(c) && IsGreek(ArtefactCountries.Customer(c));

    /// <summary>A Greek sender whose postal address is in GR (the MARK and invoice URL context).</summary>
    private static bool GreekSenderInGreece(RuleContext c) => GreekSender(c) && c.Memo("gr.postalGR", ctx =>
        SupplierParty(ctx).Cac("PostalAddress").Cac("Country").Cbcs("IdentificationCode").Any(i => i.Value == "GR"));

    private static Rule Sender(Rule r) => r with { When = GreekSender };

    private static XElement? SupplierParty(RuleContext c) => c.Root.Cac("AccountingSupplierParty").Cac("Party");
    private static XElement? CustomerParty(RuleContext c) => c.Root.Cac("AccountingCustomerParty").Cac("Party");
    private static IEnumerable<XElement> One(XElement? e) => e is null ? [] : [e];

    /// <summary>The invoice number's segments (XPath tokenize(., '\|'): none for an empty number).</summary>
    private static string?[] Segments(XElement id) => id.Value.Length == 0 ? [] : id.Value.Split('|');
    private static string? Segment(XElement id, int n) => Segments(id) is var s && s.Length >= n ? s[n - 1] : null;

    private static readonly Regex DateRegExp = new(@"^(0?[1-9]|[12][0-9]|3[01])[-\\/ ]?(0?[1-9]|1[0-2])[-\\/ ]?(19|20)[0-9]{2}", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> GreekDocumentTypes = new(["1.1", "1.6", "2.1", "2.4", "5.1", "5.2"], StringComparer.Ordinal);

    /// <summary>substring(x, 3, 9) (the TIN of an EL VAT number).</summary>
    private static string Tin(string vat) => vat.Length <= 2 ? "" : vat.Substring(2, Math.Min(9, vat.Length - 2));

    private static IEnumerable<XElement> VatIds(XElement? party, bool normalized) =>
        party.Cacs("PartyTaxScheme").Where(s => normalized ? s.Cac("TaxScheme").Cbc("ID").N() == "VAT" : s.Cac("TaxScheme").Cbcs("ID").Any(i => i.Value == "VAT"))
            .SelectMany(s => s.Cbcs("CompanyID"));

    /// <summary>Exactly one VAT number, "EL" followed by a valid TIN (GR-S-011, GR-R-006).</summary>
    private static bool OneElVat(XElement party) =>
        VatIds(party, true).ToList() is [var vat] && vat.Value.StartsWith("EL", StringComparison.Ordinal) && IdentifierChecks.GreekTin(vat.Value[2..]);

    private static bool HasName(XElement party) => party.Cac("PartyName").Cbc("Name").S().Length > 0;

    private static int DocumentsDescribed(RuleContext c, string description) =>
        c.Root.Cacs("AdditionalDocumentReference").Count(d => d.Cbcs("DocumentDescription").Any(x => x.Value == description));

    public static IEnumerable<Rule> All() =>
    [
        Sender(R.Fatal("GR-R-001-1", B, "When the Supplier is Greek, the Invoice Id should consist of 6 segments",
            InvoiceId, (_, id) => Segments(id).Length == 6)),
        Sender(R.Fatal("GR-R-001-2", B, "When the Supplier is Greek, the Invoice Id first segment must be a valid TIN Number and match either the Supplier's or the Tax Representative's Tin Number",
            InvoiceId, (c, id) => Segment(id, 1) is { } s && Xp.Norm(s).Length == 9 && IdentifierChecks.GreekTin(s)
                && VatIds(SupplierParty(c), false).Concat(VatIds(c.Root.Cac("TaxRepresentativeParty"), false)).Any(v => Tin(v.Value) == s))),
        Sender(R.Fatal("GR-R-001-3", B, "When the Supplier is Greek, the Invoice Id second segment must be a valid Date that matches the invoice Issue Date",
            InvoiceId, (c, id) => Segment(id, 2) is { } s && Xp.Norm(s).Length > 0 && DateRegExp.IsMatch(s) && SameDate(s, c.Root.Cbc("IssueDate").S()))),
        Sender(R.Fatal("GR-R-001-4", B, "When Supplier is Greek, the Invoice Id third segment must be a positive integer",
            InvoiceId, (_, id) => Segment(id, 3) is { } s && Xp.Norm(s).Length > 0 && Xp.IsInteger(s) && !IsNegative(s.Trim()))),
        Sender(R.Fatal("GR-R-001-5", B, "When Supplier is Greek, the Invoice Id in the fourth segment must be a valid greek document type",
            InvoiceId, (_, id) => Segment(id, 4) is { } s && Xp.Norm(s).Length > 0 && GreekDocumentTypes.Contains(s))),
        Sender(R.Fatal("GR-R-001-6", B, "When Supplier is Greek, the Invoice Id fifth segment must not be empty",
            InvoiceId, (_, id) => Segment(id, 5) is { Length: > 0 })),
        Sender(R.Fatal("GR-R-001-7", B, "When Supplier is Greek, the Invoice Id sixth segment must not be empty",
            InvoiceId, (_, id) => Segment(id, 6) is { Length: > 0 })),
        Sender(R.Fatal("GR-R-002", B, "Greek Suppliers must provide their full name as they are registered in the Greek Business Registry (G.E.MH.) as a legal entity or in the Tax Registry as a natural person ",
            c => One(SupplierParty(c)), (_, p) => HasName(p))),
        Sender(R.Warn("GR-S-011", B, "Greek suppliers must provide their Seller Tax Registration Number, prefixed by the country code",
            c => One(SupplierParty(c)), (_, p) => OneElVat(p))),
        Sender(R.Fatal("GR-R-003", B, "For the Greek Suppliers, the VAT must start with 'EL' and must be a valid TIN number",
            c => VatIds(SupplierParty(c), true), (_, v) => v.Value.StartsWith("EL", StringComparison.Ordinal) && IdentifierChecks.GreekTin(v.Value[2..]))),
        R.Fatal("GR-R-004-1", B, "When Supplier is Greek, there must be one MARK Number",
            R.Root, (c, _) => DocumentsDescribed(c, Mark) == 1) with { When = GreekSenderInGreece },
        R.Warn("GR-S-008-1", B, "When Supplier is Greek, there should be one invoice url",
            R.Root, (c, _) => DocumentsDescribed(c, InvoiceUrl) == 1) with { When = GreekSenderInGreece },
        R.Fatal("GR-R-008-2", B, "When Supplier is Greek, there should be no more than one invoice url",
            R.Root, (c, _) => DocumentsDescribed(c, InvoiceUrl) <= 1) with { When = GreekSenderInGreece },
        R.Fatal("GR-R-004-2", B, "When Supplier is Greek, the MARK Number must be a positive integer",
            c => DescribedAs(c, Mark).SelectMany(d => d.Cbcs("ID")), (_, id) => id.Value is [>= '1' and <= '9', ..]) with { When = GreekSenderInGreece },
        Sender(R.Fatal("GR-R-008-3", B, "When Supplier is Greek and the INVOICE URL Document reference exists, the External Reference URI should be present",
            c => DescribedAs(c, InvoiceUrl), (_, d) => d.Cac("Attachment").Cac("ExternalReference").Cbc("URI").N().Length > 0)),
        Sender(R.Fatal("GR-R-005", B, "Greek Suppliers must provide the full name of the buyer",
            c => One(CustomerParty(c)), (_, p) => HasName(p))),
        R.Fatal("GR-R-009", B, "Greek suppliers that send an invoice through the PEPPOL network must use a correct TIN number as an electronic address according to PEPPOL Electronic Address Identifier scheme (schemeID 9933).",
            c => SupplierParty(c).Cbcs("EndpointID"), (_, e) => IsTinEndpoint(e)) with { When = c => IsGreek(ArtefactCountries.AccountingSupplier(c)) },
        R.Fatal("GR-R-006", B, "Greek Suppliers must provide the VAT number of the buyer, if the buyer is Greek ",
            c => One(CustomerParty(c)), (_, p) => OneElVat(p)) with { When = GreekSenderAndReceiver },
        R.Fatal("GR-R-010", B, "Greek Suppliers that send an invoice through the PEPPOL network to a greek buyer must use a correct TIN number as an electronic address according to PEPPOL Electronic Address Identifier scheme (SchemeID 9933)",
            c => CustomerParty(c).Cbcs("EndpointID"), (_, e) => IsTinEndpoint(e)) with { When = GreekSenderAndReceiver },
    ];

    private static IEnumerable<XElement> InvoiceId(RuleContext c) => One(c.Root.Cbc("ID"));

    private static IEnumerable<XElement> DescribedAs(RuleContext c, string description) =>
        c.CacAll("AdditionalDocumentReference").Where(d => d.Cbcs("DocumentDescription").Any(x => x.Value == description));

    private static bool IsTinEndpoint(XElement e) => (string?)e.Attribute("schemeID") == "9933" && IdentifierChecks.GreekTin(e.Value);

    /// <summary>xs:integer(s) &lt; 0 for an integer literal (a minus sign and some non-zero digit).</summary>
    private static bool IsNegative(string s) => s.StartsWith('-') && s.Skip(1).Any(ch => ch != '0');

    /// <summary>The segment's day/month/year (split on '/') equal the IssueDate's year-month-day, as strings.</summary>
    private static bool SameDate(string segment, string issueDate)
    {
        var d = segment.Split('/');
        var i = issueDate.Length == 0 ? [] : issueDate.Split('-');
        return d.Length >= 3 && i.Length >= 3 && d[0] == i[2] && d[1] == i[1] && d[2] == i[0];
    }
}
