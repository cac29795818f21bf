using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The German national rules of PEPPOL BIS Billing 3 (DE-R-001 … DE-R-031, DE-R-T02), as release
/// 2026.5's PEPPOL-EN16931-UBL.xslt applies them: only to a domestic German document, i.e. both the
/// seller's and the buyer's postal address country (normalized, upper-cased) are DE — the artefact's
/// <c>$supplierCountryIsDE and $customerCountryIsDE</c>. The artefact does not look at the
/// CustomizationID (no XRechnung switch), so neither do we.
/// </summary>
/// <remarks>
/// Every rule carries the same <see cref="Rule.When"/> guard, computed once per document, so a
/// document from anywhere else costs one cached lookup per rule. The payment-means rules are in
/// GermanRules.Payment.cs. Regular expressions spell out XPath's <c>\s</c> (space, tab, CR, LF) and
/// <c>.</c> (anything but CR/LF), which .NET reads more broadly.
/// </remarks>
internal static partial class GermanRules
{
    private const Docs B = Docs.Billing;
    private const string Domestic = "If both supplier and customer are located in Germany, ";

    public static IEnumerable<Rule> All() =>
        DocumentRules().Concat(PartyRules()).Concat(PaymentRules()).Select(r => r with { When = BothInGermany });

    /// <summary>The artefact's $supplierCountryIsDE and $customerCountryIsDE, once per document.</summary>
    private static bool BothInGermany(RuleContext c) => c.Memo("deDomestic", ctx =>
        IsGerman(ctx.Root.Cac("AccountingSupplierParty")) && IsGerman(ctx.Root.Cac("AccountingCustomerParty")));

    private static bool IsGerman(XElement? role) =>
        Xp.Norm(ArtefactCountries.AddressCountry(role.Cac("Party"))).ToUpperInvariant() == "DE";

    /// <summary>The elements at a path of cac children below the root (the rules' absolute contexts).</summary>
    private static IEnumerable<XElement> Under(RuleContext c, params string[] path)
    {
        IEnumerable<XElement> nodes = [c.Root];
        foreach (var step in path) nodes = nodes.SelectMany(n => n.Cacs(step));
        return nodes;
    }

    /// <summary>XPath <c>cbc:name[boolean(normalize-space(.))]</c>: the element is there and not blank.</summary>
    private static bool Given(XElement e, string name) => e.Cbcs(name).Any(x => x.N().Length > 0);

    private static IEnumerable<Rule> DocumentRules() =>
    [
        R.Fatal("DE-R-001", B, Domestic + "an invoice shall contain information on \"PAYMENT INSTRUCTIONS\" (BG-16).",
            R.Root, (_, d) => d.HasCac("PaymentMeans")),
        R.Fatal("DE-R-015", B, Domestic + "the element \"Buyer reference\" (BT-10) shall be provided.",
            R.Root, (_, d) => Given(d, "BuyerReference")),
        R.Fatal("DE-R-016", B, Domestic + "and if one of the VAT codes S, Z, E, AE, K, G, L, or M is used, an invoice shall contain at least one of the following elements: \"Seller VAT identifier\" (BT-31) or \"Seller tax registration identifier\" (BT-32) or \"SELLER TAX REPRESENTATIVE PARTY\" (BG-11).",
            R.Root, (_, d) => !UsesListedVatCode(d) || d.HasCac("TaxRepresentativeParty")
                || d.Cac("AccountingSupplierParty").Cacs("Party").SelectMany(p => p.Cacs("PartyTaxScheme")).Any(s => Given(s, "CompanyID"))),
        R.Warn("DE-R-017", B, Domestic + "the element \"Invoice type code\" (BT-3) should only contain the following values from code list UNTDID 1001: 326 (Partial invoice), 380 (Commercial invoice), 384 (Corrected invoice), 389 (Self-billed invoice), 381 (Credit note), 875 (Partial construction invoice), 876 (Partial final construction invoice), 877 (Final construction invoice).",
            R.Root, (_, d) => TypeCodes.Contains(d.Cbc("InvoiceTypeCode").N()) || TypeCodes.Contains(d.Cbc("CreditNoteTypeCode").N())),
        R.Fatal("DE-R-018", B, Domestic + "information on cash discounts for prompt payment (Skonto) shall be provided within the element \"Payment terms\" BT-20 in the following way: First segment \"SKONTO\", second segment amount of days (\"TAGE=N\"), third segment percentage (\"PROZENT=N\"). Percentage must be separated by dot with two decimal places. In case the base value of the invoiced amount is not provided in BT-115 but as a partial amount, the base value shall be provided as fourth segment \"BASISBETRAG=N\" as semantic data type amount. Each entry shall start with a #, the segments must be separated by # and a row shall end with a #. A complete statement on cash discount for prompt payment shall end with a XML-conformant line break. All statements on cash discount for prompt payment shall be given in capital letters. Additional whitespaces (blanks, tabulators or line breaks) are not allowed. Other characters or texts than defined above are not allowed.",
            R.Root, (_, d) => SkontoWellFormed(d)),
        R.Fatal("DE-R-022", B, Domestic + "attached documents provided with an invoice in \"ADDITIONAL SUPPORTING DOCUMENTS\" (BG-24) shall have a unique filename (non case-sensitive) within the element ″Attached document″ (BT-125).",
            R.Root, (_, d) => FilenamesUnique(d)),
        R.Warn("DE-R-026", B, Domestic + "and if \"Invoice type code\" (BT-3) contains the code 384 (Corrected invoice), \"PRECEDING INVOICE REFERENCE\" (BG-3) should be provided at least once.",
            R.Root, (_, d) => !(d.Cbc("InvoiceTypeCode").N() == "384" || d.Cbc("CreditNoteTypeCode").N() == "384")
                || d.Cacs("BillingReference").Any(b => b.HasCac("InvoiceDocumentReference"))),
        R.Fatal("DE-R-030", B, Domestic + "and if the group \"DIRECT DEBIT\" (BG-19) is delivered, the element \"Bank assigned creditor identifier\" (BT-90) shall be provided.",
            R.Root, (_, d) => !HasMandate(d)
                || d.Cac("AccountingSupplierParty").Cacs("Party").Concat(d.Cacs("PayeeParty")).SelectMany(p => p.Cacs("PartyIdentification"))
                    .SelectMany(i => i.Cbcs("ID")).Any(id => (string?)id.Attribute("schemeID") == "SEPA")),
        R.Fatal("DE-R-031", B, Domestic + "and if the group \"DIRECT DEBIT\" (BG-19) is delivered, the element \"Debited account identifier\" (BT-91) shall be provided.",
            R.Root, (_, d) => !HasMandate(d)
                || d.Cacs("PaymentMeans").SelectMany(p => p.Cacs("PaymentMandate")).SelectMany(m => m.Cacs("PayerFinancialAccount")).Any(a => a.HasCbc("ID"))),
        R.Warn("DE-R-T02", B, Domestic + "BT-124 \"External document location\" must contain an absolute URL with valid scheme.",
            c => Under(c, "AdditionalDocumentReference", "Attachment", "ExternalReference"), (_, e) => UrlWithScheme().IsMatch(e.Cbc("URI").S())),
    ];

