using System.Globalization;
using System.Xml.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Settlement.Peppol.Ubl;

/// <summary>cbc amount: a decimal with its <c>currencyID</c>. Stored as text so the number of decimals is exactly what we chose.</summary>
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Amount
{
    [XmlAttribute("currencyID")] public string CurrencyId { get; set; } = "";
    [XmlText] public string Value { get; set; } = "";

    /// <summary>A monetary amount, two decimals (BR-DEC: amounts carry at most two).</summary>
    public static Amount Of(decimal value, string currency) => new() { CurrencyId = currency, Value = UblFormat.Money(value) };

    /// <summary>A unit price: at least two decimals, up to four (prices may carry more than amounts).</summary>
    public static Amount Price(decimal value, string currency) => new() { CurrencyId = currency, Value = UblFormat.Price(value) };
}

/// <summary>cbc quantity with its UN/ECE rec 20 <c>unitCode</c> (DAY, C62…).</summary>
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Quantity
{
    [XmlAttribute("unitCode")] public string UnitCode { get; set; } = "";
    [XmlText] public string Value { get; set; } = "";

    public static Quantity Of(decimal value, string unitCode) => new() { UnitCode = unitCode, Value = UblFormat.Quantity(value) };
}

/// <summary>cbc identifier with an optional <c>schemeID</c> (EndpointID, CompanyID…).</summary>
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Identifier
{
    [XmlAttribute("schemeID")] public string? SchemeId { get; set; }
    [XmlText] public string Value { get; set; } = "";

    public static Identifier Of(string value, string? scheme = null) => new() { Value = value, SchemeId = scheme };
}

/// <summary>cbc code with an optional <c>listID</c> (StatusReasonCode listID="OPStatusReason"…).</summary>
[XmlType(Namespace = UblNamespaces.Cbc)]
public sealed class Code
{
    [XmlAttribute("listID")] public string? ListId { get; set; }
    [XmlText] public string Value { get; set; } = "";

    public static Code Of(string value, string? listId = null) => new() { Value = value, ListId = listId };
}

/// <summary>Invariant, deterministic text for the values UBL carries.</summary>
public static class UblFormat
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private static readonly LocalTimePattern IsoTime = LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss");

    public static string Date(LocalDate date) => IsoDate.Format(date);

    /// <summary>A UBL date (xs:date without a zone, YYYY-MM-DD), or null when the text is not one.</summary>
    public static LocalDate? ParseDate(string? text) =>
        text is { Length: 10 } && IsoDate.Parse(text) is { Success: true } parsed ? parsed.Value : null;
    public static string Time(LocalTime time) => IsoTime.Format(time);
    public static string Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
    public static string Price(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
    public static string Quantity(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    public static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
