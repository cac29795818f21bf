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

    public DataModelPattern(ReleaseRuleFile file)
    {
        foreach (var context in file.Contexts)
        {
            var node = _top;
            var (steps, anyChild) = file.PathSteps(context);
            foreach (var step in steps)
            {
                if (!node.Children.TryGetValue(step, out var next)) node.Children[step] = next = new Node();
                node = next;
            }
            // Two rules with the same context: the first (higher priority) handles every node, as in Schematron.
            if (anyChild) node.AnyChild ??= context;
            else node.Own ??= context;
        }
    }

    /// <summary>Walks the document and calls <paramref name="handle"/> with (context index, element) for every element a rule of the pattern handles, in document order.</summary>
    public void Walk(XElement root, Action<int, XElement> handle) => Visit(root, _top, handle);

    private static void Visit(XElement element, Node parent, Action<int, XElement> handle)
    {
        parent.Children.TryGetValue(element.Name, out var own);
        var rule = Best(own?.Own, parent.AnyChild);
        if (rule is not null) handle(rule.Index, element);
        if (own is null) return;
        for (var child = NextElement(element.FirstNode); child is not null; child = NextElement(child.NextNode))
            Visit(child, own, handle);
    }

    private static XElement? NextElement(XNode? node)
    {
        while (node is not null and not XElement) node = node.NextNode;
        return (XElement?)node;
    }

    private static ReleaseContext? Best(ReleaseContext? a, ReleaseContext? b) =>
        a is null ? b : b is null ? a : a.Priority >= b.Priority ? a : b;
}