    private static IEnumerable<Rule> PartyRules() =>
    [
        R.Fatal("DE-R-002", B, Domestic + "the group \"SELLER CONTACT\" (BG-6) shall be provided.",
            c => Under(c, "AccountingSupplierParty"), (_, e) => e.Cacs("Party").Any(p => p.HasCac("Contact"))),
        R.Fatal("DE-R-003", B, Domestic + "the element \"Seller city\" (BT-37) shall be provided.",
            c => Under(c, "AccountingSupplierParty", "Party", "PostalAddress"), (_, e) => Given(e, "CityName")),
        R.Fatal("DE-R-004", B, Domestic + "the element \"Seller post code\" (BT-38) shall be provided.",
            c => Under(c, "AccountingSupplierParty", "Party", "PostalAddress"), (_, e) => Given(e, "PostalZone")),
        R.Fatal("DE-R-005", B, Domestic + "the element \"Seller contact point\" (BT-41) shall be provided.",
            SellerContacts, (_, e) => Given(e, "Name")),
        R.Fatal("DE-R-006", B, Domestic + "the element \"Seller contact telephone number\" (BT-42) shall be provided.",
            SellerContacts, (_, e) => Given(e, "Telephone")),
        R.Fatal("DE-R-007", B, Domestic + "the element \"Seller contact email address\" (BT-43) shall be provided.",
            SellerContacts, (_, e) => Given(e, "ElectronicMail")),
        R.Warn("DE-R-027", B, Domestic + "\"Seller contact telephone number\" (BT-42) should contain a valid telephone number. A valid telephone should consist of 3 digits minimum.",
            SellerContacts, (_, e) => e.Cbc("Telephone").N().Count(char.IsAsciiDigit) >= 3),
        R.Warn("DE-R-028", B, Domestic + "\"Seller contact email address\" (BT-43) should contain exactly one @-sign, which should not be framed by a whitespace or a dot but by at least two characters on each side. A dot should not be the first or last character.",
            SellerContacts, (_, e) => Email().IsMatch(e.Cbc("ElectronicMail").N())),
        R.Fatal("DE-R-008", B, Domestic + "the element \"Buyer city\" (BT-52) shall be provided.",
            c => Under(c, "AccountingCustomerParty", "Party", "PostalAddress"), (_, e) => Given(e, "CityName")),
        R.Fatal("DE-R-009", B, Domestic + "the element \"Buyer post code\" (BT-53) shall be provided.",
            c => Under(c, "AccountingCustomerParty", "Party", "PostalAddress"), (_, e) => Given(e, "PostalZone")),
        R.Fatal("DE-R-010", B, Domestic + "the element \"Deliver to city\" (BT-77) shall be provided if the group \"DELIVER TO ADDRESS\" (BG-15) is delivered.",
            c => Under(c, "Delivery", "DeliveryLocation", "Address"), (_, e) => Given(e, "CityName")),
        R.Fatal("DE-R-011", B, Domestic + "the element \"Deliver to post code\" (BT-78) shall be provided if the group \"DELIVER TO ADDRESS\" (BG-15) is delivered.",
            c => Under(c, "Delivery", "DeliveryLocation", "Address"), (_, e) => Given(e, "PostalZone")),
        R.Fatal("DE-R-014", B, Domestic + "the element \"VAT category rate\" (BT-119) shall be provided.",
            c => Under(c, "TaxTotal", "TaxSubtotal"), (_, e) => e.Cacs("TaxCategory").Any(t => Given(t, "Percent"))),
    ];

