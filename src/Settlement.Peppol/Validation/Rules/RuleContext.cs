using System.Xml.Linq;
using Settlement.Peppol.Ubl;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>
/// The parsed document as the rules see it: the root, its type, and every UBL element indexed by
/// local name (built in one pass, so "every cbc:Amount anywhere" costs a dictionary lookup).
/// </summary>
public sealed class RuleContext
{
    private static readonly XNamespace Cac = UblNamespaces.Cac, Cbc = UblNamespaces.Cbc;
    private readonly Dictionary<string, List<XElement>> _cac = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<XElement>> _cbc = new(StringComparer.Ordinal);

    public XElement Root { get; }
    public DocumentType Type { get; }
    public List<XElement> AllElements { get; } = [];

    public RuleContext(XElement root, DocumentType type)
    {
        Root = root;
        Type = type;
        RootOnly = [root];
        foreach (var e in root.DescendantsAndSelf())
        {
            AllElements.Add(e);
            var ns = e.Name.Namespace;
            var map = ns == Cbc ? _cbc : ns == Cac ? _cac : null;
            if (map is null) continue;
            if (!map.TryGetValue(e.Name.LocalName, out var list)) map[e.Name.LocalName] = list = [];
            list.Add(e);
        }
    }

    /// <summary>Every cac:name element anywhere in the document.</summary>
    public IReadOnlyList<XElement> CacAll(string name) => _cac.TryGetValue(name, out var l) ? l : [];

    /// <summary>Every cbc:name element anywhere in the document.</summary>
    public IReadOnlyList<XElement> CbcAll(string name) => _cbc.TryGetValue(name, out var l) ? l : [];

    public bool IsInvoice => Type == DocumentType.Invoice;

    /// <summary>Every VAT category code used anywhere (cac:TaxCategory and cac:ClassifiedTaxCategory IDs, normalized).</summary>
    public HashSet<string> Categories => _categories ??= CacAll("TaxCategory").Concat(CacAll("ClassifiedTaxCategory"))
        .Select(t => t.Cbc("ID").N()).ToHashSet(StringComparer.Ordinal);
    private HashSet<string>? _categories;

    /// <summary>Every schemeID used on an EndpointID, CompanyID or ID.</summary>
    public HashSet<string> Schemes => _schemes ??= CbcAll("EndpointID").Concat(CbcAll("CompanyID")).Concat(CbcAll("ID"))
        .Select(e => (string?)e.Attribute("schemeID")).OfType<string>().ToHashSet(StringComparer.Ordinal);
    private HashSet<string>? _schemes;

    /// <summary>True when the document has any allowance or charge (at any level).</summary>
    public bool HasAllowances => CacAll("AllowanceCharge").Count > 0;

    /// <summary>The document's line elements (InvoiceLine or CreditNoteLine, children of the root).</summary>
    public IReadOnlyList<XElement> Lines => _lines ??= Root.Cacs(IsInvoice ? "InvoiceLine" : "CreditNoteLine").ToList();
    private List<XElement>? _lines;

    /// <summary>The root as a one-element context (rules evaluated once per document).</summary>
    public IReadOnlyList<XElement> RootOnly { get; private set; } = [];

    /// <summary>/*/cbc:DocumentCurrencyCode as a string (Schematron's $documentCurrencyCode).</summary>
    public string? DocumentCurrency => _documentCurrency ??= Root.Cbc("DocumentCurrencyCode")?.Value ?? "";
    private string? _documentCurrency;

    private Dictionary<string, object>? _memo;

    /// <summary>Caches a value computed once per document (countries, profile…).</summary>
    public T Memo<T>(string key, Func<RuleContext, T> compute) where T : notnull
    {
        _memo ??= new Dictionary<string, object>(StringComparer.Ordinal);
        if (!_memo.TryGetValue(key, out var v)) _memo[key] = v = compute(this);
        return (T)v;
    }
}
