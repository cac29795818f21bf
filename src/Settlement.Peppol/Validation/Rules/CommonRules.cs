using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// PEPPOL-COMMON rules: electronic address and party identifier formats per ICD scheme (shared by
/// Billing and the post-award transactions, R040…R057), plus the post-award empty-element, schema-location and
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
    [GeneratedRegex("^[0-9]{8}$")] private static partial Regex Kvk();
    [GeneratedRegex("^[0-9]{20}$")] private static partial Regex Oin();
    [GeneratedRegex("^[0-9]{12}$")] private static partial Regex Twelve();
    [GeneratedRegex("^NL[0-9]{9}B[0-9]{2}$")] private static partial Regex DutchVat();

    /// <summary>The schemes whose rules come before R056-2 in the pattern: a CompanyID of one of them is handled there, not by R056-2.</summary>
    private static readonly HashSet<string> SchemesBeforeR056 =
        ["0088", "0192", "0184", "0096", "0198", "0208", "0201", "0210", "0211", "0007", "0151", "0106", "0190", "9944"];

    /// <summary>cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID[starts-with(normalize-space(.), 'NL')], less those an earlier rule of the pattern took.</summary>
    private static IEnumerable<XElement> DutchVatRegistrations(RuleContext c) =>
        c.CbcAll("CompanyID").Where(e => e.Parent is { } p && p.IsCac("PartyTaxScheme") && p.Cac("TaxScheme").Cbc("ID").N() == "VAT"
            && e.N().StartsWith("NL", StringComparison.Ordinal) && !((string?)e.Attribute("schemeID") is { } s && SchemesBeforeR056.Contains(s)));

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
        R.Fatal("PEPPOL-COMMON-R049", Both, "Swedish organization number MUST be stated in the correct format.",
            c => Icd(c, "0007"), (_, e) => e.N().Length == 10 && Xp.IsNumber(e.N()) && IdentifierChecks.SeOrgnr(e.N())) with { When = c => c.Schemes.Contains("0007") },
        R.Fatal("PEPPOL-COMMON-R050", Both, "Australian Business Number (ABN) MUST be stated in the correct format.",
            c => Icd(c, "0151"), (_, e) => Eleven().IsMatch(e.N()) && IdentifierChecks.Abn(e.N())) with { When = c => c.Schemes.Contains("0151") },
        R.Fatal("PEPPOL-COMMON-R052", Both, "Danish chamber of commerce number (P) MUST be stated in the correct format.",
            c => Icd(c, "0096"), (_, e) => e.Value.Length == 10 && e.Value.All(char.IsAsciiDigit)) with { When = c => c.Schemes.Contains("0096") },
        R.Fatal("PEPPOL-COMMON-R053", Both, "Danish ERSTORG number (SE) MUST be stated in the correct format.",
            c => Icd(c, "0198"), (_, e) => e.Value.Length == 10 && e.Value.StartsWith("DK", StringComparison.Ordinal) && e.Value[2..].All(char.IsAsciiDigit))
            with { When = c => c.Schemes.Contains("0198") },
        R.Warn("PEPPOL-COMMON-R054", Both, "Dutch Chamber of Commerce (KVK) numbers (0106) MUST be stated in the correct format (12345678).",
            c => Icd(c, "0106"), (_, e) => Kvk().IsMatch(e.N())) with { When = c => c.Schemes.Contains("0106") },
        R.Warn("PEPPOL-COMMON-R055", Both, "Dutch organization identification numbers (0190) MUST be stated in the correct format (12345678901234567890).",
            c => Icd(c, "0190"), (_, e) => Oin().IsMatch(e.N())) with { When = c => c.Schemes.Contains("0190") },
        R.Warn("PEPPOL-COMMON-R056-1", Both, "Dutch VAT numbers (9944) MUST be stated in the correct format (NL123456789B12).",
            c => Icd(c, "9944"), (_, e) => DutchVat().IsMatch(e.N())) with { When = c => c.Schemes.Contains("9944") },
        R.Warn("PEPPOL-COMMON-R056-2", Both, "Dutch VAT numbers MUST have the format (NL123456789B12).",
            DutchVatRegistrations, (_, e) => DutchVat().IsMatch(e.N())),
        R.Warn("PEPPOL-COMMON-R057", Both, "Dutch Chamber of Commerce Establishment numbers (0217) MUST be stated in the correct format (123456789012).",
            c => Icd(c, "0217"), (_, e) => Twelve().IsMatch(e.N())) with { When = c => c.Schemes.Contains("0217") },

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
