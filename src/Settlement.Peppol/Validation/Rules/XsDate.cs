using System.Globalization;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// XPath's <c>xs:date(…)</c> cast and comparison, which the official date-order rules (BR-29, BR-30,
/// PEPPOL-EN16931-R110/R111) use: a date may carry a time zone (<c>2016-01-01+01:00</c>, <c>…Z</c>), and
/// two dates compare by the instant each starts at. A plain <c>yyyy-MM-dd</c> parse rejects the zoned
/// form the official rules accept, so those rules would fire on documents the artefacts pass.
/// </summary>
internal static class XsDate
{
    /// <summary>
    /// The time zone of a date written without one. XPath takes the evaluator's implicit time zone
    /// (Saxon: the machine's); we fix it at UTC, the official oracle's, so a verdict never depends
    /// on the server it is redone on.
    /// </summary>
    private static readonly TimeSpan Implicit = TimeSpan.Zero;

    /// <summary>Casts the text as xs:date (whitespace trimmed) to the UTC instant it starts at; false when the cast would fail.</summary>
    public static bool TryParse(string? text, out DateTime start)
    {
        start = default;
        var s = (text ?? "").Trim();
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!DateTime.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return false;
        var zone = s[10..];
        TimeSpan offset;
        if (zone.Length == 0) offset = Implicit;
        else if (zone == "Z") offset = TimeSpan.Zero;
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':' && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                 && int.TryParse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60 && (h < 14 || (h == 14 && m == 0)))
            offset = (zone[0] == '-' ? -1 : 1) * new TimeSpan(h, m, 0);
        else return false;
        start = DateTime.SpecifyKind(day - offset, DateTimeKind.Utc);
        return true;
    }
}
