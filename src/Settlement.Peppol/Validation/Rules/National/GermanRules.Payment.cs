using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules.National;

/// <summary>
/// The German payment-means rules (DE-R-019, 020, 023-1 … 025-2): each payment means code implies
/// exactly one of credit transfer (BG-17), payment card (BG-18) or direct debit (BG-19), and the SEPA
/// codes carry a valid IBAN. The artefact selects a means by its normalized code.
/// </summary>
internal static partial class GermanRules
{
    private static IEnumerable<Rule> PaymentRules() =>
    [
        R.Warn("DE-R-019", B, Domestic + "the element \"Payment account identifier\" (BT-84) should contain a valid IBAN if code 58 SEPA is provided in \"Payment means type code\" (BT-81).",
            c => Means(c, "30", "58"), (_, p) => p.Cbc("PaymentMeansCode").N() != "58" || ValidIban(p.Cac("PayeeFinancialAccount").Cbc("ID").S())),
        R.Fatal("DE-R-023-1", B, "If both supplier and customer are German, if \"Payment means type code\" (BT-81) contains a code for credit transfer (30, 58), \"CREDIT TRANSFER\" (BG-17) shall be provided.",
            c => Means(c, "30", "58"), (_, p) => p.HasCac("PayeeFinancialAccount")),
        R.Fatal("DE-R-023-2", B, Domestic + "and if \"Payment means type code\" (BT-81) contains a code for credit transfer (30, 58), BG-18 and BG-19 shall not be provided.",
            c => Means(c, "30", "58"), (_, p) => !p.HasCac("CardAccount") && !p.HasCac("PaymentMandate")),
        R.Fatal("DE-R-024-1", B, Domestic + "and if \"Payment means type code\" (BT-81) contains a code for payment card (48, 54, 55), \"PAYMENT CARD INFORMATION\" (BG-18) shall be provided.",
            c => Means(c, "48", "54", "55"), (_, p) => p.HasCac("CardAccount")),
        R.Fatal("DE-R-024-2", B, Domestic + "and if \"Payment means type code\" (BT-81) contains a code for payment card (48, 54, 55), BG-17 and BG-19 shall not be provided.",
            c => Means(c, "48", "54", "55"), (_, p) => !p.HasCac("PayeeFinancialAccount") && !p.HasCac("PaymentMandate")),
        R.Warn("DE-R-020", B, Domestic + "the element \"Debited account identifier\" (BT-91) should contain a valid IBAN if code 59 SEPA is provided in \"Payment means type code\" (BT-81). ",
            c => Means(c, "59"), (_, p) => ValidIban(p.Cac("PaymentMandate").Cac("PayerFinancialAccount").Cbc("ID").S())),
        R.Fatal("DE-R-025-1", B, Domestic + "and if \"Payment means type code\" (BT-81) contains a code for direct debit (59), \"DIRECT DEBIT\" (BG-19) shall be provided.",
            c => Means(c, "59"), (_, p) => p.HasCac("PaymentMandate")),
        R.Fatal("DE-R-025-2", B, Domestic + "and if \"Payment means type code\" (BT-81) contains a code for direct debit (59), BG-17 and BG-18 shall not be provided.",
            c => Means(c, "59"), (_, p) => !p.HasCac("PayeeFinancialAccount") && !p.HasCac("CardAccount")),
    ];

    /// <summary>The document's PaymentMeans whose normalized code is one of the given ones.</summary>
    private static IEnumerable<XElement> Means(RuleContext c, params string[] codes) =>
        c.Root.Cacs("PaymentMeans").Where(p => codes.Contains(p.Cbc("PaymentMeansCode").N()));

    /// <summary>
    /// The artefact's IBAN test: whitespace removed, two capital letters, two digits, up to 30 letters
    /// or digits; then the first four characters moved to the end (the country upper-cased), each letter
    /// read as its code point minus 55 (so a lower-case letter counts 42…67, as the artefact has it)
    /// and the resulting number modulo 97 is 1.
    /// </summary>
    private static bool ValidIban(string raw)
    {
        var iban = XPathWhitespace().Replace(raw, "");
        if (!IbanShape().IsMatch(iban)) return false;
        var mod = 0;
        foreach (var ch in iban[4..] + iban[..2].ToUpperInvariant() + iban[2..4])
        {
            var value = ch > 64 ? ch - 55 : ch - 48;
            mod = value >= 10 ? (mod * 100 + value) % 97 : (mod * 10 + value) % 97;
        }
        return mod == 1;
    }

    [GeneratedRegex(@"[ \t\r\n]")] private static partial Regex XPathWhitespace();
    [GeneratedRegex(@"^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}\z")] private static partial Regex IbanShape();
}
