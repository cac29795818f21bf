using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Settlement.RuleGen;

/// <summary>One assertion of a data-model rule, as the generated file states it.</summary>
/// <remarks>
/// <para>Kind: closed (the element is not part of the data model), child (a child element must be
/// present), attribute (an attribute must be present), no-attribute (an attribute must be absent, any
/// namespace), code (the text is in one of the code lists), attribute-code (the attribute, when present,
/// is in the code list), value (the text equals a fixed value).</para>
/// <para>Argument: what the kind needs (the child's qualified name, the attribute, the lists…).</para>
/// </remarks>
internal sealed record Assertion(string Id, string Flag, string Kind, string Argument, string Message);

/// <summary>A Schematron rule: its context (a path, or an XSLT match pattern), its priority (which wins when two of a pattern match) and its assertions.</summary>
internal sealed record Context(int Priority, string Match, IReadOnlyList<Assertion> Assertions)
{
    /// <summary>The pattern (compiled mode) it belongs to, when the file holds rules of several; null for the data-model files.</summary>
    public string? Pattern { get; init; }
}

/// <summary>What one artefact holds as data: its namespaces, code lists, the business processes of the profile identifiers, and rules.</summary>
internal sealed record Artefact(string FileName, string Sha256, IReadOnlyList<(string Prefix, string Uri)> Namespaces,
    IReadOnlyList<(string Name, string Codes)> CodeLists, IReadOnlyList<Context> Contexts)
{
    /// <summary>Business process → its profile identifiers, separated by spaces.</summary>
    public IReadOnlyList<(string Process, string Ids)> Profiles { get; init; } = [];
}

/// <summary>
/// Reads a compiled Schematron artefact (XSLT 2.0 as the official validators run it). The data-model
/// pattern is the one whose assertions carry the <c>-B</c> ids (PEPPOL-T01-B07204…); every one of its
/// tests must be one of the forms this reader knows, otherwise it stops: a new form in a new release
/// must be looked at, not silently dropped. The code lists the artefact's other rules (the C# ones:
/// <c>PEPPOL-T01-R026</c>'s country prefixes, <c>R031</c>'s profiles, <c>CL001</c>'s reason codes…)
/// use are read too: the variables they refer to, and the lists written into them, named by the rule.
/// </summary>
internal static class ArtefactReader
{
    private static readonly XNamespace Xsl = "http://www.w3.org/1999/XSL/Transform", Svrl = "http://purl.oclc.org/dsdl/svrl";
    private static readonly Regex DataModelId = new(@"^PEPPOL-T\d+-B\d+$");
    private static readonly Regex OtherRuleId = new(@"^PEPPOL-T\d+-(R|CL)\d+$");
    private static readonly Regex MatchPath = new(@"^(/[a-z]+:[A-Za-z]+)+(/\*)?$");
    private const string InList = @"\(some \$code in \$(?<list{0}>[A-Za-z0-9_-]+) satisfies \$code = normalize-space\(text\(\)\)\)";
    private static readonly Regex Code = new($"^{string.Format(InList, 1)}( or {string.Format(InList, 2)})?$");
    private static readonly Regex AttributeCode = new(@"^not\(@(?<attr>[A-Za-z]+)\) or \(some \$code in \$(?<list>[A-Za-z0-9_-]+) satisfies \$code = @\k<attr>\)$");
    private static readonly Regex CodeList = new(@"^tokenize\('(?<codes>[^']*)', '\\s'\)$");

