using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// The few XPath 2 behaviours the official rules rely on, in C#: normalize-space, number() (NaN for
/// anything not numeric), xs:decimal casts, round() (half up), string-length, and navigation over
/// cac/cbc children. Keeping them here keeps each rule a one-liner that reads like its Schematron.
/// </summary>
public static class Xp
{
    private static readonly XNamespace CacNs = UblNamespaces.Cac, CbcNs = UblNamespaces.Cbc;

    // Names are looked up by the identity of the (literal, interned) string: cheaper than building
    // an XName from namespace + local name on every call. Bounded, in case a caller passes built strings.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, XName> CacNames = new(ReferenceEqualityComparer.Instance);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, XName> CbcNames = new(ReferenceEqualityComparer.Instance);

    private static XName CacName(string name) => CacNames.TryGetValue(name, out var n) ? n : CacNames.Count < 2048 ? CacNames.GetOrAdd(name, CacNs + name) : CacNs + name;
    private static XName CbcName(string name) => CbcNames.TryGetValue(name, out var n) ? n : CbcNames.Count < 2048 ? CbcNames.GetOrAdd(name, CbcNs + name) : CbcNs + name;

    public static XElement? Cac(this XElement? e, string name) => e?.Element(CacName(name));
    public static XElement? Cbc(this XElement? e, string name) => e?.Element(CbcName(name));
    public static IEnumerable<XElement> Cacs(this XElement? e, string name) => e is null ? [] : e.Elements(CacName(name));
    public static IEnumerable<XElement> Cbcs(this XElement? e, string name) => e is null ? [] : e.Elements(CbcName(name));
    public static bool HasCbc(this XElement? e, string name) => e.Cbc(name) is not null;
    public static bool HasCac(this XElement? e, string name) => e.Cac(name) is not null;
    public static bool IsCac(this XElement e, string name) => e.Name.Namespace == CacNs && e.Name.LocalName == name;
    public static bool ParentIs(this XElement e, string cacName) => e.Parent is { } p && p.IsCac(cacName);

    /// <summary>XPath normalize-space: trim and collapse inner whitespace runs to one space.</summary>
    public static string Norm(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var needs = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (IsXmlSpace(s[i]) && (i == 0 || i == s.Length - 1 || s[i] != ' ' || IsXmlSpace(s[i + 1]))) { needs = true; break; }
        }
        if (!needs) return s;
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (IsXmlSpace(ch)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    private static bool IsXmlSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>normalize-space of an element's string value ("" when absent).</summary>
    public static string N(this XElement? e) => e is null ? "" : Norm(e.Value);

    /// <summary>The string value, or "" when absent.</summary>
    public static string S(this XElement? e) => e?.Value ?? "";

    /// <summary>The first text node (XPath text()), or "".</summary>
    public static string Text(this XElement? e)
    {
        if (e is null) return "";
        for (var n = e.FirstNode; n is not null; n = n.NextNode)
            if (n is XText t) return t.Value;
        return "";
    }

    /// <summary>xs:decimal(.) — null when absent or not a decimal.</summary>
    public static decimal? Dec(this XElement? e) => e is null ? null : Dec(e.Value);

    public static decimal? Dec(string? s)
    {
        if (s is null) return null;
        var t = s.Trim();
        if (t.Length == 0 || t.Contains('e') || t.Contains('E')) return null;
        return decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>XPath number(): a double, NaN when the text is not a number.</summary>
    public static double Num(this XElement? e) => e is null ? double.NaN : Num(e.Value);

    public static double Num(string? s)
    {
        if (s is null) return double.NaN;
        var t = s.Trim();
        if (t is "INF" or "+INF") return double.PositiveInfinity;
        if (t == "-INF") return double.NegativeInfinity;
        if (t.Length == 0 || t.Contains("Infinity", StringComparison.OrdinalIgnoreCase) || t.Contains(',')) return double.NaN;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
    }

    /// <summary>string(number(x)) != 'NaN'.</summary>
    public static bool IsNumber(string? s) => !double.IsNaN(Num(s));

    /// <summary>castable as xs:integer.</summary>
    public static bool IsInteger(string? s)
    {
        if (s is null) return false;
        var t = s.Trim();
        var start = t.Length > 0 && (t[0] == '+' || t[0] == '-') ? 1 : 0;
        if (t.Length == start) return false;
        for (var i = start; i < t.Length; i++) if (!char.IsAsciiDigit(t[i])) return false;
        return true;
    }

    /// <summary>XPath round(): half rounds up (towards positive infinity).</summary>
    public static decimal Round(decimal d) => decimal.Floor(d + 0.5m);

    /// <summary>round(x * 10 * 10) div 100 — the official rules' rounding to two decimals.</summary>
    public static decimal Round2(decimal d) => Round(d * 100m) / 100m;

    /// <summary>The official u:slack: exp ± slack contains val.</summary>
    public static bool Slack(decimal exp, decimal val, decimal slack) => exp + slack >= val && exp - slack <= val;

    /// <summary>An xs:boolean false ("false" or "0"), the way <c>cbc:ChargeIndicator = false()</c> compares.</summary>
    public static bool IsFalse(this XElement? e) => e is not null && e.Value.Trim() is "false" or "0";
    public static bool IsTrue(this XElement? e) => e is not null && e.Value.Trim() is "true" or "1";

    /// <summary>string-length(substring-after(x, '.')) &lt;= 2.</summary>
    public static bool AtMostTwoDecimals(this XElement? e)
    {
        var s = e?.Value ?? "";
        var dot = s.IndexOf('.');
        return dot < 0 || s.Length - dot - 1 <= 2;
    }

    /// <summary>Sum of xs:decimal values (absent or unparsable count as nothing, as the schema rejects those anyway).</summary>
    public static decimal Sum(this IEnumerable<XElement?> elements)
    {
        var sum = 0m;
        foreach (var e in elements) sum += e.Dec() ?? 0m;
        return sum;
    }

    /// <summary>An XPath-like location for a finding: /Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount.</summary>
    public static string Location(XElement e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.Parent)
        {
            var prefix = x.Name.Namespace == CbcNs ? "cbc:" : x.Name.Namespace == CacNs ? "cac:" : "";
            var name = prefix + x.Name.LocalName;
            if (x.Parent is { } p)
            {
                var same = 0; var index = 0;
                foreach (var sibling in p.Elements(x.Name)) { same++; if (sibling == x) index = same; }
                if (same > 1) name += $"[{index}]";
            }
            parts.Add(name);
        }
        parts.Reverse();
        return "/" + string.Join('/', parts);
    }
}
