using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Identifiers;

/// <summary>
/// Whether a text is a PEPPOL participant id a provider may register: <c>scheme:value</c> (the
/// <c>iso6523-actorid-upis::</c> prefix allowed), the scheme one of the electronic address schemes of
/// the release (its <c>eaid</c> code list, generated data: a scheme the release drops is refused
/// without a code change), the value checked as that scheme defines it
/// (<see cref="SchemeIdentifierChecks"/>). The check that failed is named, so a refusal can say what
/// to correct.
/// </summary>
public static class ParticipantIdCheck
{
    /// <summary>The check that failed, in English, or null when <paramref name="id"/> holds the parsed id.</summary>
    public static string? Failure(string? text, out ParticipantId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text)) return "scheme:value form (the id is blank)";
        if (ParticipantId.Split(text) is not var (scheme, value)) return "scheme:value form (no ':' between scheme and value)";
        if (!CodeLists.Eas.Contains(scheme)) return $"electronic address scheme (scheme {scheme} is not in the EAS code list of the PEPPOL release)";
        var failure = scheme switch
        {
            "0007" when !SchemeIdentifierChecks.IsSwedishOrganisationNumber(value) => "Swedish organisation number (10 digits, Luhn check digit)",
            "0088" when !SchemeIdentifierChecks.IsGln(value) => "GLN (13 digits, GS1 mod-10 check digit)",
            "0192" when !SchemeIdentifierChecks.IsNorwegianOrganisationNumber(value) => "Norwegian organisation number (9 digits, mod-11 check digit)",
            "0184" when !SchemeIdentifierChecks.IsDanishCvr(value) => "Danish CVR number (8 digits, optionally after DK, mod-11 check)",
            "9955" when !SchemeIdentifierChecks.IsSwedishVatNumber(value) => "Swedish VAT number (SE, a valid organisation number, 01)",
            _ when !SchemeIdentifierChecks.IsPlainIdentifier(value) => $"identifier of scheme {scheme} (not blank, no whitespace)",
            _ => null,
        };
        if (failure is not null) return failure;
        id = ParticipantId.Of(scheme, value);
        return null;
    }
}
