using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// XPath 2.0's rules for values, as the generated rules need them: a node's string value, the
/// effective boolean value, the general comparisons (a node's value is untyped: it compares as a
/// string with a string, as a number with a number, as a boolean with a boolean), and the string
/// functions counting code points, not UTF-16 units.
/// </summary>
internal static class XPathValues
{
    public static readonly object[] Empty = [];
    public static readonly object True = true, False = false;
    public static object[] One(object item) => [item];
    public static object Bool(bool b) => b ? True : False;

    /// <summary>A boolean as a sequence of one item, shared: most tests are booleans, evaluated on every node, and a sequence is never changed once made.</summary>
    public static object[] OneBool(bool b) => b ? TrueSequence : FalseSequence;
    private static readonly object[] TrueSequence = [True], FalseSequence = [False];

    public static bool IsNode(object item) => item is XObject or DocumentNode;

    public static string StringValue(object item) => item switch
    {
        string s => s,
        XElement e => e.Value,
        XAttribute a => a.Value,
        XText t => t.Value,
        DocumentNode d => d.Top.Value,
        bool b => b ? "true" : "false",
        double d => NumberToString(d),
        _ => throw new XPathEvaluationException($"no string value for {item.GetType().Name}"),
    };

    public static string NumberToString(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "INF" : double.IsNegativeInfinity(d) ? "-INF"
        : d == Math.Floor(d) && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An argument of type <c>xs:string?</c>: "" for the empty sequence, an error for more than one item.</summary>
    public static string SingleString(IReadOnlyList<object> seq) => seq.Count switch
    {
        0 => "",
        1 => StringValue(seq[0]),
        _ => throw new XPathEvaluationException($"{seq.Count} items where at most one is allowed"),
    };

    /// <summary>The effective boolean value (fn:boolean).</summary>
    public static bool Ebv(IReadOnlyList<object> seq)
    {
        if (seq.Count == 0) return false;
        if (IsNode(seq[0])) return true;
        if (seq.Count > 1) throw new XPathEvaluationException("no effective boolean value for several atomic values");
        return seq[0] switch
        {
            bool b => b,
            string s => s.Length > 0,
            double d => !double.IsNaN(d) && d != 0,
            var x => throw new XPathEvaluationException($"no effective boolean value for {x.GetType().Name}"),
        };
    }

    /// <summary>A general comparison (<c>= != &lt; &lt;= &gt; &gt;=</c>): true when some pair of the two sides' atomized items compares true.</summary>
    public static bool General(string op, IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        foreach (var l in left)
            foreach (var r in right)
                if (Compare(op, l, r)) return true;
        return false;
    }

    private static bool Compare(string op, object l, object r)
    {
        var lu = IsNode(l);
        var ru = IsNode(r);
        if (lu && r is double rd) return Numeric(op, ToDouble(StringValue(l)), rd);
        if (ru && l is double ld) return Numeric(op, ld, ToDouble(StringValue(r)));
        if (lu && r is bool rb) return Ordered(op, ToBoolean(StringValue(l)).CompareTo(rb));
        if (ru && l is bool lb) return Ordered(op, lb.CompareTo(ToBoolean(StringValue(r))));
        if ((lu || l is string) && (ru || r is string)) return Ordered(op, string.CompareOrdinal(StringValue(l), StringValue(r)));
        if (l is double a && r is double b) return Numeric(op, a, b);
        if (l is bool x && r is bool y) return Ordered(op, x.CompareTo(y));
        throw new XPathEvaluationException($"cannot compare {l.GetType().Name} with {r.GetType().Name}");
    }

    private static bool Numeric(string op, double a, double b) => op switch
    {
        "=" => a == b, "!=" => a != b, "<" => a < b, "<=" => a <= b, ">" => a > b, ">=" => a >= b,
        _ => throw new XPathEvaluationException(op),
    };

    private static bool Ordered(string op, int c) => op switch
    {
        "=" => c == 0, "!=" => c != 0, "<" => c < 0, "<=" => c <= 0, ">" => c > 0, ">=" => c >= 0,
        _ => throw new XPathEvaluationException(op),
    };

    /// <summary>An untyped value cast to xs:double (whitespace trimmed; not a number is an error, as the cast is).</summary>
    public static double ToDouble(string s)
    {
        var d = Xp.Num(s);
        if (double.IsNaN(d) && s.Trim() != "NaN") throw new XPathEvaluationException($"'{s}' is not a number");
        return d;
    }

    /// <summary>An untyped value cast to xs:boolean.</summary>
    public static bool ToBoolean(string s) => s.Trim() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new XPathEvaluationException($"'{s}' is not a boolean"),
    };

    /// <summary>A numeric operand: the empty sequence stays empty (null), an untyped value is cast.</summary>
    public static double? Number(IReadOnlyList<object> seq) => seq.Count switch
    {
        0 => null,
        1 => seq[0] switch { double d => d, var x when IsNode(x) => ToDouble(StringValue(x)), var x => throw new XPathEvaluationException($"{x.GetType().Name} is not a number") },
        _ => throw new XPathEvaluationException("several items where one number is allowed"),
    };

    public static int CodePoints(string s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++) { n++; if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++; }
        return n;
    }

    /// <summary>fn:substring: the code points at positions p with round(start) &lt;= p &lt; round(start) + round(length).</summary>
    public static string Substring(string s, double start, double? length)
    {
        var from = Math.Floor(start + 0.5);
        var to = length is { } l ? from + Math.Floor(l + 0.5) : double.PositiveInfinity;
        var sb = new StringBuilder();
        var p = 1;
        foreach (var rune in s.EnumerateRunes())
        {
            if (p >= from && p < to) sb.Append(rune.ToString());
            p++;
        }
        return sb.ToString();
    }

    /// <summary>fn:name and fn:local-name of a node ("" for the document node and text).</summary>
    public static string Name(object node, bool local) => node switch
    {
        XElement e => local ? e.Name.LocalName : Qualified(e.GetPrefixOfNamespace(e.Name.Namespace), e.Name),
        XAttribute a => local || a.Name.Namespace == XNamespace.None ? a.Name.LocalName : Qualified(a.Parent?.GetPrefixOfNamespace(a.Name.Namespace), a.Name),
        _ => "",
    };

    private static string Qualified(string? prefix, XName name) => string.IsNullOrEmpty(prefix) ? name.LocalName : $"{prefix}:{name.LocalName}";
}
