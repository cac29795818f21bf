using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Release;

/// <summary>The document node (<c>/</c>) of an <see cref="XPathDocument"/>: its only child is the validated element.</summary>
internal sealed class DocumentNode(XElement top)
{
    public XElement Top { get; } = top;
}

/// <summary>A failure to evaluate an expression on a document (a cast that fails, several items where one is allowed).</summary>
internal sealed class XPathEvaluationException(string message) : Exception(message);

/// <summary>
/// The document the generated rules see: the validated UBL element as the only child of a document
/// node, as the official artefacts see the payload (an SBDH envelope around it is not part of it).
/// The axes never leave it. Items of a sequence are nodes (<see cref="XElement"/>,
/// <see cref="XAttribute"/>, <see cref="XText"/>, <see cref="DocumentNode"/>) or atomic values
/// (string, double, bool).
/// </summary>
internal sealed class XPathDocument(XElement top)
{
    public XElement Top { get; } = top;
    public DocumentNode Node { get; } = new(top);
    private Dictionary<object, int>? _order;

    public object? Parent(object node) => node switch
    {
        XElement e when e == Top => Node,
        XElement e => e.Parent,
        XAttribute a => a.Parent,
        XText t => t.Parent,
        _ => null,
    };

    /// <summary>The node's position in document order (the document node first, an element before its attributes, they before its children).</summary>
    public int Order(object node)
    {
        if (node is DocumentNode) return -1;
        if (_order is null)
        {
            var order = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            var i = 0;
            foreach (var n in Top.DescendantNodesAndSelf())
            {
                order[n] = i++;
                if (n is XElement e) foreach (var a in e.Attributes()) order[a] = i++;
            }
            _order = order;
        }
        return _order.TryGetValue(node, out var o) ? o : throw new XPathEvaluationException("a node outside the document");
    }

    /// <summary>The nodes in document order, each once.</summary>
    public List<object> InDocumentOrder(List<object> nodes)
    {
        if (nodes.Count < 2) return nodes;
        var distinct = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var result = new List<object>(nodes.Count);
        foreach (var n in nodes) if (distinct.Add(n)) result.Add(n);
        result.Sort((a, b) => Order(a).CompareTo(Order(b)));
        return result;
    }

    public IEnumerable<object> Ancestors(object node)
    {
        for (var p = Parent(node); p is not null; p = Parent(p)) yield return p;
    }

    /// <summary>The nodes of an axis from a node, in the axis's own order (reverse axes nearest first).</summary>
    public IEnumerable<object> Axis(string axis, object node) => axis switch
    {
        "child" => Children(node),
        "attribute" => node is XElement e ? e.Attributes().Where(a => !a.IsNamespaceDeclaration) : [],
        "self" => [node],
        "parent" => Parent(node) is { } p ? [p] : [],
        "ancestor" => Ancestors(node),
        "ancestor-or-self" => Ancestors(node).Prepend(node),
        "descendant" => Descendants(node),
        "descendant-or-self" => Descendants(node).Prepend(node),
        "preceding-sibling" => node is XNode n && node != Top ? n.NodesBeforeSelf().Reverse().Where(IsXPathNode) : [],
        "following-sibling" => node is XNode n && node != Top ? n.NodesAfterSelf().Where(IsXPathNode) : [],
        "preceding" => Preceding(node),
        _ => throw new XPathEvaluationException($"axis {axis}"),
    };

    /// <summary>The axes <see cref="Axis"/> knows; the reverse ones give their nodes nearest first.</summary>
    public static readonly HashSet<string> Axes = ["child", "attribute", "self", "parent", "ancestor", "ancestor-or-self", "descendant",
        "descendant-or-self", "preceding-sibling", "following-sibling", "preceding"];

    public static bool IsReverse(string axis) => axis is "parent" or "ancestor" or "ancestor-or-self" or "preceding-sibling" or "preceding";

    private static bool IsXPathNode(XNode n) => n is XElement or XText;

    private IEnumerable<object> Children(object node) => node switch
    {
        DocumentNode => [Top],
        XElement e => e.Nodes().Where(IsXPathNode),
        _ => [],
    };

    private IEnumerable<object> Descendants(object node) => node switch
    {
        DocumentNode => Top.DescendantNodesAndSelf().Where(IsXPathNode),
        XElement e => e.DescendantNodes().Where(IsXPathNode),
        _ => [],
    };

    /// <summary>preceding::node(): every node before this one in document order that is not its ancestor, nearest first.</summary>
    private List<object> Preceding(object node)
    {
        var target = node is XAttribute a ? (object?)a.Parent : node;
        var ancestors = new HashSet<object>(Ancestors(target!), ReferenceEqualityComparer.Instance);
        var result = new List<object>();
        foreach (var n in Top.DescendantNodesAndSelf())
        {
            if (n == target) break;
            if (IsXPathNode(n) && !ancestors.Contains(n)) result.Add(n);
        }
        result.Reverse();
        return result;
    }
}
