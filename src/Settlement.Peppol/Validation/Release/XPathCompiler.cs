using System.Xml.Linq;
using static Settlement.Peppol.Validation.Release.XPathValues;

namespace Settlement.Peppol.Validation.Release;

/// <summary>Where an expression is evaluated: the context item, its position and size, and the document.</summary>
internal readonly record struct Focus(object Item, int Position, int Size, XPathDocument Document);

/// <summary>A compiled expression.</summary>
internal delegate IReadOnlyList<object> Evaluator(Focus focus);

/// <summary>A code list as a variable of the generated rules: its codes as a sequence, a set, and joined with single spaces.</summary>
internal sealed class CodeListValue(IReadOnlyList<string> codes)
{
    public object[] Items { get; } = codes.Cast<object>().ToArray();
    public HashSet<string> Set { get; } = new(codes, StringComparer.Ordinal);
    public string Joined { get; } = string.Join(' ', codes);
}

/// <summary>
/// Makes an <see cref="XPathExpr"/> executable over an <see cref="XPathDocument"/>, resolving its
/// prefixes and variables (the rule file's namespaces and code lists) when compiled: a prefix, a
/// variable, a function or an axis it does not know is an error here, before any document is seen.
/// Two idioms of the artefacts are evaluated as set look-ups, with the same result as the text
/// search they are written as: <c>contains(' A B ', concat(' ', X, ' '))</c> with the list as a
/// variable, and <c>X = $list</c>.
/// </summary>
internal sealed partial class XPathCompiler(IReadOnlyDictionary<string, XNamespace> namespaces, IReadOnlyDictionary<string, CodeListValue> lists)
{
    public Func<Focus, bool> CompileBoolean(XPathExpr e)
    {
        var eval = Compile(e);
        return f => Ebv(eval(f));
    }

    public Evaluator Compile(XPathExpr e) => e switch
    {
        StringLiteral s => Constant(One(s.Value)),
        NumberLiteral n => Constant(One(n.Value)),
        ContextItem => f => One(f.Item),
        VariableRef v => Constant(List(v.Name).Items),
        SequenceExpr q => Sequence(q.Items.Select(Compile).ToArray()),
        FunctionCall call => Function(call),
        BinaryExpr b => Binary(b),
        PathExpr p => Path(p),
        _ => throw new NotSupportedException($"XPath: {e.GetType().Name} is not in the subset"),
    };

    private static Evaluator Constant(object[] value) => _ => value;

    public CodeListValue List(string name) =>
        lists.TryGetValue(name, out var list) ? list : throw new NotSupportedException($"XPath: no code list ${name}");

    private static Evaluator Sequence(Evaluator[] items) => f =>
    {
        var result = new List<object>();
        foreach (var item in items) result.AddRange(item(f));
        return result;
    };

    private Evaluator Binary(BinaryExpr b)
    {
        // X = $list: a set look-up per item of X (only its string items; others compare as XPath says).
        if (b.Operator == "=" && (b.Right as VariableRef ?? b.Left as VariableRef) is { } v)
        {
            var list = List(v.Name);
            var other = Compile(b.Right is VariableRef ? b.Left : b.Right);
            return f =>
            {
                var items = other(f);
                foreach (var item in items)
                    if (item is string || IsNode(item) ? list.Set.Contains(StringValue(item)) : General("=", One(item), list.Items)) return One(True);
                return One(False);
            };
        }
        var l = Compile(b.Left);
        var r = Compile(b.Right);
        switch (b.Operator)
        {
            case "or": return f => OneBool(Ebv(l(f)) || Ebv(r(f)));
            case "and": return f => OneBool(Ebv(l(f)) && Ebv(r(f)));
            case "=" or "!=" or "<" or "<=" or ">" or ">=":
                var op = b.Operator;
                return f => OneBool(General(op, l(f), r(f)));
            case "+" or "-":
                var minus = b.Operator == "-";
                return f => Number(l(f)) is { } x && Number(r(f)) is { } y ? One(minus ? x - y : x + y) : Empty;
            case "|":
                return f =>
                {
                    var nodes = new List<object>(l(f));
                    nodes.AddRange(r(f));
                    if (nodes.Any(n => !IsNode(n))) throw new XPathEvaluationException("a union of values that are not nodes");
                    return f.Document.InDocumentOrder(nodes);
                };
            default: throw new NotSupportedException($"XPath: operator {b.Operator} is not in the subset");
        }
    }

    /// <summary>Whether a predicate could be numeric (positional): then it is evaluated with positions, otherwise as a condition.</summary>
    public static bool MaybeNumeric(XPathExpr e) => e switch
    {
        NumberLiteral or VariableRef or SequenceExpr => true,
        BinaryExpr b => b.Operator is "+" or "-",
        FunctionCall f => f.Name is "count" or "string-length" or "number" or "last" or "position" or "sum",
        PathExpr p => p.Steps.Count > 0 && p.Steps[^1] is FilterStep fs && MaybeNumeric(fs.Primary),
        _ => false,
    };

    /// <summary>Applies predicates to a sequence (in its order: an axis's own order for a step).</summary>
    private IReadOnlyList<object> Filter(IReadOnlyList<object> items, (Evaluator Eval, bool Numeric)[] predicates, XPathDocument doc)
    {
        foreach (var (eval, numeric) in predicates)
        {
            var kept = new List<object>();
            for (var i = 0; i < items.Count; i++)
            {
                var r = eval(new Focus(items[i], i + 1, items.Count, doc));
                var keep = numeric && r is [double d] ? d == i + 1 : Ebv(r);
                if (keep) kept.Add(items[i]);
            }
            items = kept;
        }
        return items;
    }

    public (Evaluator, bool)[] Predicates(IReadOnlyList<XPathExpr> predicates) =>
        predicates.Select(p => (Compile(p), MaybeNumeric(p))).ToArray();
}
