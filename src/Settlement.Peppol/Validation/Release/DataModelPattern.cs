using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// The data-model pattern of an artefact as a tree of paths, so one walk of a document tells which
/// Schematron rule handles each element, as the compiled XSLT decides it: of the rules whose context
/// matches an element, the one with the highest priority (an element's own path before its parent's
/// "any other child" rule). Every context is an absolute path, so below an element that no path
/// goes through nothing else can match, and the walk stops there.
/// </summary>
internal sealed class DataModelPattern
{
    private sealed class Node
    {
        public readonly Dictionary<XName, Node> Children = [];
        public ReleaseContext? Own;      // the rule whose context is this path
        public ReleaseContext? AnyChild; // the rule whose context is this path + "/*"
    }

    private readonly Node _top = new();
    private readonly int _count;

    public DataModelPattern(IReadOnlyList<ReleaseContext> contexts)
    {
        _count = contexts.Count;
        foreach (var context in contexts)
        {
            var node = _top;
            foreach (var step in context.Steps)
            {
                if (!node.Children.TryGetValue(step, out var next)) node.Children[step] = next = new Node();
                node = next;
            }
            // Two rules with the same context: the first (higher priority) handles every node, as in Schematron.
            if (context.AnyChild) node.AnyChild ??= context;
            else node.Own ??= context;
        }
    }

    /// <summary>For every context (by <see cref="ReleaseContext.Index"/>), the elements of the document it handles, in document order.</summary>
    public List<XElement>[] Walk(XElement root)
    {
        var handled = new List<XElement>[_count];
        Visit(root, _top, handled);
        return handled;
    }

    private static void Visit(XElement element, Node parent, List<XElement>[] handled)
    {
        parent.Children.TryGetValue(element.Name, out var own);
        var rule = Best(own?.Own, parent.AnyChild);
        if (rule is not null) (handled[rule.Index] ??= []).Add(element);
        if (own is null) return;
        foreach (var child in element.Elements()) Visit(child, own, handled);
    }

    private static ReleaseContext? Best(ReleaseContext? a, ReleaseContext? b) =>
        a is null ? b : b is null ? a : a.Priority >= b.Priority ? a : b;
}