    private static IEnumerable<XElement> SellerContacts(RuleContext c) => Under(c, "AccountingSupplierParty", "Party", "Contact");

    /// <summary>DE-R-017's supportedInvAndCNTypeCodes.</summary>
    private static readonly HashSet<string> TypeCodes = ["326", "380", "384", "389", "381", "875", "876", "877"];

    /// <summary>DE-R-016's supportedVATCodes, compared with the raw ID (the artefact does not normalize it).</summary>
    private static readonly HashSet<string> ListedVatCodes = ["S", "Z", "E", "AE", "K", "G", "L", "M"];

    /// <summary>
    /// DE-R-016's BT-95/BT-102/BT-151: a listed code on a document-level allowance or charge (whose
    /// ChargeIndicator is literally 'false' or 'true') or on a line item's classified tax category.
    /// </summary>
    private static bool UsesListedVatCode(XElement d) =>
        d.Cacs("AllowanceCharge").Where(a => a.Cbcs("ChargeIndicator").Any(i => i.Value is "false" or "true"))
            .SelectMany(a => a.Cacs("TaxCategory")).SelectMany(t => t.Cbcs("ID")).Any(id => ListedVatCodes.Contains(id.Value))
        || d.Cacs("InvoiceLine").Concat(d.Cacs("CreditNoteLine")).SelectMany(l => l.Cacs("Item")).SelectMany(i => i.Cacs("ClassifiedTaxCategory"))
            .SelectMany(t => t.Cbcs("ID")).Any(id => ListedVatCodes.Contains(id.Value));

    private static bool HasMandate(XElement d) => d.Cacs("PaymentMeans").Any(p => p.HasCac("PaymentMandate"));

    /// <summary>
    /// DE-R-022 as the artefact tests it: no AdditionalDocumentReference repeats the embedded
    /// document's @filename of an earlier one (compared exactly, despite the message's "non case-sensitive").
    /// </summary>
    private static bool FilenamesUnique(XElement d)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in d.Cacs("AdditionalDocumentReference"))
        {
            var names = reference.Cacs("Attachment").SelectMany(a => a.Cbcs("EmbeddedDocumentBinaryObject"))
                .Select(o => (string?)o.Attribute("filename")).OfType<string>().ToList();
            if (names.Any(seen.Contains)) return false;
            seen.UnionWith(names);
        }
        return true;
    }

    /// <summary>
    /// DE-R-018: every line of the first note of each PaymentTerms that starts with '#' is a complete
    /// #SKONTO#TAGE=N#PROZENT=N.NN[#BASISBETRAG=N.NN]# statement, and (tested only when there is such
    /// a line) what follows the note's last #…# segment starts with optional whitespace and a line break.
    /// </summary>
    private static bool SkontoWellFormed(XElement d)
    {
        var notes = d.Cacs("PaymentTerms").Select(t => t.Cbc("Note")).OfType<XElement>().Select(n => n.Value).ToList();
        var lines = notes.SelectMany(n => LineBreak().Split(n)).Select(Xp.Norm).Where(l => l.StartsWith('#')).ToList();
        if (lines.Count == 0) return true;
        if (!lines.All(l => Skonto().IsMatch(l))) return false;
        // tokenize(., '#.+#')[last()] of each note: XPath gives no token for an empty note, and
        // matches() on more than one token is a type error (counted here as the rule failing).
        var tails = notes.Where(n => n.Length > 0).Select(n => Segment().Split(n)[^1]).ToList();
        return tails.Count == 1 && EndsWithLineBreak().IsMatch(tails[0]);
    }

    [GeneratedRegex(@"\r?\n")] private static partial Regex LineBreak();
    [GeneratedRegex(@"^#SKONTO#TAGE=[0-9]+#PROZENT=[0-9]+\.[0-9]{2}(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#\z")] private static partial Regex Skonto();
    [GeneratedRegex(@"#[^\r\n]+#")] private static partial Regex Segment();
    [GeneratedRegex(@"^[ \t\r\n]*\n")] private static partial Regex EndsWithLineBreak();
    [GeneratedRegex(@"^[^@ \t\r\n]+@([^@. \t\r\n]+\.)+[^@. \t\r\n]+\z")] private static partial Regex Email();
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]+:")] private static partial Regex UrlWithScheme();
}
