using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Identifiers;

/// <summary>
/// The value checks of the identifier schemes a provider's PEPPOL ids use, each as its scheme defines
/// it, check digit included: a mistyped id is refused where it is registered, not discovered when an
/// access point cannot route to it. The check-digit arithmetic the official rules already port is
/// reused from <see cref="IdentifierChecks"/>, so an id this accepts is one the release's artefacts
/// accept too.
/// </summary>
public static class SchemeIdentifierChecks
{
    private static bool Digits(string value, int length) => value.Length == length && value.All(char.IsAsciiDigit);

    /// <summary>ICD 0007: a Swedish organisation number, ten digits written without a dash, Luhn check digit.</summary>
    public static bool IsSwedishOrganisationNumber(string value) => Digits(value, 10) && IdentifierChecks.SeOrgnr(value);

    /// <summary>ICD 0088: a GS1 Global Location Number, thirteen digits, GS1 mod-10 check digit.</summary>
    public static bool IsGln(string value) => Digits(value, 13) && IdentifierChecks.Gln(value);

    /// <summary>ICD 0192: a Norwegian organisation number, nine digits, mod-11 check digit (weights 3,2,7,6,5,4,3,2).</summary>
    public static bool IsNorwegianOrganisationNumber(string value) => Digits(value, 9) && IdentifierChecks.Mod11(value);

    /// <summary>
    /// ICD 0184: a Danish CVR number, eight digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11;
    /// written bare or with the <c>DK</c> prefix, the two forms the release's PEPPOL-COMMON-R042 accepts.
    /// </summary>
    public static bool IsDanishCvr(string value)
    {
        var digits = value.StartsWith("DK", StringComparison.Ordinal) ? value[2..] : value;
        if (!Digits(digits, 8)) return false;
        int[] weights = [2, 7, 6, 5, 4, 3, 2, 1];
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (digits[i] - '0') * weights[i];
        return sum % 11 == 0;
    }

    /// <summary>ICD 9955 and the seller's VAT registration: <c>SE</c>, a valid Swedish organisation number, <c>01</c>.</summary>
    public static bool IsSwedishVatNumber(string value) =>
        value.Length == 14 && value.StartsWith("SE", StringComparison.Ordinal) && value.EndsWith("01", StringComparison.Ordinal)
        && IsSwedishOrganisationNumber(value[2..12]);

    /// <summary>Any other scheme of the list: a value that is not blank and holds no whitespace (it has to travel in an SBDH and an EndpointID).</summary>
    public static bool IsPlainIdentifier(string value) => value.Length > 0 && !value.Any(char.IsWhiteSpace);
}
