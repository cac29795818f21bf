using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Settlement.Peppol.Validation.Release;

namespace Settlement.RuleGen;

/// <summary>
/// Reads the rules of the EN 16931 artefact (<c>CEN-EN16931-UBL.xslt</c>) that are data: every
/// fatal assert whose id is <c>UBL-*</c> (the syntax binding: cardinalities, data types, the two
/// fatal "shall not be used") or <c>BR-CL-*</c> (the code lists), with its context, test and message.
/// A rule applies where the compiled artefact applies it: in its pattern, on the nodes its context
/// matches and no rule of higher priority of the same pattern matches, so the file also holds the
/// other rules of the pattern that could take a node from it (their contexts, without assertions).
/// A code list written into a test (<c>contains(' A B C ', …)</c>, <c>@x = 'a' or @x = 'b' or …</c>)
/// becomes a code list record the test refers to. Every test and context written is read back and
/// compiled with the XPath subset the service evaluates them with; one it does not know stops the
/// generator with the rule id and the test.
/// </summary>
internal static partial class PatternReader
{
    /// <summary>The asserts the service evaluates from this artefact as data.</summary>
    public static bool Claimed(XsltAssert a) => a.Flag == "fatal" && (a.Id.StartsWith("UBL-", StringComparison.Ordinal) || a.Id.StartsWith("BR-CL-", StringComparison.Ordinal));

    /// <summary>The other rules whose code lists are data for the C# rules (BR-CO-09's country prefixes).</summary>
    private static bool ListsForCSharp(XsltAssert a) => a.Id.StartsWith("BR-", StringComparison.Ordinal) && !Claimed(a);

