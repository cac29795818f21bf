using System.Xml.Linq;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// The data-model rules of BIS Order 3 (<c>PEPPOL-T01-B*</c>) and Invoice Response 3
/// (<c>PEPPOL-T111-B*</c>): which elements a document may carry, which it must, and the code lists of
/// their values. They are data in the official artefacts, so they are generated from them
/// (<c>tools/Settlement.RuleGen</c>) and read here from the embedded files, never typed by hand.
/// They run as one walk of the document that evaluates, at each element, the assertions of the
/// rule that handles it: the cost follows the document's size, not the number of rules (276 for T01).
/// </summary>
internal static class DataModelRules
{
    /// <summary>One assertion made executable: its official id, flag and message, and its test.</summary>
    private sealed record Check(string Id, Severity Severity, string Message, Func<XElement, bool> Test);

    /// <summary>One artefact's pattern with its assertions compiled, per context index.</summary>
    private sealed record Model(ReleaseRuleFile File, DataModelPattern Pattern, Check[][] Checks);

    private static readonly (string File, DocumentType Type)[] Files =
        [("PEPPOLBIS-T01.tsv", DocumentType.Order), ("PEPPOLBIS-T111.tsv", DocumentType.ApplicationResponse)];

    private static readonly Lazy<Dictionary<DocumentType, Model>> Models = new(() => Files.ToDictionary(f => f.Type, f =>
    {
        var file = ReleaseRuleFile.Get(f.File);
        return new Model(file, new DataModelPattern(file),
            file.Contexts.Select(c => c.Assertions.Select(a => new Check(a.Id, a.Severity, a.Message, Test(file, a))).ToArray()).ToArray());
    }));

    /// <summary>The generated files in use: the release and the artefact each came from.</summary>
    public static IReadOnlyList<ReleaseRuleFile> Sources => Models.Value.Values.Select(m => m.File).ToList();

    /// <summary>The PEPPOL release the generated rules come from (every file names the same one; a test keeps it so).</summary>
    public static string Release => Sources[0].Release;

    /// <summary>Every data-model rule id, with the document type it applies to.</summary>
    public static IEnumerable<(string Id, DocumentType Type)> Ids() =>
        Models.Value.SelectMany(m => m.Value.Checks.SelectMany(c => c).Select(c => (c.Id, m.Key))).Distinct();

    /// <summary>Evaluates the data-model rules of the document's type and adds a finding per failed assertion (only the ids in <paramref name="only"/> when given).</summary>
    public static void Run(XElement root, DocumentType type, List<Finding> findings, IReadOnlySet<string>? only = null)
    {
        if (!Models.Value.TryGetValue(type, out var model)) return;
        model.Pattern.Walk(root, (index, element) =>
        {
            foreach (var check in model.Checks[index])
            {
                if (only is not null && !only.Contains(check.Id)) continue;
                bool ok;
                try { ok = check.Test(element); }
                catch (Exception ex) when (ex is not OutOfMemoryException) { ok = false; } // a value the test cannot evaluate fails it
                if (!ok) findings.Add(new Finding(check.Id, check.Severity, check.Message, Xp.Location(element)));
            }
        });
    }

    /// <summary>The assertion's test, as its form in the artefact means it.</summary>
    private static Func<XElement, bool> Test(ReleaseRuleFile file, ReleaseAssertion a)
    {
        switch (a.Kind)
        {
            case "closed": return _ => false;
            case "child":
                var name = ReleaseRuleFile.QName(Namespaces, a.Argument, file.Source, 0);
                return e => e.Element(name) is not null;
            case "attribute": return e => e.Attribute(a.Argument) is not null;
            case "no-attribute": return e => !e.Attributes().Any(x => !x.IsNamespaceDeclaration && x.Name.LocalName == a.Argument);
            case "code":
                var codes = a.Argument.Split(' ').SelectMany(l => List(file, l)).ToHashSet(StringComparer.Ordinal);
                return e => codes.Contains(Xp.Norm(FirstText(e)));
            case "attribute-code":
                var parts = a.Argument.Split(' ');
                var (attribute, allowed) = (parts[0], List(file, parts[1]));
                return e => e.Attribute(attribute) is not { } x || allowed.Contains(x.Value);
            case "value": return e => Xp.Norm(FirstText(e)) == a.Argument;
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
    private static string FirstText(XElement e)
    {
        for (var n = e.FirstNode; n is not null; n = n.NextNode)
            if (n is XText t) return t.Value;
        return "";
    }
}
