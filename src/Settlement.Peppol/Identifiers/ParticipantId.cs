namespace Settlement.Peppol.Identifiers;

/// <summary>
/// A PEPPOL participant identifier <c>scheme:value</c>, e.g. <c>0007:5569876542</c>: the ICD scheme
/// (four digits) and the identifier within it. It becomes <c>cbc:EndpointID schemeID="scheme"</c>
/// in a document and <c>iso6523-actorid-upis::scheme:value</c> in the SBDH.
/// </summary>
public readonly record struct ParticipantId
{
    /// <summary>The SBDH identifier authority for PEPPOL participant ids.</summary>
    public const string Authority = "iso6523-actorid-upis";

    public string Scheme { get; }
    public string Value { get; }

    private ParticipantId(string scheme, string value) { Scheme = scheme; Value = value; }

    public static ParticipantId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a PEPPOL participant id (scheme:value, e.g. 0007:5569876542).");

    public static bool TryParse(string? text, out ParticipantId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text) || Split(text) is not var (scheme, value) || scheme.Length != 4) return false;
        if (!scheme.All(char.IsAsciiDigit) || value.Length == 0 || value.Any(char.IsWhiteSpace)) return false;
        if (scheme == "0007" && !OrganisationNumber.TryParse(value, out _)) return false;
        id = new ParticipantId(scheme, value);
        return true;
    }

    /// <summary>
    /// The scheme and value of <c>scheme:value</c>, the <c>iso6523-actorid-upis::</c> prefix taken off,
    /// split at the first colon; null without one. Parsing and <see cref="ParticipantIdCheck"/> both read ids this way.
    /// </summary>
    internal static (string Scheme, string Value)? Split(string text)
    {
        var t = text.Trim();
        if (t.StartsWith(Authority + "::", StringComparison.OrdinalIgnoreCase)) t = t[(Authority.Length + 2)..];
        var colon = t.IndexOf(':');
        return colon < 0 ? null : (t[..colon], t[(colon + 1)..]);
    }

    public static ParticipantId Of(string scheme, string value) => Parse(scheme + ":" + value);

    public override string ToString() => Scheme is null ? "" : $"{Scheme}:{Value}";
}