    public static Artefact Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var root = XDocument.Load(new MemoryStream(bytes)).Root!;
        var declared = root.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value.StartsWith("urn:oasis:names:specification:ubl:", StringComparison.Ordinal))
            .ToDictionary(a => a.Name.LocalName, a => (XNamespace)a.Value, StringComparer.Ordinal);
        var templates = XsltRules.Templates(path, root);
        var names = new ListNames();
        foreach (var t in templates)
            foreach (var a in t.Asserts.Where(ListsForCSharp))
                names.AddInline(path, a.Id, a.Test);

        var contexts = new List<Context>();
        var written = new List<string>();
        foreach (var mode in templates.Where(t => t.Asserts.Any(Claimed)).Select(t => t.Mode).Distinct())
        {
            var inMode = templates.Where(t => t.Mode == mode).ToList();
            var targets = inMode.ToDictionary(t => t, t => MatchPattern.TargetsOf(Parse(path, t.Match, $"the context '{t.Match}'"), declared));
            var claimed = inMode.Where(t => t.Asserts.Any(Claimed)).ToList();
            foreach (var t in inMode.Where(t => claimed.Any(c => c == t || MatchPattern.Overlap(targets[c], targets[t])))
                         .OrderByDescending(t => t.Priority).ThenByDescending(t => t.Position))
            {
                var assertions = t.Asserts.Where(Claimed).Select(a =>
                {
                    var test = Rewrite(Parse(path, a.Test, $"{a.Id} at '{t.Match}'"), a.Id, names).ToString();
                    written.Add(test);
                    return new Assertion(a.Id, a.Flag, "xpath", test, a.Message);
                }).ToList();
                contexts.Add(new Context(t.Priority, t.Match, assertions) { Pattern = mode });
                written.Add(t.Match);
            }
        }

        // Everything written must read back and compile as the service will (prefixes, code lists, functions, axes).
        var used = declared.Where(d => written.Any(w => w.Contains(d.Key + ":", StringComparison.Ordinal))).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        var compiler = new XPathCompiler(used, names.All.ToDictionary(l => l.Name, l => new CodeListValue(l.Codes.Split(' ')), StringComparer.Ordinal));
        foreach (var c in contexts)
        {
            Check(path, $"the context '{c.Match}'", () => new MatchPattern(c.Match, compiler, used));
            foreach (var a in c.Assertions) Check(path, $"{a.Id} at '{c.Match}' ({a.Argument})", () => compiler.Compile(XPathParser.Parse(a.Argument)));
        }
        return new Artefact(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(bytes)),
            used.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => (u.Key, u.Value.NamespaceName)).ToList(), names.All, contexts);
    }

    private static XPathExpr Parse(string path, string text, string what)
    {
        try { return XPathParser.Parse(text); }
        catch (FormatException e) { throw new InvalidDataException($"{path}: {what} has a form this reader does not know: {text} ({e.Message})"); }
    }

    private static void Check(string path, string what, Action compile)
    {
        try { compile(); }
        catch (Exception e) when (e is NotSupportedException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: {what} has a form the service cannot evaluate: {e.Message}");
        }
    }

    /// <summary>
    /// The test with its code lists as variables: <c>contains(' A B ', X)</c> becomes
    /// <c>contains(concat(' ', string-join($list, ' '), ' '), X)</c> (the same text), and a chain
    /// <c>X = 'a' or X = 'b' or X = 'c'</c> becomes <c>X = $list</c> (the same general comparison).
    /// </summary>
    internal static XPathExpr Rewrite(XPathExpr e, string id, ListNames names) => Transform(e, x =>
    {
        if (x is FunctionCall { Name: "contains", Arguments: [StringLiteral lit, var needle] }
            && lit.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2 && XsltRules.Codes(lit.Value, out var padded) is { } codes)
        {
            XPathExpr joined = new FunctionCall("string-join", [new VariableRef(names.Add(id, codes, share: true)), new StringLiteral(" ")]);
            if (padded) joined = new FunctionCall("concat", [new StringLiteral(" "), joined, new StringLiteral(" ")]);
            return new FunctionCall("contains", [joined, needle]);
        }
        if (x is BinaryExpr { Operator: "or" } or && Equalities(or) is { Count: >= 3 } eqs && eqs.Select(q => q.Subject.ToString()).Distinct().Count() == 1)
            return new BinaryExpr("=", eqs[0].Subject, new VariableRef(names.Add(id, eqs.Select(q => q.Value).ToArray(), share: true)));
        return null;
    });

    /// <summary>The operands of an or-chain when each is <c>X = 'literal'</c> (null otherwise).</summary>
    private static List<(XPathExpr Subject, string Value)>? Equalities(XPathExpr e)
    {
        if (e is BinaryExpr { Operator: "or" } or)
            return Equalities(or.Left) is { } l && Equalities(or.Right) is { } r ? [.. l, .. r] : null;
        if (e is PathExpr { Start: PathStart.Relative, Steps: [FilterStep { Primary: var inner, Predicates.Count: 0 }] }) return Equalities(inner);
        return e is BinaryExpr { Operator: "=", Right: StringLiteral v } eq && eq.Left is not StringLiteral ? [(eq.Left, v.Value)] : null;
    }

    /// <summary>Rebuilds an expression top-down (a whole or-chain before its parts), replacing each node the function gives a replacement for.</summary>
    private static XPathExpr Transform(XPathExpr e, Func<XPathExpr, XPathExpr?> replace)
    {
        if (replace(e) is { } replaced) return replaced;
        XPathExpr T(XPathExpr x) => Transform(x, replace);
        IReadOnlyList<XPathExpr> All(IReadOnlyList<XPathExpr> xs) => xs.Select(T).ToList();
        return e switch
        {
            FunctionCall f => f with { Arguments = All(f.Arguments) },
            BinaryExpr b => b with { Left = T(b.Left), Right = T(b.Right) },
            SequenceExpr q => q with { Items = All(q.Items) },
            PathExpr p => p with
            {
                Steps = p.Steps.Select(s => s switch
                {
                    AxisStep a => (Step)(a with { Predicates = All(a.Predicates) }),
                    FilterStep fs => fs with { Primary = T(fs.Primary), Predicates = All(fs.Predicates) },
                    _ => s,
                }).ToList(),
            },
            _ => e,
        };
    }
}
