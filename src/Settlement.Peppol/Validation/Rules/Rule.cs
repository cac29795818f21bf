using System.Xml.Linq;

namespace Settlement.Peppol.Validation.Rules;

/// <summary>The document types a rule applies to.</summary>
[Flags]
public enum Docs
{
    Invoice = 1,
    CreditNote = 2,
    Order = 4,
    Response = 8,
    Billing = Invoice | CreditNote,
    PostAward = Order | Response,
}

/// <summary>
/// One official rule, written the way its Schematron assert is: for every node the rule's context
/// selects, the test must hold; each node where it does not gives one finding. Pure functions of the
/// parsed document, so they are cheap and can be tested one by one against the official unit tests.
/// </summary>
/// <remarks>
/// <para>Id: The official id (BR-CO-15, PEPPOL-EN16931-R120, SE-R-004, PEPPOL-T01-R008…).</para>
/// <para>Context: The nodes the rule is evaluated on (its Schematron context).</para>
/// <para>Test: The assertion; false means the rule fires on that node.</para>
/// </remarks>
public sealed record Rule(
    string Id,
    Severity Severity,
    Docs AppliesTo,
    string Message,
    Func<RuleContext, IEnumerable<XElement>> Context,
    Func<RuleContext, XElement, bool> Test)
{
    /// <summary>
    /// A cheap precondition: when false the rule cannot fire on this document (for example a VAT
    /// category that does not occur), so its context is not even walked. Only a speed-up.
    /// </summary>
    public Func<RuleContext, bool>? When { get; init; }

    public bool Applies(DocumentType type) => AppliesTo.HasFlag(type switch
    {
        DocumentType.Invoice => Docs.Invoice,
        DocumentType.CreditNote => Docs.CreditNote,
        DocumentType.Order => Docs.Order,
        _ => Docs.Response,
    });
}

/// <summary>Shorthands for declaring rules.</summary>
internal static class R
{
    public static Rule Fatal(string id, Docs docs, string message, Func<RuleContext, IEnumerable<XElement>> context, Func<RuleContext, XElement, bool> test) =>
        new(id, Severity.Fatal, docs, message, context, test);

    public static Rule Warn(string id, Docs docs, string message, Func<RuleContext, IEnumerable<XElement>> context, Func<RuleContext, XElement, bool> test) =>
        new(id, Severity.Warning, docs, message, context, test);

    /// <summary>A rule evaluated once on the document's root element.</summary>
    public static IEnumerable<XElement> Root(RuleContext c) => c.RootOnly;
}
