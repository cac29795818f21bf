using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Settlement.Worker.Portal.Html;

/// <summary>
/// A piece of HTML that is already safe to send. The only ways to make one are
/// <see cref="H.Html"/> (whose interpolation holes are encoded) and <see cref="H.Raw"/> (for
/// constants), so text from the database can never become markup by accident.
/// </summary>
internal readonly struct Markup(string? html)
{
    public string Value => html ?? "";
    public static Markup Empty => default;
    public override string ToString() => Value;
}

/// <summary>
/// The interpolated-string handler behind <see cref="H.Html"/>: literal parts are copied, every
/// hole is HTML-encoded unless it is <see cref="Markup"/> (or a sequence of it). Numbers and
/// dates are formatted with the invariant culture; use <see cref="Fmt"/> for Swedish display.
/// </summary>
[InterpolatedStringHandler]
internal ref struct HtmlBuilder
{
    private readonly StringBuilder sb;

    public HtmlBuilder(int literalLength, int formattedCount) => sb = new StringBuilder(literalLength + formattedCount * 16);

    public void AppendLiteral(string s) => sb.Append(s);

    public void AppendFormatted(Markup m) => sb.Append(m.Value);

    public void AppendFormatted(string? s) => H.Encode(sb, s);

    public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public void AppendFormatted<T>(T value, string? format)
    {
        switch (value)
        {
            case null: return;
            case Markup m: sb.Append(m.Value); return;
            case IEnumerable<Markup> many: foreach (var m in many) sb.Append(m.Value); return;
            case IFormattable f: H.Encode(sb, f.ToString(format, System.Globalization.CultureInfo.InvariantCulture)); return;
            default: H.Encode(sb, value.ToString()); return;
        }
    }

    internal Markup ToMarkup() => new(sb.ToString());
}

/// <summary>HTML helpers: the encoding interpolation, raw constants, joining, URL segments.</summary>
internal static class H
{
    /// <summary>Encodes markup-significant characters; Swedish letters stay readable in the page source.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static Markup Html(ref HtmlBuilder b) => b.ToMarkup();

    /// <summary>Trusted constant markup (never data).</summary>
    public static Markup Raw(string html) => new(html);

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Markup When(bool condition, Markup m) => condition ? m : Markup.Empty;

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    internal static void Encode(StringBuilder sb, string? text)
    {
        if (!string.IsNullOrEmpty(text)) sb.Append(Encoder.Encode(text));
    }

    /// <summary>A value as one URL path segment.</summary>
    public static string Seg(string value) => Uri.EscapeDataString(value);
}
