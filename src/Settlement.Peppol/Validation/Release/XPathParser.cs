using System.Globalization;

namespace Settlement.Peppol.Validation.Release;

/// <summary>
/// Reads the XPath 2.0 subset of the generated rules: paths (axes, name tests, predicates, filter
/// steps), literals, variables, function calls, <c>or and</c>, general comparisons, <c>+ -</c>,
/// <c>|</c> and parenthesised sequences. Anything else (<c>if</c>, <c>some</c>, <c>*</c> as
/// multiplication, value comparisons…) is a <see cref="FormatException"/> naming what and where, so a
/// test of a form the generator does not know stops it instead of being dropped. Which functions
/// and axes can be evaluated is the compiler's concern (<see cref="XPathCompiler"/>).
/// </summary>
internal sealed class XPathParser
{
    private readonly string _text;
    private int _pos;

    private XPathParser(string text) => _text = text;

    /// <summary>Parses a whole expression.</summary>
    public static XPathExpr Parse(string text)
    {
        var p = new XPathParser(text);
        var e = p.ParseExpr();
        p.SkipSpace();
        if (p._pos < text.Length) throw p.Error("unexpected text");
        return e;
    }

    private FormatException Error(string what) =>
        new($"XPath: {what} at {_pos} in '{(_text.Length > 200 ? _text[..200] + "…" : _text)}'");

    private void SkipSpace() { while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++; }

    private bool Peek(string s) { SkipSpace(); return string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0; }

    private bool Take(string s)
    {
        if (!Peek(s)) return false;
        _pos += s.Length;
        return true;
    }

    private void Expect(string s) { if (!Take(s)) throw Error($"'{s}' expected"); }

