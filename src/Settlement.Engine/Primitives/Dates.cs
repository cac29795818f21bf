using NodaTime;
using NodaTime.Text;

namespace Settlement.Engine.Primitives;

/// <summary>ISO date text, the one format dates take in files and output.</summary>
public static class Dates
{
    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;
    private static readonly YearMonthPattern IsoMonth = YearMonthPattern.Iso;

    public static bool TryParse(string? text, out LocalDate date)
    {
        date = default;
        if (text is null || text.Length != 10) return false;
        var result = Iso.Parse(text);
        if (!result.Success) return false;
        date = result.Value;
        return true;
    }

    public static string Format(LocalDate date) => Iso.Format(date);

    public static string Format(YearMonth month) => IsoMonth.Format(month);

    public static bool TryParseMonth(string? text, out YearMonth month)
    {
        month = default;
        if (text is null || text.Length != 7) return false;
        var result = IsoMonth.Parse(text);
        if (!result.Success) return false;
        month = result.Value;
        return true;
    }

    /// <summary>Days from <paramref name="from"/> to <paramref name="to"/>, both included (0 when empty).</summary>
    public static int InclusiveDays(LocalDate from, LocalDate to) =>
        to < from ? 0 : Period.DaysBetween(from, to) + 1;

    public static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;
    public static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}
