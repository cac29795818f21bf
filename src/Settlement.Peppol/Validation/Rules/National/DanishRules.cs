using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The Danish national rules of PEPPOL BIS Billing 3 (DK-R-002 … DK-R-017; release 2026.5 has no
/// DK-R-001, 012 or 015). The artefact keys them on the supplier's postal country being exactly "DK"
/// ($DKSupplierCountry, not trimmed); most also need a Danish customer ($DKCustomerCountry). Both are
/// decided once per document in a <c>When</c> guard, so a non-Danish document costs one lookup per rule.
/// </summary>
internal static class DanishRules
{
    private const Docs B = Docs.Billing;

    private static string PostalCountry(RuleContext c, string role) =>
        ArtefactCountries.AddressCountry(c.Root.Cac(role).Cac("Party")) ?? "";

    private static bool DanishSupplier(RuleContext c) => c.Memo("dk.supplier", ctx => PostalCountry(ctx, "AccountingSupplierParty") == "DK");

    private static bool DanishToDanish(RuleContext c) =>
        DanishSupplier(c) && c.Memo("dk.customer", ctx => PostalCountry(ctx, "AccountingCustomerParty") == "DK");

    private static Rule Supplier(Rule r) => r with { When = DanishSupplier };
    private static Rule Domestic(Rule r) => r with { When = DanishToDanish };

    private static XElement? SupplierParty(RuleContext c) => c.Root.Cac("AccountingSupplierParty").Cac("Party");
    private static XElement? CustomerParty(RuleContext c) => c.Root.Cac("AccountingCustomerParty").Cac("Party");

    /// <summary>normalize-space(x/text()) != '': the element has non-blank text of its own.</summary>
    private static bool HasText(XElement? e) => Xp.Norm(e.Text()).Length > 0;

    /// <summary>A legal entity CompanyID whose schemeID is not "0184" (DK CVR), the test of DK-R-014 and DK-R-017.</summary>
    private static bool CompanyIdWithoutCvrScheme(XElement? party) =>
        party.Cac("PartyLegalEntity").Cbc("CompanyID") is { } id && Xp.Norm((string?)id.Attribute("schemeID")) != "0184";

    private static string Code(XElement means) => means.Cbc("PaymentMeansCode").S();

    /// <summary>substring(cbc:PaymentID, 1, 3).</summary>
    private static string PaymentIdPrefix(XElement means)
    {
        var id = means.Cbc("PaymentID").S();
        return id.Length > 3 ? id[..3] : id;
    }

    private static bool IsGiroAccount(string s) => s.Length is 7 or 8 && s.All(char.IsAsciiDigit);

    private static readonly HashSet<string> TstVersions = new(["19.05.01", "19.0501", "26.08.01", "26.0801"], StringComparer.Ordinal);

    public static IEnumerable<Rule> All() =>
    [
        Supplier(R.Fatal("DK-R-002", B, "Danish suppliers MUST provide legal entity (CVR-number)",
            R.Root, (c, _) => HasText(SupplierParty(c).Cac("PartyLegalEntity").Cbc("CompanyID")))),
        Supplier(R.Fatal("DK-R-014", B, "For Danish Suppliers it is mandatory to specify schemeID as \"0184\" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingSupplierParty",
            R.Root, (c, _) => !CompanyIdWithoutCvrScheme(SupplierParty(c)))),
        Supplier(R.Fatal("DK-R-016", Docs.CreditNote, "For Danish Suppliers, a Credit note cannot have a negative total (PayableAmount)",
            R.Root, (c, root) => !(PostalCountry(c, "AccountingCustomerParty") == "DK"
                && Xp.Num(root.Cac("LegalMonetaryTotal").Cbc("PayableAmount").Text()) < 0))),
        Domestic(R.Fatal("DK-R-013", B, "For Danish Suppliers it is mandatory to use schemeID when PartyIdentification/ID is used for AccountingCustomerParty or AccountingSupplierParty",
            c => SupplierParty(c).Cacs("PartyIdentification").Concat(CustomerParty(c).Cacs("PartyIdentification")),
            (_, pi) => !(pi.Cbc("ID") is { } id && Xp.Norm((string?)id.Attribute("schemeID")).Length == 0))),
        Domestic(R.Fatal("DK-R-005", Docs.Invoice, "For Danish suppliers the following Payment means codes are allowed: 1, 10, 31, 42, 48, 49, 50, 58, 59, 93 and 97",
            PaymentMeans, (_, m) => " 1 10 31 42 48 49 50 58 59 93 97 ".Contains(' ' + Code(m) + ' ', StringComparison.Ordinal))),
        Domestic(R.Fatal("DK-R-006", Docs.Invoice, "For Danish suppliers bank account and registration account is mandatory if payment means is 31 or 42",
            PaymentMeans, (_, m) => !(Code(m) is "31" or "42"
                && !(HasText(m.Cac("PayeeFinancialAccount").Cbc("ID")) && HasText(m.Cac("PayeeFinancialAccount").Cac("FinancialInstitutionBranch").Cbc("ID")))))),
        Domestic(R.Fatal("DK-R-007", Docs.Invoice, "For Danish suppliers PaymentMandate/ID and PayerFinancialAccount/ID are mandatory when payment means is 49",
            PaymentMeans, (_, m) => !(Code(m) == "49"
                && !(HasText(m.Cac("PaymentMandate").Cbc("ID")) && HasText(m.Cac("PaymentMandate").Cac("PayerFinancialAccount").Cbc("ID")))))),
        Domestic(R.Fatal("DK-R-008", Docs.Invoice, "For Danish Suppliers PaymentID is mandatory and MUST start with 01#, 04# or 15# (kortartkode), and PayeeFinancialAccount/ID (Giro kontonummer) is mandatory and must be 7 or 8 numerical characters long, when payment means equals 50 (Giro)",
            PaymentMeans, (_, m) => !(Code(m) == "50"
                && !(PaymentIdPrefix(m) is "01#" or "04#" or "15#" && IsGiroAccount(m.Cac("PayeeFinancialAccount").Cbc("ID").S()))))),
        Domestic(R.Fatal("DK-R-009", Docs.Invoice, "For Danish Suppliers if the PaymentID is prefixed with 04# or 15# the 16 digits instruction Id must be added to the PaymentID eg. \"04#1234567890123456\" when Payment means equals 50 (Giro)",
            PaymentMeans, (_, m) => !(Code(m) == "50" && PaymentIdPrefix(m) is "04#" or "15#" && m.Cbc("PaymentID").S().Length != 19))),
        Domestic(R.Fatal("DK-R-010", Docs.Invoice, "For Danish Suppliers using PaymentMeansCode 93, PaymentID is mandatory. The first three characters of the PaymentID MUST be 71#, 73# or 75# (kortartskode), and PayeeFinancialAccount/ID MUST be exactly 8 characters long.",
            PaymentMeans, (_, m) => !(Code(m) == "93"
                && !(PaymentIdPrefix(m) is "71#" or "73#" or "75#" && m.Cac("PayeeFinancialAccount").Cbc("ID").Text().Length == 8)))),
        Domestic(R.Fatal("DK-R-011", Docs.Invoice, "For Danish Suppliers if the PaymentID is prefixed with 71# or 75# the 15-16 digits instruction Id must be added to the PaymentID eg. \"71#1234567890123456\" when payment Method equals 93 (FIK)",
            PaymentMeans, (_, m) => !(Code(m) == "93" && PaymentIdPrefix(m) is "71#" or "75#" && m.Cbc("PaymentID").S().Length is not (18 or 19)))),
        Domestic(R.Fatal("DK-R-017", B, "For Danish Customers it is mandatory to specify schemeID as \"0184\" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingCustomerParty",
            c => CustomerParty(c) is { } p ? [p] : [], (_, p) => !CompanyIdWithoutCvrScheme(p))),
        Domestic(R.Fatal("DK-R-003", B, "If ItemClassification is provided from Danish suppliers, UNSPSC version 19.05.01 or 26.08.01 should be used.",
            c => c.Lines, (_, line) =>
            {
                var codes = line.Cac("Item").Cacs("CommodityClassification").SelectMany(k => k.Cbcs("ItemClassificationCode")).ToList();
                return !(codes.Any(k => (string?)k.Attribute("listID") == "TST")
                    && !codes.Any(k => (string?)k.Attribute("listVersionID") is { } v && TstVersions.Contains(v)));
            })),
        Domestic(R.Fatal("DK-R-004", B, "When specifying non-VAT Taxes for Danish customers, Danish suppliers MUST use the AllowanceChargeReasonCode=\"ZZZ\" and MUST be specified in AllowanceChargeReason; Either as the 4-digit Tax category or must include a #, but the # is not allowed as first and last character",
            c => c.CacAll("AllowanceCharge"), (_, a) => !(a.Cbcs("AllowanceChargeReasonCode").Any(r => r.Value == "ZZZ") && !ValidTaxReason(a.Cbc("AllowanceChargeReason"))))),
    ];

    /// <summary>The document's own PaymentMeans (the DK-R-005…011 context is /Invoice/cac:PaymentMeans).</summary>
    private static IEnumerable<XElement> PaymentMeans(RuleContext c) => c.Root.Cacs("PaymentMeans");

    /// <summary>DK-R-004's reason: a 4-character number 0–9999, or text with a # neither first nor last.</summary>
    private static bool ValidTaxReason(XElement? reason)
    {
        if (reason is null) return false;
        var n = Xp.Num(reason.Value);
        if (Xp.Norm(reason.Text()).Length == 4 && n >= 0 && n <= 9999) return true;
        var s = reason.Value;
        return s.Contains('#') && !s.StartsWith('#') && !s.EndsWith('#');
    }
}
