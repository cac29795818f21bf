using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>The Swedish national rules of PEPPOL BIS Billing 3 (SE-R-001 … SE-R-013).</summary>
internal static class SwedishRules
{
    private const Docs B = Docs.Billing;

    private static XElement? SupplierParty(RuleContext c) => c.Root.Cac("AccountingSupplierParty").Cac("Party");
    private static XElement? CustomerParty(RuleContext c) => c.Root.Cac("AccountingCustomerParty").Cac("Party");

    private static bool InSweden(XElement? party) =>
        party.Cac("PostalAddress").Cac("Country").Cbcs("IdentificationCode").Any(i => i.Value == "SE");

    private static IEnumerable<XElement> VatSchemes(XElement? party) =>
        party.Cacs("PartyTaxScheme").Where(s => s.Cac("TaxScheme").Cbcs("ID").Any(i => i.Value == "VAT"));

    /// <summary>A Swedish supplier with a Swedish VAT number: the SE-R-001/002/006 context.</summary>
    private static bool SwedishVatSupplier(RuleContext c) => c.Memo("seVatSupplier", ctx =>
    {
        var p = SupplierParty(ctx);
        return InSweden(p) && VatSchemes(p).Any(s => s.Cbc("CompanyID").S() is { Length: >= 2 } v && v[..2] == "SE");
    });

    private static bool SwedishSupplier(RuleContext c) => c.Memo("seSupplier", ctx => InSweden(SupplierParty(ctx)));

    private static IEnumerable<XElement> GiroAccounts(RuleContext c, string branch) =>
        SwedishSupplier(c)
            ? c.CacAll("PaymentMeans").Where(p => p.Cbc("PaymentMeansCode").N() == "30" && p.Cac("PayeeFinancialAccount").Cac("FinancialInstitutionBranch").Cbc("ID").N() == branch)
                .Select(p => p.Cac("PayeeFinancialAccount").Cbc("ID")).OfType<XElement>()
            : [];

    public static IEnumerable<Rule> All() =>
    [
        R.Fatal("SE-R-001", B, "For Swedish suppliers, Swedish VAT-numbers must consist of 14 characters.",
            c => SwedishVatSupplier(c) ? [SupplierParty(c)!] : [], (_, p) => VatSchemes(p).First().Cbc("CompanyID").N().Length == 14),
        R.Fatal("SE-R-002", B, "For Swedish suppliers, the Swedish VAT-numbers must have the trailing 12 characters in numeric form",
            c => SwedishVatSupplier(c) ? [SupplierParty(c)!] : [], (_, p) =>
            {
                var v = VatSchemes(p).First().Cbc("CompanyID").S();
                return Xp.IsNumber(v.Length > 2 ? v.Substring(2, Math.Min(12, v.Length - 2)) : "");
            }),
        R.Fatal("SE-R-003", B, "Swedish organisation numbers should be numeric.",
            SupplierLegalEntities, (_, e) => Xp.IsNumber(e.Cbc("CompanyID").S())),
        R.Fatal("SE-R-004", B, "Swedish organisation numbers consist of 10 characters.",
            SupplierLegalEntities, (_, e) => e.Cbc("CompanyID").N().Length == 10),
        R.Fatal("SE-R-013", B, "The last digit of a Swedish organization number must be valid according to the Luhn algorithm.",
            SupplierLegalEntities, (_, e) => IdentifierChecks.SeOrgnr(e.Cbc("CompanyID").N())),
        R.Fatal("SE-R-005", B, "For Swedish suppliers, when using Seller tax registration identifier, 'Godkänd för F-skatt' must be stated",
            c =>
            {
                var p = SupplierParty(c);
                if (!InSweden(p) || !p.Cacs("PartyLegalEntity").Any(l => l.HasCbc("CompanyID"))) return [];
                return p.Cacs("PartyTaxScheme").Where(s => Xp.Norm(s.Cac("TaxScheme").Cbc("ID")?.Value.ToUpperInvariant()) != "VAT").SelectMany(s => s.Cbcs("CompanyID"));
            },
            (_, e) => Xp.Norm(e.Value.ToUpperInvariant()) == "GODKÄND FÖR F-SKATT"),
        R.Fatal("SE-R-006", B, "For Swedish suppliers, only standard VAT rate of 6, 12 or 25 are used",
            c => SwedishVatSupplier(c)
                ? c.CacAll("TaxCategory").Concat(c.CacAll("ClassifiedTaxCategory")).Where(t => t.Cbcs("ID").Any(i => i.Value == "S"))
                : [],
            (_, t) => t.Cbc("Percent").Num() is 25 or 12 or 6),
        R.Warn("SE-R-007", B, "For Swedish suppliers using Plusgiro, the Account ID must be numeric ",
            c => GiroAccounts(c, "SE:PLUSGIRO"), (_, e) => Xp.IsNumber(e.N())),
        R.Warn("SE-R-010", B, "For Swedish suppliers using Plusgiro, the Account ID must have 2-8 characters",
            c => GiroAccounts(c, "SE:PLUSGIRO"), (_, e) => e.N().Length is >= 2 and <= 8),
        R.Warn("SE-R-008", B, "For Swedish suppliers using Bankgiro, the Account ID must be numeric ",
            c => GiroAccounts(c, "SE:BANKGIRO"), (_, e) => Xp.IsNumber(e.N())),
        R.Warn("SE-R-009", B, "For Swedish suppliers using Bankgiro, the Account ID must have 7-8 characters",
            c => GiroAccounts(c, "SE:BANKGIRO"), (_, e) => e.N().Length is 7 or 8),
        R.Warn("SE-R-011", B, "For Swedish suppliers using Swedish Bankgiro or Plusgiro, the proper way to indicate this is to use Code 30 for PaymentMeans and FinancialInstitutionBranch ID with code SE:BANKGIRO or SE:PLUSGIRO",
            c => SwedishSupplier(c) ? c.CacAll("PaymentMeans").Where(p => p.Cbcs("PaymentMeansCode").Any(m => m.Value is "50" or "56")) : [],
            (_, _) => false),
        R.Warn("SE-R-012", B, "For domestic transactions between Swedish trading partners, credit transfer should be indicated by PaymentMeansCode=\"30\"",
            c => SwedishSupplier(c) && InSweden(CustomerParty(c)) ? c.CacAll("PaymentMeans").Where(p => p.Cbcs("PaymentMeansCode").Any(m => m.Value == "31")) : [],
            (_, _) => false),
    ];

    /// <summary>The supplier's PartyLegalEntity with a CompanyID, when the supplier's address is in Sweden.</summary>
    private static IEnumerable<XElement> SupplierLegalEntities(RuleContext c)
    {
        var p = SupplierParty(c);
        return InSweden(p) ? p.Cacs("PartyLegalEntity").Where(l => l.HasCbc("CompanyID")) : [];
    }
}
