using System.Xml.Linq;
using Settlement.Peppol.Validation.Release;

namespace Settlement.Peppol.Tests;

/// <summary>
/// Makes documents that break one generated EN 16931 rule each (and their valid counterparts) from
/// the official examples, reading the rule from the generated file itself: its context is found in
/// an example (or built under the root when no example has one), and for a cardinality rule
/// (<c>count(P) &lt;= n</c>) the path is filled to n (the counterpart) and then to n + 1 (the broken
/// document) by copying its last node, so every such rule is broken the same way.
/// </summary>
internal static class PatternRuleCases
{
    private static readonly ReleaseRuleFile File = ReleaseRuleFile.Get("CEN-EN16931-UBL.tsv");
    private static readonly XPathCompiler Compiler = new(File.Namespaces, File.Lists.ToDictionary(l => l.Key, l => new CodeListValue(l.Value), StringComparer.Ordinal));

    public static IEnumerable<(ReleaseContext Context, ReleaseAssertion Assertion)> Assertions() =>
        File.Contexts.SelectMany(c => c.Assertions.Select(a => (c, a)));

    public static IReadOnlyList<(string Name, XElement Root)> Examples { get; } = Conformance.FilesUnder("peppol-billing-3", "examples")
        .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Root: XDocument.Load(f).Root!))
        .Where(e => e.Root.Name.LocalName is "Invoice" or "CreditNote").ToList();

    /// <summary>An example (a copy) and a node of it the context matches: the first example that has one, or the first example with the context built under its root.</summary>
    public static (string Name, XElement Root, XElement Node)? ContextNode(ReleaseContext context, Func<XElement, XElement, bool>? prefer = null, string? example = null)
    {
        var pattern = new MatchPattern(context.Match, Compiler, File.Namespaces);
        (string, XElement, XElement)? first = null;
        foreach (var (name, original) in Examples.Where(e => example is null || e.Name == example))
        {
            var root = new XElement(original);
            var doc = new XPathDocument(root);
            foreach (var node in root.DescendantsAndSelf().Where(n => pattern.Matches(n, doc)))
            {
                if (prefer is null || prefer(root, node)) return (name, root, node);
                first ??= (name, root, node);
            }
        }
        if (first is not null) return first;
        foreach (var alternative in MatchPattern.Alternatives(XPathParser.Parse(context.Match)))
        {
            if (alternative is not PathExpr { Start: PathStart.Relative, Steps: var steps } || steps.Any(s => s is not AxisStep { Axis: "child" })) continue;
            var root = new XElement(Examples[0].Root);
            var node = Materialize(root, steps);
            if (node is not null && pattern.Matches(node, new XPathDocument(root))) return (Examples[0].Name, root, node);
        }
        return null;
    }

    /// <summary>The nodes a path selects from a node.</summary>
    public static IReadOnlyList<object> Select(XElement node, XPathExpr path) =>
        Compiler.Compile(path)(new Focus(node, 1, 1, new XPathDocument(node.AncestorsAndSelf().Last())));

    /// <summary>Walks child steps from a node, taking the first child that passes each step or making one that does; null when a predicate cannot be met.</summary>
    public static XElement? Materialize(XElement from, IReadOnlyList<Step> steps)
    {
        var current = from;
        foreach (var step in steps)
        {
            if (step is not AxisStep { Axis: "child", Test.Kind: NodeTestKind.Name } a || a.Test.Prefix is null or "*" || a.Test.Local == "*") return null;
            var name = File.Namespaces[a.Test.Prefix] + a.Test.Local!;
            var existing = current.Elements(name).FirstOrDefault(e => a.Predicates.All(p => Holds(e, p)));
            if (existing is null)
            {
                existing = new XElement(name, "1");
                current.Add(existing);
                foreach (var p in a.Predicates) if (!Holds(existing, p) && !Satisfy(existing, p)) return null;
            }
            current = existing;
        }
        return current;
    }

    public static bool Holds(XElement node, XPathExpr predicate)
    {
        try { return Compiler.CompileBoolean(predicate)(new Focus(node, 1, 1, new XPathDocument(node.AncestorsAndSelf().Last()))); }
        catch (XPathEvaluationException) { return false; }
    }

    /// <summary>Makes <c>X = 'v'</c>, <c>X != 'v'</c>, <c>X = false()</c> or <c>@x</c> true of a node, X being a child path, an attribute or upper-case() of one.</summary>
    private static bool Satisfy(XElement node, XPathExpr predicate)
    {
        if (predicate is PathExpr { Steps: [AxisStep { Axis: "attribute" } attr] })
        {
            node.SetAttributeValue(attr.Test.Local!, "1");
            return Holds(node, predicate);
        }
        if (predicate is not BinaryExpr { Operator: "=" or "!=" } b) return false;
        var value = b.Right switch
        {
            StringLiteral s => b.Operator == "=" ? s.Value : s.Value + "X",
            FunctionCall { Name: "false" } => "false",
            FunctionCall { Name: "true" } => "true",
            _ => null,
        };
        if (value is null) return false;
        var target = b.Left is FunctionCall { Name: "upper-case", Arguments: [var inner] } ? inner : b.Left;
        if (target is PathExpr { Steps.Count: > 0 } up && up.Steps[^1] is FilterStep { Primary: FunctionCall { Name: "upper-case", Arguments: [var last] } })
        {
            var head = up.Steps.Take(up.Steps.Count - 1).ToList();
            target = last is PathExpr lp ? lp with { Steps = [.. head, .. lp.Steps] } : new PathExpr(PathStart.Relative, head);
        }
        if (target is not PathExpr { Start: PathStart.Relative } path) return false;
        if (path.Steps.Count > 0 && path.Steps[^1] is AxisStep { Axis: "attribute" } at)
        {
            var parents = path.Steps.Take(path.Steps.Count - 1).ToList();
            var owner = parents.Count == 0 ? node : Materialize(node, parents);
            owner?.SetAttributeValue(at.Test.Local!, value);
        }
        else if (Materialize(node, path.Steps) is { } leaf) leaf.Value = value;
        return Holds(node, predicate);
    }

    /// <summary>The cardinality in a test: <c>count(P) &lt;= n</c> or <c>count(P) = 1</c>, alone or first in an and-chain or after <c>not(P) or</c>.</summary>
    public static (XPathExpr Path, int Max)? Cardinality(XPathExpr test) => test switch
    {
        BinaryExpr { Operator: "<=" or "=", Left: FunctionCall { Name: "count", Arguments: [var p] }, Right: NumberLiteral n } => (p, (int)n.Value),
        BinaryExpr { Operator: "and" } and => Cardinality(and.Left),
        BinaryExpr { Operator: "or", Left: FunctionCall { Name: "not" }, Right: var r } => Cardinality(r),
        _ => null,
    };

    /// <summary>Copies the path's last node (an attribute's element; or its ancestor <paramref name="up"/> steps up) until the path selects <paramref name="count"/> nodes; false when it cannot.</summary>
    public static bool Fill(XElement context, XPathExpr path, int count, bool distinctValues, int up = 0)
    {
        for (var guard = 0; guard < 5; guard++)
        {
            var found = Select(context, path);
            if (found.Count == count) return true;
            if (found.Count > count || found.Count == 0) return false;
            var last = found[^1] is XAttribute a ? a.Parent! : (XElement)found[^1];
            for (var i = 0; i < up; i++) last = last.Parent!;
            var copy = new XElement(last);
            if (distinctValues && !copy.HasElements) copy.Value += guard + 1;
            last.AddAfterSelf(copy);
        }
        return false;
    }
}
