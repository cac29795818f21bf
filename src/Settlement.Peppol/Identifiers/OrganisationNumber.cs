namespace Settlement.Peppol.Identifiers;

/// <summary>
/// A Swedish organisation number (organisationsnummer): ten digits whose last digit is a Luhn
/// check digit. PEPPOL writes it with ICD scheme <c>0007</c>. Holding it as a type means a
/// mistyped number is refused where it enters the service, not by the receiver's access point.
/// </summary>
public readonly record struct OrganisationNumber
{
    public string Value { get; }

    private OrganisationNumber(string value) => Value = value;

    /// <summary>Parses "5569876542" or "556987-6542"; throws <see cref="FormatException"/> when not ten digits with a valid check digit.</summary>
    public static OrganisationNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"'{text}' is not a Swedish organisation number (10 digits, Luhn check digit).");

    public static bool TryParse(string? text, out OrganisationNumber number)
    {
        number = default;
        if (text is null) return false;
        var digits = text.Trim().Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit) || !HasValidCheckDigit(digits)) return false;
        number = new OrganisationNumber(digits);
        return true;
    }

    /// <summary>The Luhn check of the Swedish scheme: the first nine digits weighted 2,1,2,… from the left.</summary>
    public static bool HasValidCheckDigit(string tenDigits) => CheckDigit(tenDigits) == tenDigits[9] - '0';

    /// <summary>The number whose first nine digits these are, with its check digit (for generated providers: demo, bench).</summary>
    public static OrganisationNumber WithCheckDigit(string nineDigits) =>
        nineDigits.Length == 9 && nineDigits.All(char.IsAsciiDigit)
            ? new OrganisationNumber(nineDigits + CheckDigit(nineDigits))
            : throw new FormatException($"'{nineDigits}' is not the nine first digits of an organisation number.");

    private static int CheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d / 10 + d % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>The PEPPOL participant id under scheme 0007.</summary>
    public ParticipantId ToParticipantId() => ParticipantId.Parse("0007:" + Value);

    public override string ToString() => Value ?? "";
}
