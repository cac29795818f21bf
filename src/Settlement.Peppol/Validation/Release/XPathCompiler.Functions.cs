using System.Xml.Linq;
using static Settlement.Peppol.Validation.Release.XPathValues;

namespace Settlement.Peppol.Validation.Release;

/// <summary>The functions of the subset: the ones the artefacts' structural and code-list rules call.</summary>
internal sealed partial class XPathCompiler
{
    /// <summary>Every function the subset evaluates, with the numbers of arguments it takes.</summary>
    public static readonly IReadOnlyDictionary<string, int[]> Functions = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["not"] = [1], ["true"] = [0], ["false"] = [0], ["boolean"] = [1], ["count"] = [1], ["exists"] = [1], ["empty"] = [1],
        ["string"] = [0, 1], ["normalize-space"] = [0, 1], ["string-length"] = [0, 1], ["upper-case"] = [1], ["lower-case"] = [1],
        ["contains"] = [2], ["starts-with"] = [2], ["ends-with"] = [2], ["substring-before"] = [2], ["substring-after"] = [2],
        ["substring"] = [2, 3], ["string-join"] = [2], ["name"] = [0, 1], ["local-name"] = [0, 1],
        ["concat"] = [2, 3, 4, 5, 6, 7, 8, 9, 10],
    };

    private Evaluator Function(FunctionCall call)
    {
        if (!Functions.TryGetValue(call.Name, out var arities)) throw new NotSupportedException($"XPath: function {call.Name}() is not in the subset");
        if (!arities.Contains(call.Arguments.Count)) throw new NotSupportedException($"XPath: {call.Name}() with {call.Arguments.Count} arguments is not in the subset");
        if (ListContainment(call) is { } fast) return fast;
        var args = call.Arguments.Select(Compile).ToArray();
        Evaluator arg0 = args.Length > 0 ? args[0] : f => One(f.Item);
        Func<Focus, string> str0 = f => SingleString(arg0(f));
        Func<Focus, string> str1 = args.Length > 1 ? f => SingleString(args[1](f)) : _ => "";
        switch (call.Name)
        {
            case "not": return f => OneBool(!Ebv(arg0(f)));
            case "true": return _ => OneBool(true);
            case "false": return _ => OneBool(false);
            case "boolean": return f => OneBool(Ebv(arg0(f)));
            case "count": return f => One((double)arg0(f).Count);
            case "exists": return f => OneBool(arg0(f).Count > 0);
            case "empty": return f => OneBool(arg0(f).Count == 0);
            case "string": return f => One(str0(f));
            case "normalize-space": return f => One(Rules.Xp.Norm(str0(f)));
            case "string-length": return f => One((double)CodePoints(str0(f)));
            case "upper-case": return f => One(str0(f).ToUpperInvariant());
            case "lower-case": return f => One(str0(f).ToLowerInvariant());
            case "contains": return f => OneBool(str0(f).Contains(str1(f), StringComparison.Ordinal));
            case "starts-with": return f => OneBool(str0(f).StartsWith(str1(f), StringComparison.Ordinal));
            case "ends-with" when call.Arguments is [FunctionCall { Name: "name", Arguments: [] }, StringLiteral { Value: var suffix }] && !suffix.Contains(':'):
                // ends-with(name(), 'Amount'): a suffix without a colon can only end the local part of
                // prefix:local, so the prefix need not be looked up (the EN artefact asks it of every element).
                return f => f.Item is XElement e ? OneBool(e.Name.LocalName.EndsWith(suffix, StringComparison.Ordinal)) : OneBool(str0(f).EndsWith(suffix, StringComparison.Ordinal));
            case "ends-with": return f => OneBool(str0(f).EndsWith(str1(f), StringComparison.Ordinal));
            case "substring-before": return f =>
            {
                var (s, t) = (str0(f), str1(f));
                var i = s.IndexOf(t, StringComparison.Ordinal);
                return One(t.Length == 0 || i < 0 ? "" : s[..i]);
            };
            case "substring-after": return f =>
            {
                var (s, t) = (str0(f), str1(f));
                var i = s.IndexOf(t, StringComparison.Ordinal);
                return One(t.Length == 0 ? s : i < 0 ? "" : s[(i + t.Length)..]);
            };
            case "substring":
                var length = args.Length > 2 ? args[2] : null;
                return f => One(Substring(str0(f), Number(args[1](f)) ?? double.NaN, length is null ? null : Number(length(f)) ?? double.NaN));
            case "string-join": return f => One(string.Join(str1(f), arg0(f).Select(StringValue)));
            case "concat": return f => One(string.Concat(args.Select(a => SingleString(a(f)))));
            case "name" or "local-name":
                var local = call.Name == "local-name";
                return f => arg0(f) switch
                {
                    [] => One(""),
                    [var n] when IsNode(n) => One(Name(n, local)),
                    _ => throw new XPathEvaluationException($"{call.Name}() of something that is not one node"),
                };
            default: throw new NotSupportedException($"XPath: function {call.Name}() is not in the subset");
        }
    }

    /// <summary>
    /// <c>contains(concat(' ', string-join($list, ' '), ' '), concat(' ', X, ' '))</c>, the generated
    /// form of the artefacts' <c>contains(' A B C ', concat(' ', X, ' '))</c>: when X has no space it
    /// is in the text exactly when it is one of the codes, so a set look-up answers; otherwise the text is searched.
    /// </summary>
    private Evaluator? ListContainment(FunctionCall call)
    {
        if (call.Name != "contains" || PaddedList(call.Arguments[0]) is not { } list) return null;
        var padded = " " + list.Joined + " ";
        if (call.Arguments[1] is FunctionCall { Name: "concat", Arguments: [StringLiteral { Value: " " }, var x, StringLiteral { Value: " " }] })
        {
            var value = Compile(x);
            return f =>
            {
                var s = SingleString(value(f));
                return OneBool(s.Contains(' ') ? padded.Contains($" {s} ", StringComparison.Ordinal) : list.Set.Contains(s));
            };
        }
        var needle = Compile(call.Arguments[1]);
        return f => OneBool(padded.Contains(SingleString(needle(f)), StringComparison.Ordinal));
    }

    /// <summary>The list of <c>concat(' ', string-join($list, ' '), ' ')</c>, or null for any other expression.</summary>
    private CodeListValue? PaddedList(XPathExpr e) =>
        e is FunctionCall
        {
            Name: "concat",
            Arguments: [StringLiteral { Value: " " }, FunctionCall { Name: "string-join", Arguments: [VariableRef v, StringLiteral { Value: " " }] }, StringLiteral { Value: " " }],
        } ? List(v.Name) : null;
}
