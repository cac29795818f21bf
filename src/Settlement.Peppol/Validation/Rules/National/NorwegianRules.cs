using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The Norwegian national rules of PEPPOL BIS Billing 3 (NO-R-001, NO-R-002): for a seller whose
/// artefact $supplierCountry is NO (its VAT prefix first, see <see cref="ArtefactCountries"/>), a VAT
/// number NO + organisation number (mod 11) + MVA, and the "Foretaksregisteret" statement.
/// </summary>
internal static class NorwegianRules
{
    private const Docs B = Docs.Billing;

    private static bool NorwegianSupplier(RuleContext c) => ArtefactCountries.Supplier(c) == "NO";
    private static Rule Norwegian(Rule r) => r with { When = NorwegianSupplier };

    private static IEnumerable<XElement> SupplierParty(RuleContext c) =>
        c.Root.Cac("AccountingSupplierParty").Cac("Party") is { } p ? [p] : [];

    private static IEnumerable<XElement> SchemeIds(XElement party, string scheme) =>
        party.Cacs("PartyTaxScheme").Where(s => s.Cac("TaxScheme").Cbc("ID").N() == scheme).SelectMany(s => s.Cbcs("CompanyID"));

    /// <summary>A VAT number NO + nine digits + MVA whose nine digits pass the organisation number's mod 11.</summary>
    private static bool IsNorwegianVat(string v)
    {
        if (v.Length != 14 || !v.StartsWith("NO", StringComparison.Ordinal) || !v.EndsWith("MVA", StringComparison.Ordinal)) return false;
        var orgnr = v.Substring(2, 9);
        return orgnr.All(char.IsAsciiDigit) && IdentifierChecks.Mod11(orgnr);
    }

    public static IEnumerable<Rule> All() =>
    [
        Norwegian(R.Warn("NO-R-002", B, "For Norwegian suppliers, most invoice issuers are required to append \"Foretaksregisteret\" to their invoice. \"Dersom selger er aksjeselskap, allmennaksjeselskap eller filial av utenlandsk selskap skal også ordet «Foretaksregisteret» fremgå av salgsdokumentet, jf. foretaksregisterloven § 10-2.\"",
            SupplierParty, (_, p) => SchemeIds(p, "TAX").FirstOrDefault().N() == "Foretaksregisteret")),
        Norwegian(R.Fatal("NO-R-001", B, "For Norwegian suppliers, a VAT number MUST be the country code prefix NO followed by a valid Norwegian organization number (nine numbers) followed by the letters MVA.",
            SupplierParty, (_, p) =>
            {
                // Only a VAT number that starts with NO is checked (the artefact's "or not(... = 'NO')").
                var vat = SchemeIds(p, "VAT").FirstOrDefault(v => v.Value.StartsWith("NO", StringComparison.Ordinal));
                return vat is null || IsNorwegianVat(vat.Value);
            })),
    ];
}
