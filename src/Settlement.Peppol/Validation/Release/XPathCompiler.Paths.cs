using System.Xml.Linq;
using static Settlement.Peppol.Validation.Release.XPathValues;

namespace Settlement.Peppol.Validation.Release;

/// <summary>Paths: steps over the axes of an <see cref="XPathDocument"/>, results in document order.</summary>
internal sealed partial class XPathCompiler
{
    /// <summary>A node test made executable: does a node of this axis pass it.</summary>
    public Func<object, bool> Test(string axis, NodeTest test)
    {
        switch (test.Kind)
        {
            case NodeTestKind.AnyNode: return _ => true;
            case NodeTestKind.Text: return n => n is XText;
        }
        var attribute = axis == "attribute";
        XNamespace? ns = test.Prefix switch
        {
            null => XNamespace.None,
            "*" => null,
            var p => namespaces.TryGetValue(p, out var uri) ? uri : throw new NotSupportedException($"XPath: prefix '{p}' is not declared"),
        };
        var local = test.Local == "*" ? null : test.Local;
        if (attribute)
            return n => n is XAttribute a && (ns is null || a.Name.Namespace == ns) && (local is null || a.Name.LocalName == local);
        if (ns is not null && local is not null)
        {
            var name = ns + local;
            return n => n is XElement e && e.Name == name;
        }
        return n => n is XElement e && (ns is null || e.Name.Namespace == ns) && (local is null || e.Name.LocalName == local);
    }

    private Evaluator Path(PathExpr p)
    {
        // A path from "//" is the document node's descendant-or-self::node() and then its steps, so
        // //name[condition] becomes descendant::name[condition] from the document node too: one walk
        // of the document instead of every node's children gathered and sorted back into order.
        var start = p.Start == PathStart.RootDescendants ? PathStart.Root : p.Start;
        var steps = Simplify(p.Start == PathStart.RootDescendants ? [new AxisStep("descendant-or-self", NodeTest.AnyNode, []), .. p.Steps] : p.Steps);
        if (start == PathStart.Relative && steps.Count > 0 && steps.All(x => x is AxisStep { Axis: "child", Predicates.Count: 0 }))
            return ChildPath(steps.Select(x => Test("child", ((AxisStep)x).Test)).ToArray());
        var compiled = steps.Select(CompileStep).ToArray();
        return f =>
        {
            IReadOnlyList<object> current = start == PathStart.Relative ? One(f.Item) : One(f.Document.Node);
            if (start == PathStart.Relative && !IsNode(f.Item) && compiled.Length > 0 && steps[0] is AxisStep)
                throw new XPathEvaluationException("a path step from a context item that is not a node");
            foreach (var step in compiled) current = step(current, f.Document);
            return current;
        };
    }

    /// <summary><c>//name[condition]</c> is <c>descendant::name[condition]</c> (not with a positional predicate, which counts per parent).</summary>
    private static List<Step> Simplify(IReadOnlyList<Step> steps)
    {
        var result = new List<Step>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is AxisStep { IsDescendantOrSelfNode: true } && i + 1 < steps.Count
                && steps[i + 1] is AxisStep { Axis: "child" } next && !next.Predicates.Any(MaybeNumeric))
            {
                result.Add(next with { Axis = "descendant" });
                i++;
                continue;
            }
            result.Add(steps[i]);
        }
        return result;
    }

    private Func<IReadOnlyList<object>, XPathDocument, IReadOnlyList<object>> CompileStep(Step step)
    {
        var predicates = Predicates(step.Predicates);
        if (step is AxisStep a)
        {
            if (!XPathDocument.Axes.Contains(a.Axis)) throw new NotSupportedException($"XPath: axis {a.Axis} is not in the subset");
            var test = Test(a.Axis, a.Test);
            var reverse = XPathDocument.IsReverse(a.Axis);
            var axis = a.Axis;
            return (input, doc) =>
            {
                var all = new List<object>();
                foreach (var node in input)
                {
                    if (!IsNode(node)) throw new XPathEvaluationException("a path step from a value that is not a node");
                    IReadOnlyList<object> found = axis == "child" && node is XElement parent ? Children(parent, test) : doc.Axis(axis, node).Where(test).ToList();
                    if (predicates.Length > 0) found = Filter(found, predicates, doc);
                    if (reverse) found = found.Reverse().ToList();
                    if (input.Count == 1) return found;
                    all.AddRange(found);
                }
                return doc.InDocumentOrder(all);
            };
        }
        var primary = Compile(((FilterStep)step).Primary);
        return (input, doc) =>
        {
            var all = new List<object>();
            var nodes = true;
            for (var i = 0; i < input.Count; i++)
            {
                var found = primary(new Focus(input[i], i + 1, input.Count, doc));
                if (predicates.Length > 0) found = Filter(found, predicates, doc);
                foreach (var item in found) { nodes &= IsNode(item); all.Add(item); }
            }
            return nodes ? doc.InDocumentOrder(all) : all;
        };
    }

    /// <summary>
    /// The child axis of an element, filtered, without enumerators: the structural rules ask it of
    /// the root and of every line many times per document (text children count as nodes, as in <see cref="XPathDocument.Axis"/>).
    /// </summary>
    private static List<object> Children(XElement parent, Func<object, bool> test)
    {
        var found = new List<object>();
        for (var n = parent.FirstNode; n is not null; n = n.NextNode)
            if (n is XElement or XText && test(n)) found.Add(n);
        return found;
    }

    /// <summary>
    /// A relative path of child steps without predicates (<c>cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID</c>,
    /// what the structural rules count): a depth-first walk from the context node, which visits the
    /// nodes in document order and each once, so nothing is gathered step by step or sorted.
    /// </summary>
    private static Evaluator ChildPath(Func<object, bool>[] tests) => f =>
    {
        if (!IsNode(f.Item)) throw new XPathEvaluationException("a path step from a context item that is not a node");
        var found = new List<object>();
        if (f.Item is XElement start) Walk(start, 0);
        else if (f.Item is DocumentNode d && tests[0](d.Top)) { if (tests.Length == 1) found.Add(d.Top); else Walk(d.Top, 1); }
        return found;

        void Walk(XElement parent, int step)
        {
            for (var n = parent.FirstNode; n is not null; n = n.NextNode)
            {
                if (n is not (XElement or XText) || !tests[step](n)) continue;
                if (step == tests.Length - 1) found.Add(n);
                else if (n is XElement e) Walk(e, step + 1);
            }
        }

    };
}
