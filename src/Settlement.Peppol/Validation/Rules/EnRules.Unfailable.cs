using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// Rules of the release that no schema-valid document can fail, kept so that every fatal rule of
/// CEN-EN16931-UBL is claimed and listed, and written exactly as the artefact has them:
/// BR-CO-05…08 (reason code and text "indicate the same type") have the test <c>true()</c>, as the
/// semantics cannot be checked; BR-DEC-13 and BR-DEC-15 filter <c>cbc:TaxAmount[@currencyID = cbc:DocumentCurrencyCode]</c>,
/// which reads the currency code as a child of the amount, where a schema-valid amount has none, so
/// they select nothing and hold.
/// </summary>
internal static partial class EnRules
{
    private static IEnumerable<Rule> Unfailable() =>
    [
        Allowance("BR-CO-05", false, "Document level allowance reason code (BT-98) and Document level allowance reason (BT-97) shall indicate the same type of allowance.", _ => true),
        Allowance("BR-CO-06", true, "Document level charge reason code (BT-105) and Document level charge reason (BT-104) shall indicate the same type of charge.", _ => true),
        LineAllowance("BR-CO-07", false, "Invoice line allowance reason code (BT-140) and Invoice line allowance reason (BT-139) shall indicate the same type of allowance reason.", _ => true),
        LineAllowance("BR-CO-08", true, "Invoice line charge reason code (BT-145) and Invoice line charge reason (BT-144) shall indicate the same type of charge reason.", _ => true),
        R.Fatal("BR-DEC-13", B, "The allowed maximum number of decimals for the Invoice total VAT amount (BT-110) is 2.",
            R.Root, (c, _) => TaxAmountsInCurrencyOf(c, "DocumentCurrencyCode").All(a => a.AtMostTwoDecimals())),
        R.Fatal("BR-DEC-15", B, "The allowed maximum number of decimals for the Invoice total VAT amount in accounting currency (BT-111) is 2.",
            R.Root, (c, _) => TaxAmountsInCurrencyOf(c, "TaxCurrencyCode").All(a => a.AtMostTwoDecimals())),
    ];

    /// <summary>//cac:TaxTotal/cbc:TaxAmount[@currencyID = cbc:NAME], the child cbc:NAME of the amount itself, as the artefact reads it.</summary>
    private static IEnumerable<XElement> TaxAmountsInCurrencyOf(RuleContext c, string name) =>
        c.CacAll("TaxTotal").SelectMany(t => t.Cbcs("TaxAmount")).Where(a => a.Attribute("currencyID") is { } id && a.Cbcs(name).Any(code => code.Value == id.Value));
}
