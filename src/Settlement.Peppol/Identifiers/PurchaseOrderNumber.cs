using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Settlement.Peppol.Identifiers;

/// <summary>
/// The purchase order number (inköpsordernummer): <c>IN</c> + issue date <c>yyMMdd</c> + <c>-</c> +
/// the serial of that day, e.g. <c>IN240311-17</c>. Unique forever because the issuing date is part
/// of it; the serial is allocated by whoever issues orders (the worker's database).
/// </summary>
public readonly record struct PurchaseOrderNumber
{
    private static readonly LocalDatePattern DatePart = LocalDatePattern.CreateWithInvariantCulture("yyMMdd");

    public LocalDate IssueDate { get; }
    public int Serial { get; }

    public PurchaseOrderNumber(LocalDate issueDate, int serial)
    {
        if (serial < 1) throw new ArgumentOutOfRangeException(nameof(serial), "The serial of the day starts at 1.");
        if (issueDate.Year is < 2000 or > 2099) throw new ArgumentOutOfRangeException(nameof(issueDate), "yyMMdd only covers 2000–2099.");
        IssueDate = issueDate;
        Serial = serial;
    }

    public static PurchaseOrderNumber Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"'{text}' is not a purchase order number (IN + yyMMdd + '-' + serial, e.g. IN240311-17).");

    public static bool TryParse(string? text, out PurchaseOrderNumber number)
    {
        number = default;
        if (text is null || text.Length < 10 || !text.StartsWith("IN", StringComparison.Ordinal) || text[8] != '-') return false;
        var date = DatePart.Parse(text[2..8]);
        var serialText = text[9..];
        if (!date.Success || serialText.Length == 0 || serialText[0] == '0' || !serialText.All(char.IsAsciiDigit)) return false;
        if (!int.TryParse(serialText, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) || serial < 1) return false;
        var d = date.Value;
        // yyMMdd parses two-digit years into a century window; orders live in 20xx.
        var fixedDate = new LocalDate(2000 + d.Year % 100, d.Month, d.Day);
        number = new PurchaseOrderNumber(fixedDate, serial);
        return true;
    }

    public override string ToString() =>
        Serial == 0 ? "" : $"IN{DatePart.Format(IssueDate)}-{Serial.ToString(CultureInfo.InvariantCulture)}";
}