    /// <summary>A keyword operator (<c>or</c>, <c>and</c>): the word not followed by a name character.</summary>
    private bool TakeWord(string word)
    {
        if (!Peek(word)) return false;
        var end = _pos + word.Length;
        if (end < _text.Length && IsNameChar(_text[end])) return false;
        _pos = end;
        return true;
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';
    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    private string? PeekName()
    {
        SkipSpace();
        if (_pos >= _text.Length || !IsNameStart(_text[_pos])) return null;
        var end = _pos;
        while (end < _text.Length && IsNameChar(_text[end])) end++;
        return _text[_pos..end];
    }

    private string TakeName() => PeekName() is { } n ? _text.Substring((_pos += n.Length) - n.Length, n.Length) : throw Error("a name expected");

    private XPathExpr ParseExpr()
    {
        var first = ParseSingle();
        if (!Peek(",")) return first;
        var items = new List<XPathExpr> { first };
        while (Take(",")) items.Add(ParseSingle());
        return new SequenceExpr(items);
    }

    private XPathExpr ParseSingle()
    {
        if (PeekName() is "if" or "some" or "every" or "for" && LooksLikeKeyword()) throw Error($"'{PeekName()}' expressions are not in the subset");
        return ParseOr();
    }

    private bool LooksLikeKeyword()
    {
        var save = _pos;
        TakeName();
        SkipSpace();
        var keyword = _pos < _text.Length && _text[_pos] is '(' or '$';
        _pos = save;
        return keyword;
    }

    private XPathExpr ParseOr()
    {
        var e = ParseAnd();
        while (TakeWord("or")) e = new BinaryExpr("or", e, ParseAnd());
        return e;
    }

    private XPathExpr ParseAnd()
    {
        var e = ParseComparison();
        while (TakeWord("and")) e = new BinaryExpr("and", e, ParseComparison());
        return e;
    }

    private static readonly string[] Comparisons = ["!=", "<=", ">=", "=", "<", ">"];

    private XPathExpr ParseComparison()
    {
        var e = ParseAdditive();
        foreach (var op in Comparisons)
            if (Take(op)) return new BinaryExpr(op, e, ParseAdditive());
        if (PeekName() is "eq" or "ne" or "lt" or "le" or "gt" or "ge" or "is") throw Error($"'{PeekName()}' is not in the subset");
        return e;
    }

    private XPathExpr ParseAdditive()
    {
        var e = ParseUnion();
        while (true)
        {
            if (Take("+")) e = new BinaryExpr("+", e, ParseUnion());
            else if (Peek("-") && !Peek("->")) { _pos++; e = new BinaryExpr("-", e, ParseUnion()); }
            else if (Peek("*") || PeekName() is "div" or "mod" or "idiv") throw Error("multiplicative operators are not in the subset");
            else return e;
        }
    }

    private XPathExpr ParseUnion()
    {
        var e = ParsePath();
        while (Peek("|") && !Peek("||")) { _pos++; e = new BinaryExpr("|", e, ParsePath()); }
        return e;
    }

    private XPathExpr ParsePath()
    {
        SkipSpace();
        PathStart start;
        if (Take("//")) start = PathStart.RootDescendants;
        else if (Peek("/"))
        {
            _pos++;
            start = PathStart.Root;
            if (!StartsStep()) return new PathExpr(start, []);
        }
        else start = PathStart.Relative;
        var steps = new List<Step> { ParseStep() };
        while (true)
        {
            if (Take("//")) { steps.Add(new AxisStep("descendant-or-self", NodeTest.AnyNode, [])); steps.Add(ParseStep()); }
            else if (Peek("/")) { _pos++; steps.Add(ParseStep()); }
            else break;
        }
        if (start == PathStart.Relative && steps is [FilterStep { Predicates.Count: 0 } only]) return only.Primary;
        return new PathExpr(start, steps);
    }

    private bool StartsStep()
    {
        SkipSpace();
        if (_pos >= _text.Length) return false;
        var c = _text[_pos];
        return IsNameStart(c) || c is '*' or '@' or '.' or '(' or '$' or '\'' or '"' || char.IsDigit(c);
    }

    private Step ParseStep()
    {
        SkipSpace();
        if (Take("..")) return new AxisStep("parent", NodeTest.AnyNode, ParsePredicates());
        if (Take("@")) return new AxisStep("attribute", ParseNodeTest(), ParsePredicates());
        if (PeekName() is { } name)
        {
            var save = _pos;
            _pos += name.Length;
            if (Take("::")) return new AxisStep(name, ParseNodeTest(), ParsePredicates());
            _pos = save;
            if (!IsFunctionCall(name)) return new AxisStep("child", ParseNodeTest(), ParsePredicates());
        }
        else if (Peek("*")) return new AxisStep("child", ParseNodeTest(), ParsePredicates());
        return new FilterStep(ParsePrimary(), ParsePredicates());
    }

    /// <summary>A name followed by '(' that is neither a node-type test nor a prefixed name.</summary>
    private bool IsFunctionCall(string name)
    {
        if (name is "node" or "text") return false;
        var end = _pos + name.Length;
        if (end < _text.Length && _text[end] == ':' && end + 1 < _text.Length && _text[end + 1] != ':')
        {
            // prefix:local( is a prefixed function (xs:decimal(…), u:slack(…)); prefix:local is a name test
            var local = end + 1;
            while (local < _text.Length && IsNameChar(_text[local])) local++;
            while (local < _text.Length && char.IsWhiteSpace(_text[local])) local++;
            return local < _text.Length && _text[local] == '(';
        }
        while (end < _text.Length && char.IsWhiteSpace(_text[end])) end++;
        return end < _text.Length && _text[end] == '(';
    }

    private NodeTest ParseNodeTest()
    {
        SkipSpace();
        if (Take("*"))
        {
            if (_pos < _text.Length && _text[_pos] == ':') { _pos++; return new NodeTest(NodeTestKind.Name, "*", TakeName()); }
            return new NodeTest(NodeTestKind.Name, "*", "*"); // any name in any namespace
        }
        var name = TakeName();
        if (name is "node" or "text" && Take("("))
        {
            Expect(")");
            return name == "node" ? NodeTest.AnyNode : new NodeTest(NodeTestKind.Text, null, null);
        }
        if (_pos < _text.Length && _text[_pos] == ':' && !(_pos + 1 < _text.Length && _text[_pos + 1] == ':'))
        {
            _pos++;
            if (_pos < _text.Length && _text[_pos] == '*') { _pos++; return new NodeTest(NodeTestKind.Name, name, "*"); }
            return new NodeTest(NodeTestKind.Name, name, TakeName());
        }
        return new NodeTest(NodeTestKind.Name, null, name);
    }

    private List<XPathExpr> ParsePredicates()
    {
        var list = new List<XPathExpr>();
        while (Take("["))
        {
            list.Add(ParseExpr());
            Expect("]");
        }
        return list;
    }

    private XPathExpr ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("an expression expected");
        var c = _text[_pos];
        if (c is '\'' or '"') return new StringLiteral(ParseString(c));
        if (char.IsDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1]))) return new NumberLiteral(ParseNumber());
        if (c == '.') { _pos++; return new ContextItem(); }
        if (c == '$') { _pos++; return new VariableRef(TakeQName()); }
        if (c == '(')
        {
            _pos++;
            if (Take(")")) return new SequenceExpr([]);
            var inner = ParseExpr();
            Expect(")");
            return inner;
        }
        var name = TakeQName();
        Expect("(");
        var args = new List<XPathExpr>();
        if (!Take(")"))
        {
            do args.Add(ParseSingle()); while (Take(","));
            Expect(")");
        }
        return new FunctionCall(name, args);
    }

    private string TakeQName()
    {
        var name = TakeName();
        if (_pos < _text.Length && _text[_pos] == ':' && _pos + 1 < _text.Length && IsNameStart(_text[_pos + 1])) { _pos++; name += ":" + TakeName(); }
        return name;
    }

    private string ParseString(char quote)
    {
        var sb = new System.Text.StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            var c = _text[_pos++];
            if (c == quote)
            {
                if (_pos < _text.Length && _text[_pos] == quote) { sb.Append(quote); _pos++; continue; }
                return sb.ToString();
            }
            sb.Append(c);
        }
    }

    private double ParseNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
        if (_pos < _text.Length && _text[_pos] is 'e' or 'E') throw Error("double literals are not in the subset");
        return double.Parse(_text[start.._pos], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }
}
