using Settlement.Peppol.Validation.Release;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// The code lists the C# rules restrict values to, as the release's artefacts hold them: read from
/// the rule files <c>tools/Settlement.RuleGen</c> generates from them (<c>Validation/Release/*.tsv</c>,
/// each naming its release and artefact), never typed here. A list the artefact writes into a rule
/// is named by the rule (<c>PEPPOL-EN16931-P0100</c>); one it declares once by its name there
/// (<c>eaid</c>, <c>UNCL5189</c>, <c>clUNCL7161</c>).
/// </summary>
internal static class CodeLists
{
    private static ReleaseRuleFile Billing => ReleaseRuleFile.Get("PEPPOL-EN16931-UBL.tsv");
    private static ReleaseRuleFile Cen => ReleaseRuleFile.Get("CEN-EN16931-UBL.tsv");
    private static ReleaseRuleFile Order => ReleaseRuleFile.Get("PEPPOLBIS-T01.tsv");

    private static HashSet<string> Set(ReleaseRuleFile file, string name) => new(file.List(name), StringComparer.Ordinal);

    /// <summary>PEPPOL-EN16931-CL007: ISO 4217 currency codes.</summary>
    public static readonly HashSet<string> Iso4217 = Set(Billing, "ISO4217");
    /// <summary>PEPPOL-EN16931-CL001: the MIME codes of attachments.</summary>
    public static readonly HashSet<string> MimeCodes = Set(Billing, "MIMECODE");
    /// <summary>PEPPOL-EN16931-CL006: UNCL 2005, VAT point date codes.</summary>
    public static readonly HashSet<string> Uncl2005 = Set(Billing, "UNCL2005");
    /// <summary>PEPPOL-EN16931-CL002: UNCL 5189, allowance reason codes.</summary>
    public static readonly HashSet<string> Uncl5189 = Set(Billing, "UNCL5189");
    /// <summary>PEPPOL-EN16931-CL003: UNCL 7161, charge reason codes.</summary>
    public static readonly HashSet<string> Uncl7161 = Set(Billing, "UNCL7161");
    /// <summary>PEPPOL-EN16931-CL008: the electronic address schemes (EAS).</summary>
    public static readonly HashSet<string> Eas = Set(Billing, "eaid");
    /// <summary>PEPPOL-EN16931-P0100: the invoice type codes of the profiles it applies to.</summary>
    public static readonly HashSet<string> InvoiceTypes = Set(Billing, "PEPPOL-EN16931-P0100");
    /// <summary>The business processes P0100 restricts invoice type codes in ('01', '02').</summary>
    public static readonly HashSet<string> InvoiceTypeProcesses = Set(Billing, "PEPPOL-EN16931-P0100-profiles");
    /// <summary>PEPPOL-EN16931-P0101: the credit note type codes of the profiles it applies to.</summary>
    public static readonly HashSet<string> CreditNoteTypes = Set(Billing, "PEPPOL-EN16931-P0101");
    /// <summary>The business processes P0101 restricts credit note type codes in.</summary>
    public static readonly HashSet<string> CreditNoteTypeProcesses = Set(Billing, "PEPPOL-EN16931-P0101-profiles");
    /// <summary>PEPPOL-EN16931-R061: the payment means codes of direct debit.</summary>
    public static readonly HashSet<string> DirectDebit = Set(Billing, "PEPPOL-EN16931-R061");

    /// <summary>
    /// The business process of each profile identifier the Billing artefact accepts (its <c>$profile</c>:
    /// "01" for <c>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</c>, "02" for <c>urn:peppol:bis:billing_with_response</c>…).
    /// </summary>
    public static IReadOnlyDictionary<string, string> BillingProcesses => Billing.Processes;

    /// <summary>
    /// The country prefixes BR-CO-09 accepts for VAT identifiers, as the text the rule searches
    /// (<c>contains(' 1A AD … ', substring(cbc:CompanyID, 1, 2))</c>: a space before, between and after).
    /// </summary>
    public static readonly string VatPrefixes = " " + string.Join(' ', Cen.List("BR-CO-09")) + " ";

    /// <summary>The country prefixes PEPPOL-T01-R026 accepts, as the text the rule searches (<c>contains('AD AE …', …)</c>: spaces between only).</summary>
    public static readonly string OrderVatPrefixes = string.Join(' ', Order.List("PEPPOL-T01-R026"));

    /// <summary>PEPPOL-T01-R031: the profiles an order may use.</summary>
    public static readonly HashSet<string> OrderProfiles = Set(Order, "PEPPOL-T01-R031");
    /// <summary>PEPPOL-T01-CL001: UNCL 5189 as the Order artefact has it.</summary>
    public static readonly HashSet<string> OrderUncl5189 = Set(Order, "clUNCL5189");
    /// <summary>PEPPOL-T01-CL002: UNCL 7161 as the Order artefact has it.</summary>
    public static readonly HashSet<string> OrderUncl7161 = Set(Order, "clUNCL7161");
}
