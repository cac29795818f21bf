using System.Globalization;
using System.Text;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// An expression of the XPath 2.0 subset the official artefacts' generated rules are written in
/// (<see cref="XPathParser"/> reads it, <see cref="XPathCompiler"/> makes it executable). Its text
/// (<see cref="XPathExpr.ToString"/>) is what the generated rule files hold, and reads back the same.
/// </summary>
internal abstract record XPathExpr
{
    public sealed override string ToString() => XPathPrinter.Print(this);
}

/// <summary>A string literal.</summary>
internal sealed record StringLiteral(string Value) : XPathExpr;

/// <summary>A numeric literal (xs:integer or xs:decimal in the source; a double here).</summary>
internal sealed record NumberLiteral(double Value) : XPathExpr;

/// <summary><c>$name</c>: in the generated rules, a code list (a sequence of strings).</summary>
internal sealed record VariableRef(string Name) : XPathExpr;

/// <summary><c>.</c></summary>
internal sealed record ContextItem : XPathExpr;

/// <summary><c>name(arg, …)</c></summary>
internal sealed record FunctionCall(string Name, IReadOnlyList<XPathExpr> Arguments) : XPathExpr;

/// <summary>A binary operator: <c>or and = != &lt; &lt;= &gt; &gt;= + - |</c>.</summary>
internal sealed record BinaryExpr(string Operator, XPathExpr Left, XPathExpr Right) : XPathExpr;

/// <summary><c>(a, b, …)</c> or <c>()</c>.</summary>
internal sealed record SequenceExpr(IReadOnlyList<XPathExpr> Items) : XPathExpr;

/// <summary>Where a path starts: at the context (relative), at the document node (<c>/</c>), or anywhere below it (<c>//</c>).</summary>
internal enum PathStart { Relative, Root, RootDescendants }

/// <summary>A path: its start and its steps. <c>a//b</c> is <c>a/descendant-or-self::node()/b</c>, as XPath defines it.</summary>
internal sealed record PathExpr(PathStart Start, IReadOnlyList<Step> Steps) : XPathExpr;

/// <summary>One step of a path with its predicates.</summary>
internal abstract record Step(IReadOnlyList<XPathExpr> Predicates);

/// <summary>An axis step: <c>axis::test[…]</c> (<c>cbc:ID</c> is <c>child::cbc:ID</c>, <c>@x</c> is <c>attribute::x</c>, <c>..</c> is <c>parent::node()</c>).</summary>
internal sealed record AxisStep(string Axis, NodeTest Test, IReadOnlyList<XPathExpr> Predicates) : Step(Predicates)
{
    public bool IsDescendantOrSelfNode => Axis == "descendant-or-self" && Test.Kind == NodeTestKind.AnyNode && Predicates.Count == 0;
}

/// <summary>A filter step: a primary expression used as a step (<c>cac:TaxScheme/upper-case(cbc:ID)</c>, <c>…/.</c>).</summary>
internal sealed record FilterStep(XPathExpr Primary, IReadOnlyList<XPathExpr> Predicates) : Step(Predicates);

internal enum NodeTestKind { Name, AnyNode, Text }

/// <summary>A node test: a name (prefix and local name, either may be <c>*</c>; a bare <c>*</c> is both), <c>node()</c> or <c>text()</c>; no prefix is no namespace.</summary>
internal sealed record NodeTest(NodeTestKind Kind, string? Prefix, string? Local)
{
    public static readonly NodeTest AnyNode = new(NodeTestKind.AnyNode, null, null);
}

/// <summary>Writes an expression back as text, fully parenthesised where precedence could be in doubt, so it reads back the same.</summary>
internal static class XPathPrinter
{
    public static string Print(XPathExpr e)
    {
        var sb = new StringBuilder();
        Write(sb, e, 0);
        return sb.ToString();
    }

    private static int Precedence(string op) => op switch
    {
        "or" => 1, "and" => 2, "=" or "!=" or "<" or "<=" or ">" or ">=" => 3, "+" or "-" => 4, "|" => 5, _ => 6,
    };

    private static void Write(StringBuilder sb, XPathExpr e, int outer)
    {
        switch (e)
        {
            case StringLiteral s: sb.Append('\'').Append(s.Value.Replace("'", "''", StringComparison.Ordinal)).Append('\''); break;
            case NumberLiteral n: sb.Append(n.Value.ToString("R", CultureInfo.InvariantCulture)); break;
            case VariableRef v: sb.Append('$').Append(v.Name); break;
            case ContextItem: sb.Append('.'); break;
            case FunctionCall f:
                sb.Append(f.Name).Append('(');
                for (var i = 0; i < f.Arguments.Count; i++) { if (i > 0) sb.Append(", "); Write(sb, f.Arguments[i], 0); }
                sb.Append(')');
                break;
            case SequenceExpr q:
                sb.Append('(');
                for (var i = 0; i < q.Items.Count; i++) { if (i > 0) sb.Append(", "); Write(sb, q.Items[i], 0); }
                sb.Append(')');
                break;
            case BinaryExpr b:
                var p = Precedence(b.Operator);
                // Same-precedence chains are left-associative; a right operand of the same level is parenthesised.
                // Comparisons do not chain: a comparison on the left of one is parenthesised too.
                var paren = p < outer;
                if (paren) sb.Append('(');
                Write(sb, b.Left, p == 3 ? p + 1 : p);
                sb.Append(b.Operator == "|" ? " | " : $" {b.Operator} ");
                Write(sb, b.Right, p + 1);
                if (paren) sb.Append(')');
                break;
            case PathExpr path: WritePath(sb, path); break;
            default: throw new InvalidOperationException($"cannot print {e.GetType().Name}");
        }
    }

    private static void WritePath(StringBuilder sb, PathExpr path)
    {
        var steps = path.Steps;
        var i = 0;
        if (path.Start == PathStart.Root) sb.Append('/');
        if (path.Start == PathStart.RootDescendants) sb.Append("//");
        for (var first = true; i < steps.Count; i++)
        {
            if (steps[i] is AxisStep { IsDescendantOrSelfNode: true } && i + 1 < steps.Count)
            {
                sb.Append("//");
                first = true;
                continue;
            }
            if (!first) sb.Append('/');
            first = false;
            WriteStep(sb, steps[i]);
        }
    }

    private static void WriteStep(StringBuilder sb, Step step)
    {
        switch (step)
        {
            case AxisStep { Axis: "parent", Test.Kind: NodeTestKind.AnyNode, Predicates.Count: 0 }: sb.Append(".."); return;
            case AxisStep a:
                if (a.Axis == "attribute") sb.Append('@');
                else if (a.Axis != "child") sb.Append(a.Axis).Append("::");
                sb.Append(a.Test.Kind switch
                {
                    NodeTestKind.AnyNode => "node()",
                    NodeTestKind.Text => "text()",
                    _ => a.Test is { Prefix: "*", Local: "*" } ? "*" : a.Test.Prefix is null ? a.Test.Local : $"{a.Test.Prefix}:{a.Test.Local}",
                });
                break;
            case FilterStep f:
                var simple = f.Primary is StringLiteral or NumberLiteral or VariableRef or ContextItem or FunctionCall or SequenceExpr;
                if (!simple) sb.Append('(');
                Write(sb, f.Primary, 0);
                if (!simple) sb.Append(')');
                break;
        }
        foreach (var p in step.Predicates) { sb.Append('['); Write(sb, p, 0); sb.Append(']'); }
    }
}
