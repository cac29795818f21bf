using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.RuleGen;

/// <summary>One assert of a compiled template: id, flag, test and message as the artefact has them.</summary>
internal sealed record XsltAssert(string Id, string Flag, string Test, string Message);

/// <summary>One compiled Schematron rule: its pattern (mode), match pattern, priority, position in the file and asserts.</summary>
internal sealed record XsltTemplate(string Mode, string Match, int Priority, int Position, IReadOnlyList<XsltAssert> Asserts);

/// <summary>
/// The compiled Schematron rules of an artefact (its <c>xsl:template</c>s in pattern modes), and
/// its top-level variables: what the readers of this tool take the data from.
/// </summary>
internal static partial class XsltRules
{
    public static readonly XNamespace Xsl = "http://www.w3.org/1999/XSL/Transform", Svrl = "http://purl.oclc.org/dsdl/svrl";

    /// <summary>The rule templates of every pattern, in file order (the patterns' built-in templates left out).</summary>
    public static List<XsltTemplate> Templates(string path, XElement root)
    {
        var result = new List<XsltTemplate>();
        foreach (var t in root.Elements(Xsl + "template"))
        {
            var mode = (string?)t.Attribute("mode");
            var match = (string?)t.Attribute("match");
            if (mode is null || match is null || !PatternMode().IsMatch(mode) || match is "text()" or "@*|node()") continue;
            if (t.Descendants(Svrl + "successful-report").Any()) throw new InvalidDataException($"{path}: '{match}' has a report, which this reader does not know");
            var asserts = t.Descendants(Svrl + "failed-assert").Select(fa => Assert(path, match, fa)).ToList();
            result.Add(new XsltTemplate(mode, match, int.Parse((string)t.Attribute("priority")!, System.Globalization.CultureInfo.InvariantCulture), result.Count, asserts));
        }
        return result;
    }

    private static XsltAssert Assert(string path, string match, XElement failed)
    {
        string Attr(string name) => failed.Elements(Xsl + "attribute").Single(a => (string?)a.Attribute("name") == name).Value.Trim();
        var id = Attr("id");
        // The test as the xsl:when evaluates it (its text as it is: a literal's spaces are data).
        var test = (string?)failed.Ancestors(Xsl + "choose").FirstOrDefault()?.Element(Xsl + "when")?.Attribute("test")
            ?? throw new InvalidDataException($"{path}: {id} at '{match}' has no test");
        var text = failed.Element(Svrl + "text") ?? throw new InvalidDataException($"{path}: {id} at '{match}' has no text");
        if (text.Elements().Any()) throw new InvalidDataException($"{path}: {id} at '{match}' has a message computed from the document, which this reader does not know");
        var message = Collapse(text.Value);
        var prefix = $"[{id}]-";
        if (message.StartsWith(prefix, StringComparison.Ordinal)) message = message[prefix.Length..].TrimStart();
        return new XsltAssert(id, Attr("flag"), test.Trim(), message);
    }

    public static string Collapse(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The top-level <c>tokenize('A B C', '\s')</c> variables: name → the literal.</summary>
    public static Dictionary<string, string> TokenizedVariables(XElement root) =>
        root.Elements(Xsl + "variable").Select(v => ((string?)v.Attribute("name"), TokenizeLiteral().Match(Collapse((string?)v.Attribute("select") ?? ""))))
            .Where(v => v.Item1 is not null && v.Item2.Success).ToDictionary(v => v.Item1!, v => v.Item2.Groups["codes"].Value, StringComparer.Ordinal);

    /// <summary>The codes of a literal that lists them: single spaces between, optionally one before and after; null otherwise.</summary>
    public static string[]? Codes(string literal, out bool padded)
    {
        var codes = literal.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        padded = literal.StartsWith(' ');
        var joined = string.Join(' ', codes);
        return codes.Length > 0 && codes.All(c => !c.Any(char.IsWhiteSpace)) && (literal == joined || literal == $" {joined} ") ? codes : null;
    }

    [GeneratedRegex(@"^M\d+$")] private static partial Regex PatternMode();
    [GeneratedRegex(@"^tokenize\('(?<codes>[^']*)', ?'\\s'\)$")] private static partial Regex TokenizeLiteral();
    [GeneratedRegex(@"tokenize\(\s*'(?<codes>[^']*)'\s*,\s*'\\s'\s*\)")] public static partial Regex InlineTokenize();
    [GeneratedRegex(@"contains\(\s*'(?<codes>[^']*)'\s*,")] public static partial Regex InlineContains();
    [GeneratedRegex(@"\$(?<name>[A-Za-z_][A-Za-z0-9_.-]*)")] public static partial Regex VariableUse();
}

/// <summary>
/// The code lists a file will hold, named as the artefact names them or, for a list written into a
/// rule, by the rule's id (a second list of the same rule gets "-2"…). A list a generated test refers
/// to (share) is not held twice: the test refers to the name it is already held under.
/// </summary>
internal sealed class ListNames
{
    private readonly Dictionary<string, string[]> _lists = new(StringComparer.Ordinal);

    public string Add(string name, string[] codes, bool share = false)
    {
        foreach (var (existing, held) in _lists)
            if ((share || existing == name || existing.StartsWith(name + "-", StringComparison.Ordinal)) && held.SequenceEqual(codes, StringComparer.Ordinal)) return existing;
        var unique = name;
        for (var n = 2; _lists.ContainsKey(unique); n++) unique = $"{name}-{n}";
        _lists[unique] = codes;
        return unique;
    }

    /// <summary>The literals listing codes in a rule's test or context (<c>tokenize('…', '\s')</c>, <c>contains('…', …)</c> with two codes or more), held under the rule's id.</summary>
    public void AddInline(string path, string id, string text)
    {
        foreach (var m in XsltRules.InlineTokenize().Matches(text).Concat(XsltRules.InlineContains().Matches(text)))
        {
            var literal = m.Groups["codes"].Value;
            if (literal.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2) continue;
            var codes = XsltRules.Codes(literal, out var padded)
                ?? throw new InvalidDataException($"{path}: {id} lists codes irregularly spaced, which this reader does not know: '{literal}'");
            if (padded && m.Value.StartsWith("tokenize", StringComparison.Ordinal))
                throw new InvalidDataException($"{path}: {id} tokenizes a list with a leading space (an empty code), which this reader does not know");
            Add(id, codes);
        }
    }

    public IReadOnlyList<(string Name, string Codes)> All =>
        _lists.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, string.Join(' ', l.Value))).ToList();
}
