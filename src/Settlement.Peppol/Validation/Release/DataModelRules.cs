using System.Xml.Linq;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// The data-model rules of BIS Order 3 (<c>PEPPOL-T01-B*</c>) and Invoice Response 3
/// (<c>PEPPOL-T111-B*</c>): which elements a document may carry, which it must, and the code lists of
/// their values. They are data in the official artefacts, so they are generated from them
/// (<c>tools/Settlement.RuleGen</c>) and read here from the embedded files, never typed by hand;
/// each assertion becomes a <see cref="Rule"/> with its official id, flag and message.
/// </summary>
internal static class DataModelRules
{
    private static readonly (string File, Docs Docs)[] Files = [("PEPPOLBIS-T01.tsv", Docs.Order), ("PEPPOLBIS-T111.tsv", Docs.Response)];

    private static readonly Lazy<IReadOnlyList<ReleaseRuleFile>> Loaded = new(() => Files.Select(f => ReleaseRuleFile.Load(f.File)).ToList());

    /// <summary>The generated files in use: the release and the artefact each came from.</summary>
    public static IReadOnlyList<ReleaseRuleFile> Sources => Loaded.Value;

    /// <summary>The PEPPOL release the generated rules come from (every file names the same one; a test keeps it so).</summary>
    public static string Release => Sources[0].Release;

    public static IEnumerable<Rule> All() => Files.Zip(Sources).SelectMany(f => RulesOf(f.Second, f.First.Docs));

    private static IEnumerable<Rule> RulesOf(ReleaseRuleFile file, Docs docs)
    {
        var pattern = new DataModelPattern(file.Contexts);
        var memo = "datamodel:" + file.Source;
        foreach (var context in file.Contexts)
        {
            var index = context.Index;
            foreach (var a in context.Assertions)
                yield return new Rule(a.Id, a.Severity, docs, a.Message,
                    c => c.Memo(memo, x => pattern.Walk(x.Root))[index] ?? [],
                    Test(file, a));
        }
    }

    /// <summary>The assertion's test, as its form in the artefact means it.</summary>
    private static Func<RuleContext, XElement, bool> Test(ReleaseRuleFile file, ReleaseAssertion a)
    {
        switch (a.Kind)
        {
            case "closed": return (_, _) => false;
            case "child":
                var name = ReleaseRuleFile.QName(Namespaces, a.Argument, file.Source, 0);
                return (_, e) => e.Element(name) is not null;
            case "attribute": return (_, e) => e.Attribute(a.Argument) is not null;
            case "no-attribute": return (_, e) => !e.Attributes().Any(x => !x.IsNamespaceDeclaration && x.Name.LocalName == a.Argument);
            case "code":
                var codes = a.Argument.Split(' ').SelectMany(l => List(file, l)).ToHashSet(StringComparer.Ordinal);
                return (_, e) => codes.Contains(Xp.Norm(FirstText(e)));
            case "attribute-code":
                var parts = a.Argument.Split(' ');
                var (attribute, allowed) = (parts[0], List(file, parts[1]));
                return (_, e) => e.Attribute(attribute) is not { } x || allowed.Contains(x.Value);
            case "value": return (_, e) => Xp.Norm(FirstText(e)) == a.Argument;
            default: throw new InvalidOperationException($"{file.Source}: {a.Id} has a test of kind '{a.Kind}' that this version does not know; update DataModelRules with the generator");
        }
    }

    private static readonly Dictionary<string, XNamespace> Namespaces = new(StringComparer.Ordinal)
    {
        ["cac"] = Ubl.UblNamespaces.Cac, ["cbc"] = Ubl.UblNamespaces.Cbc,
    };

    private static HashSet<string> List(ReleaseRuleFile file, string name) =>
        file.CodeLists.TryGetValue(name, out var list) ? list : throw new InvalidOperationException($"{file.Source}: code list {name} is missing");

    /// <summary>XPath <c>text()</c> in <c>normalize-space(text())</c>: the element's first text node ("" when it has none).</summary>
    private static string FirstText(XElement e) => e.Nodes().OfType<XText>().FirstOrDefault()?.Value ?? "";
}
