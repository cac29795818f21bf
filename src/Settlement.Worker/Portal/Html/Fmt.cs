using NodaTime;
using NodaTime.Text;

namespace Settlement.Worker.Portal.Html;

/// <summary>
/// Swedish display formats, written out by hand because the program runs with invariant
/// globalization: amounts as "12 345,60" (thin no-break space between thousands, decimal comma),
/// dates ISO (as Swedish practice is), months "maj 2024".
/// </summary>
internal static class Fmt
{
    private static readonly string[] Months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    public static string Amount(decimal value)
    {
        var text = Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);
        return text.Replace(",", "\u202F").Replace('.', ',').Replace("-", "\u2212");
    }

    public static string Amount(decimal? value) => value is { } v ? Amount(v) : "–";

    /// <summary>Machine form of an amount (two decimals, decimal point) for data attributes and JSON.</summary>
    public static string Invariant(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static string Quantity(decimal value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',');

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Date(LocalDate? date) => date is { } d ? Date(d) : "–";

    public static string Time(Instant instant) =>
        instant.InZone(PortalClock.Stockholm).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"2024-05" → "maj 2024"; anything else as given.</summary>
    public static string Month(string? yearMonth)
    {
        if (yearMonth is { Length: 7 } s && int.TryParse(s[..4], out var y) && int.TryParse(s[5..], out var m) && m is >= 1 and <= 12)
            return $"{Months[m - 1]} {y}";
        return yearMonth ?? "–";
    }

    public static string ShortMonth(string yearMonth) =>
        yearMonth is { Length: 7 } && int.TryParse(yearMonth[5..], out var m) && m is >= 1 and <= 12 ? Months[m - 1][..3] + " " + yearMonth[2..4] : yearMonth;
}

/// <summary>The portal's notion of "today": Stockholm time, from the host's <see cref="IClock"/>.</summary>
internal static class PortalClock
{
    public static readonly DateTimeZone Stockholm = DateTimeZoneProviders.Tzdb["Europe/Stockholm"];

    public static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(Stockholm).Date;
}
