using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The Italian national rules of PEPPOL BIS Billing 3 (IT-R-001 … IT-R-004): for a seller whose
/// artefact $supplierCountry is IT (its VAT prefix first, see <see cref="ArtefactCountries"/>), the tax
/// registration identifier's form and the postal address lines the Italian tax exchange needs.
/// </summary>
internal static class ItalianRules
{
    private const Docs B = Docs.Billing;

    private static bool ItalianSupplier(RuleContext c) => ArtefactCountries.Supplier(c) == "IT";
    private static Rule Italian(Rule r) => r with { When = ItalianSupplier };

    private static IEnumerable<XElement> SupplierParty(RuleContext c) =>
        c.Root.Cac("AccountingSupplierParty").Cac("Party") is { } p ? [p] : [];

    /// <summary>^[A-Z0-9]{11,16}$ on the normalized CompanyID.</summary>
    private static bool IsTaxCode(string s) => s.Length is >= 11 and <= 16 && s.All(ch => char.IsAsciiDigit(ch) || char.IsAsciiLetterUpper(ch));

    public static IEnumerable<Rule> All() =>
    [
        Italian(R.Fatal("IT-R-001", B, "BT-32 (Seller tax registration identifier) - For Italian suppliers BT-32 minimum length 11 and maximum length shall be 16. Per i fornitori italiani il BT-32 deve avere una lunghezza tra 11 e 16 caratteri",
            c => SupplierParty(c).SelectMany(p => p.Cacs("PartyTaxScheme")).Where(s => s.Cac("TaxScheme").Cbc("ID").N() != "VAT"),
            (_, s) => IsTaxCode(s.Cbc("CompanyID").N()))),
        Italian(R.Fatal("IT-R-002", B, "BT-35 (Seller address line 1) - Italian suppliers MUST provide the postal address line 1 - I fornitori italiani devono indicare l'indirizzo postale.",
            SupplierParty, (_, p) => p.Cac("PostalAddress").HasCbc("StreetName"))),
        Italian(R.Fatal("IT-R-003", B, "BT-37 (Seller city) - Italian suppliers MUST provide the postal address city - I fornitori italiani devono indicare la città di residenza.",
            SupplierParty, (_, p) => p.Cac("PostalAddress").HasCbc("CityName"))),
        Italian(R.Fatal("IT-R-004", B, "BT-38 (Seller post code) - Italian suppliers MUST provide the postal address post code - I fornitori italiani devono indicare il CAP di residenza.",
            SupplierParty, (_, p) => p.Cac("PostalAddress").HasCbc("PostalZone"))),
    ];
}