    public static Artefact Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var root = XDocument.Load(new MemoryStream(bytes)).Root!;
        var namespaces = root.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.LocalName is "ubl" or "cac" or "cbc")
            .Select(a => (a.Name.LocalName, a.Value)).OrderBy(n => n.LocalName, StringComparer.Ordinal).ToList();
        var codeLists = root.Elements(Xsl + "variable")
            .Where(v => ((string?)v.Attribute("name"))?.StartsWith("cl", StringComparison.Ordinal) == true)
            .Select(v => ((string)v.Attribute("name")!, CodeList.Match((string?)v.Attribute("select") ?? "")))
            .Where(v => v.Item2.Success)
            .Select(v => (v.Item1, string.Join(' ', v.Item2.Groups["codes"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .ToList();
        var mode = DataModelMode(root) ?? throw new InvalidDataException($"{path}: no pattern with data-model (-B) rules");
        var contexts = new List<Context>();
        foreach (var template in root.Elements(Xsl + "template").Where(t => (string?)t.Attribute("mode") == mode))
        {
            var match = (string)template.Attribute("match")!;
            if (match is "text()" or "@*|node()") continue; // the pattern's built-in defaults
            if (!MatchPath.IsMatch(match)) throw new InvalidDataException($"{path}: context '{match}' is not an absolute path");
            var priority = int.Parse((string)template.Attribute("priority")!, System.Globalization.CultureInfo.InvariantCulture);
            var assertions = template.Elements(Xsl + "choose").Select(c => Assertion(path, match, c)).ToList();
            if (template.Descendants(Svrl + "successful-report").Any()) throw new InvalidDataException($"{path}: '{match}' has a report, which this reader does not know");
            contexts.Add(new Context(priority, match, assertions));
        }
        var usedLists = contexts.SelectMany(c => c.Assertions).SelectMany(ListsOf).ToHashSet(StringComparer.Ordinal);
        var names = new ListNames();
        foreach (var t in XsltRules.Templates(path, root).Where(t => t.Mode != mode))
            foreach (var a in t.Asserts.Where(a => OtherRuleId.IsMatch(a.Id)))
                foreach (var text in new[] { t.Match, a.Test })
                {
                    usedLists.UnionWith(XsltRules.VariableUse().Matches(text).Select(m => m.Groups["name"].Value).Where(n => codeLists.Any(c => c.Item1 == n)));
                    names.AddInline(path, a.Id, text);
                }
        var missing = usedLists.Where(l => codeLists.All(c => c.Item1 != l)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{path}: code lists not found: {string.Join(", ", missing)}");
        return new Artefact(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(bytes)), namespaces,
            codeLists.Where(c => usedLists.Contains(c.Item1)).Concat(names.All).OrderBy(c => c.Item1, StringComparer.Ordinal).ToList(),
            contexts.OrderByDescending(c => c.Priority).ToList());
    }

    /// <summary>The code lists an assertion refers to.</summary>
    internal static IEnumerable<string> ListsOf(Assertion a) => a.Kind switch
    {
        "code" => a.Argument.Split(' '),
        "attribute-code" => [a.Argument.Split(' ')[1]],
        _ => [],
    };

    /// <summary>The mode (compiled pattern) whose assertions have data-model ids.</summary>
    private static string? DataModelMode(XElement root) =>
        root.Elements(Xsl + "template")
            .Where(t => t.Descendants(Xsl + "attribute").Any(a => (string?)a.Attribute("name") == "id" && DataModelId.IsMatch(a.Value.Trim())))
            .Select(t => (string?)t.Attribute("mode")).FirstOrDefault(m => m is not null);

    private static Assertion Assertion(string path, string match, XElement choose)
    {
        var test = (string?)choose.Element(Xsl + "when")?.Attribute("test") ?? throw new InvalidDataException($"{path}: '{match}' has a choose without a test");
        var failed = choose.Element(Xsl + "otherwise")?.Element(Svrl + "failed-assert") ?? throw new InvalidDataException($"{path}: '{match}' has no failed-assert");
        string Attr(string name) => failed.Elements(Xsl + "attribute").Single(a => (string?)a.Attribute("name") == name).Value.Trim();
        var id = Attr("id");
        var flag = Attr("flag");
        var message = string.Join(' ', failed.Element(Svrl + "text")!.Value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var (kind, argument) = Classify(test) ?? throw new InvalidDataException($"{path}: {id} at '{match}' has a test of a form this reader does not know: {test}");
        return new Assertion(id, flag, kind, argument, message);
    }

    /// <summary>The test's form and its argument, or null for a form this reader does not know.</summary>
    internal static (string Kind, string Argument)? Classify(string test)
    {
        if (test == "false()") return ("closed", "");
        if (Regex.IsMatch(test, @"^(cbc|cac):[A-Za-z]+$")) return ("child", test);
        if (Regex.Match(test, @"^@([A-Za-z]+)$") is { Success: true } a) return ("attribute", a.Groups[1].Value);
        if (Regex.Match(test, @"^not\(@\*:([A-Za-z]+)\)$") is { Success: true } n) return ("no-attribute", n.Groups[1].Value);
        if (Code.Match(test) is { Success: true } c)
            return ("code", c.Groups["list2"].Success ? $"{c.Groups["list1"].Value} {c.Groups["list2"].Value}" : c.Groups["list1"].Value);
        if (AttributeCode.Match(test) is { Success: true } ac) return ("attribute-code", $"{ac.Groups["attr"].Value} {ac.Groups["list"].Value}");
        if (Regex.Match(test, @"^normalize-space\(text\(\)\) = '([^']*)'$") is { Success: true } v) return ("value", v.Groups[1].Value);
        return null;
    }
}
