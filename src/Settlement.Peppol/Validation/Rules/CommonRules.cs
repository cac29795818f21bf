using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// PEPPOL-COMMON rules: electronic address and party identifier formats per ICD scheme (shared by
/// Billing and the post-award transactions), plus the post-award empty-element, schema-location and
/// date-format rules (PEPPOL-COMMON-R001, -R003, -R030).
/// </summary>
internal static partial class CommonRules
{
    private const Docs Both = Docs.Billing | Docs.PostAward;

    /// <summary>cbc:EndpointID[@schemeID=s] | cac:PartyIdentification/cbc:ID[@schemeID=s] | cbc:CompanyID[@schemeID=s].</summary>
    private static IEnumerable<XElement> Icd(RuleContext c, string scheme, bool endpointOnly = false)
    {
        foreach (var e in c.CbcAll("EndpointID")) if ((string?)e.Attribute("schemeID") == scheme) yield return e;
        if (endpointOnly) yield break;
        foreach (var e in c.CbcAll("ID")) if (e.ParentIs("PartyIdentification") && (string?)e.Attribute("schemeID") == scheme) yield return e;
        foreach (var e in c.CbcAll("CompanyID")) if ((string?)e.Attribute("schemeID") == scheme) yield return e;
    }

    [GeneratedRegex("^[0-9]+$")] private static partial Regex Digits();
    [GeneratedRegex("^[0-9]{9}$")] private static partial Regex Nine();
    [GeneratedRegex("^[0-9]{10}$")] private static partial Regex Ten();
    [GeneratedRegex("^[0-9]{11}$")] private static partial Regex Eleven();

    public static IEnumerable<Rule> All() =>
    [
        R.Fatal("PEPPOL-COMMON-R040", Both, "GLN must have a valid format according to GS1 rules.",
            c => Icd(c, "0088"), (_, e) => Digits().IsMatch(e.N()) && IdentifierChecks.Gln(e.N())) with { When = c => c.Schemes.Contains("0088") },
        R.Fatal("PEPPOL-COMMON-R041", Both, "Norwegian organization number MUST be stated in the correct format.",
            c => Icd(c, "0192"), (_, e) => Nine().IsMatch(e.N()) && IdentifierChecks.Mod11(e.N())) with { When = c => c.Schemes.Contains("0192") },
        R.Fatal("PEPPOL-COMMON-R042", Docs.Billing, "Danish organization number (CVR) MUST be stated in the correct format.",
            c => Icd(c, "0184"), (_, e) => DanishCvr(e.Value)) with { When = c => c.Schemes.Contains("0184") },
        R.Fatal("PEPPOL-COMMON-R043", Both, "Belgian enterprise number MUST be stated in the correct format.",
            c => Icd(c, "0208"), (_, e) => Ten().IsMatch(e.N()) && IdentifierChecks.Mod97Be(e.N())) with { When = c => c.Schemes.Contains("0208") },
        R.Warn("PEPPOL-COMMON-R044", Both, "IPA Code (Codice Univoco Unità Organizzativa) must be stated in the correct format",
            c => Icd(c, "0201"), (_, e) => IdentifierChecks.CodiceIpa(e.N())) with { When = c => c.Schemes.Contains("0201") },
        R.Warn("PEPPOL-COMMON-R045", Both, "Tax Code (Codice Fiscale) must be stated in the correct format",
            c => Icd(c, "0210"), (_, e) => IdentifierChecks.CodiceFiscale(e.N())) with { When = c => c.Schemes.Contains("0210") },
        R.Warn("PEPPOL-COMMON-R046", Both, "Tax Code (Codice Fiscale) must be stated in the correct format",
            c => Icd(c, "9907", endpointOnly: true), (_, e) => IdentifierChecks.CodiceFiscale(e.N())) with { When = c => c.Schemes.Contains("9907") },
        R.Warn("PEPPOL-COMMON-R047", Both, "Italian VAT Code (Partita Iva) must be stated in the correct format",
            c => Icd(c, "0211"), (_, e) => IdentifierChecks.PartitaIvaSeIt(e.N())) with { When = c => c.Schemes.Contains("0211") },
        R.Warn("PEPPOL-COMMON-R048", Docs.PostAward, "Italian VAT Code (Partita Iva) must be stated in the correct format",
            c => Icd(c, "9906", endpointOnly: true), (_, e) => IdentifierChecks.PartitaIvaSeIt(e.N())) with { When = c => c.Schemes.Contains("9906") },
        R.Fatal("PEPPOL-COMMON-R049", Both, "Swedish organization number MUST be stated in the correct format.",
            c => Icd(c, "0007"), (_, e) => e.N().Length == 10 && Xp.IsNumber(e.N()) && IdentifierChecks.SeOrgnr(e.N())) with { When = c => c.Schemes.Contains("0007") },
        R.Fatal("PEPPOL-COMMON-R050", Both, "Australian Business Number (ABN) MUST be stated in the correct format.",
            c => Icd(c, "0151"), (_, e) => Eleven().IsMatch(e.N()) && IdentifierChecks.Abn(e.N())) with { When = c => c.Schemes.Contains("0151") },

        // Post-award common rules (Order, Invoice Response).
        R.Fatal("PEPPOL-COMMON-R001", Docs.PostAward, "Document MUST not contain empty elements.",
            EmptyElements, (_, _) => false),
        R.Warn("PEPPOL-COMMON-R003", Docs.PostAward, "Document SHOULD not contain schema location.",
            R.Root, (_, e) => !e.Attributes().Any(a => a.Name.LocalName == "schemaLocation")),
        R.Fatal("PEPPOL-COMMON-R030", Docs.PostAward, "A date must be formatted YYYY-MM-DD.",
            Dates, (_, e) => IdentifierChecks.IsIsoDate(e.Value)),
    ];

    private static bool DanishCvr(string s) =>
        (s.Length == 10 && s.StartsWith("DK", StringComparison.Ordinal) && s[2..].All(char.IsAsciiDigit)) ||
        (s.Length == 8 && s.All(char.IsAsciiDigit));

    /// <summary>//*[not(*) and not(normalize-space())]: elements with no child element and no text.</summary>
    public static IEnumerable<XElement> EmptyElements(RuleContext c)
    {
        foreach (var e in c.AllElements)
            if (!e.HasElements && Xp.Norm(e.Value).Length == 0) yield return e;
    }

    private static readonly string[] DateNames = ["IssueDate", "DueDate", "TaxPointDate", "StartDate", "EndDate", "ActualDeliveryDate"];

    /// <summary>cbc:IssueDate | cbc:DueDate | cbc:TaxPointDate | cbc:StartDate | cbc:EndDate | cbc:ActualDeliveryDate.</summary>
    public static IEnumerable<XElement> Dates(RuleContext c) => DateNames.SelectMany(c.CbcAll);
}
