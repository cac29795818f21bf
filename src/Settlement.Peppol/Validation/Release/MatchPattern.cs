using System.Xml.Linq;
using static Settlement.Peppol.Validation.Release.XPathValues;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// An XSLT 2.0 match pattern, as the compiled Schematron's templates have them (<c>cac:InvoiceLine |
/// cac:CreditNoteLine</c>, <c>/ubl:Invoice</c>, <c>//*[ends-with(name(), 'Amount')]</c>,
/// <c>cac:AllowanceCharge[cbc:ChargeIndicator = false()]/cbc:AllowanceChargeReasonCode</c>): a union
/// of paths of child and attribute steps, matched from the node upwards. A pattern whose predicate
/// cannot be evaluated on a node does not match it, as Saxon recovers from such an error.
/// </summary>
internal sealed class MatchPattern
{
    private sealed record PatternStep(Func<object, bool> Test, (Evaluator Eval, bool Numeric)[] Predicates, bool AnyAncestorBefore, string Axis)
    {
        public bool AnyNumeric { get; } = Predicates.Any(p => p.Numeric);
    }

    private sealed record Alternative(PathStart Start, PatternStep[] Steps);

    private readonly Alternative[] _alternatives;

    /// <summary>What the last step of each alternative can match: element names (null for any element), attribute names, the document node.</summary>
    public IReadOnlyList<(bool Attribute, XName? Name)> Targets { get; }

    public bool MatchesDocumentNode => _alternatives.Any(a => a.Steps.Length == 0);

    public MatchPattern(string text, XPathCompiler compiler, IReadOnlyDictionary<string, XNamespace> namespaces)
    {
        var parsed = XPathParser.Parse(text);
        var alternatives = new List<Alternative>();
        foreach (var alt in Alternatives(parsed))
        {
            if (alt is not PathExpr path) throw new NotSupportedException($"pattern '{text}': '{alt}' is not a path");
            var steps = new List<PatternStep>();
            var descendant = path.Start == PathStart.RootDescendants;
            foreach (var step in path.Steps)
            {
                if (step is AxisStep { IsDescendantOrSelfNode: true }) { descendant = true; continue; }
                if (step is not AxisStep { Axis: "child" or "attribute" } a)
                    throw new NotSupportedException($"pattern '{text}': only child and attribute steps are in the subset");
                steps.Add(new PatternStep(compiler.Test(a.Axis, a.Test), compiler.Predicates(a.Predicates), descendant, a.Axis));
                descendant = false;
            }
            var start = path.Start == PathStart.RootDescendants ? PathStart.Relative : path.Start;
            alternatives.Add(new Alternative(start, [.. steps]));
        }
        _alternatives = [.. alternatives];
        Targets = TargetsOf(parsed, namespaces);
    }

    /// <summary>
    /// What the last steps of a pattern's paths can match (read from its text alone, without
    /// evaluating anything): two patterns can match the same node only if these overlap.
    /// </summary>
    public static IReadOnlyList<(bool Attribute, XName? Name)> TargetsOf(XPathExpr pattern, IReadOnlyDictionary<string, XNamespace> namespaces) =>
        Alternatives(pattern).Select(alt => alt is PathExpr { Steps: [.., AxisStep last] } && !last.IsDescendantOrSelfNode
            ? (last.Axis == "attribute", last.Test is { Kind: NodeTestKind.Name, Prefix: not "*", Local: not "*" } t
                ? (t.Prefix is null ? XNamespace.None : namespaces.TryGetValue(t.Prefix, out var ns) ? ns : throw new NotSupportedException($"pattern '{pattern}': prefix '{t.Prefix}' is not declared")) + t.Local!
                : (XName?)null)
            : (false, (XName?)null)).ToList();

    /// <summary>Whether two patterns could match a common node, by their targets.</summary>
    public static bool Overlap(IReadOnlyList<(bool Attribute, XName? Name)> a, IReadOnlyList<(bool Attribute, XName? Name)> b) =>
        a.Any(x => b.Any(y => x.Attribute == y.Attribute && (x.Name is null || y.Name is null || x.Name == y.Name)));

    public static IEnumerable<XPathExpr> Alternatives(XPathExpr e) =>
        e is BinaryExpr { Operator: "|" } u ? Alternatives(u.Left).Concat(Alternatives(u.Right)) : [e];

    public bool Matches(object node, XPathDocument doc)
    {
        foreach (var alt in _alternatives)
        {
            try
            {
                if (alt.Steps.Length == 0 ? node is DocumentNode : MatchFrom(alt, alt.Steps.Length - 1, node, doc)) return true;
            }
            catch (XPathEvaluationException) { } // not matching, as Saxon recovers
        }
        return false;
    }

    private bool MatchFrom(Alternative alt, int i, object node, XPathDocument doc)
    {
        var step = alt.Steps[i];
        if (node is DocumentNode || !step.Test(node)) return false;
        if (step.Axis == "attribute" ? node is not XAttribute : node is XAttribute) return false;
        if (step.Predicates.Length > 0 && !PredicatesHold(step, node, doc)) return false;
        var parent = doc.Parent(node);
        if (i == 0)
        {
            if (step.AnyAncestorBefore) return true;
            return alt.Start == PathStart.Root ? parent is DocumentNode : parent is not null;
        }
        if (!step.AnyAncestorBefore) return parent is not null && MatchFrom(alt, i - 1, parent, doc);
        for (var a = parent; a is not null; a = doc.Parent(a))
            if (MatchFrom(alt, i - 1, a, doc)) return true;
        return false;
    }

    /// <summary>Conditions are evaluated on the node; a positional predicate counts among the parent's nodes of the same step.</summary>
    private bool PredicatesHold(PatternStep step, object node, XPathDocument doc)
    {
        if (!step.AnyNumeric)
        {
            foreach (var (eval, _) in step.Predicates)
                if (!Ebv(eval(new Focus(node, 1, 1, doc)))) return false;
            return true;
        }
        var parent = doc.Parent(node);
        IReadOnlyList<object> candidates = parent is null ? [node] : doc.Axis(step.Axis, parent).Where(step.Test).ToList();
        foreach (var (eval, numeric) in step.Predicates)
        {
            var kept = new List<object>();
            for (var k = 0; k < candidates.Count; k++)
            {
                var r = eval(new Focus(candidates[k], k + 1, candidates.Count, doc));
                if (numeric && r is [double d] ? d == k + 1 : Ebv(r)) kept.Add(candidates[k]);
            }
            candidates = kept;
        }
        return candidates.Contains(node);
    }
}
