using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Validation;

/// <summary>Every official rule the service implements, in one list (what <c>settle validate --list-rules</c> prints).</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        .. EnRules.All(),
        .. PeppolBillingRules.All(),
        .. CommonRules.All(),
        .. SwedishRules.All(),
        .. OrderRules.All(),
        .. ResponseRules.All(),
    ];

    /// <summary>The distinct rule ids implemented, sorted.</summary>
    public static IReadOnlyList<string> Ids { get; } = All.Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToList();

    private static readonly Dictionary<DocumentType, Rule[]> ByType =
        Enum.GetValues<DocumentType>().ToDictionary(t => t, t => All.Where(r => r.Applies(t)).ToArray());

    /// <summary>The rules that apply to a document type.</summary>
    public static IReadOnlyList<Rule> For(DocumentType type) => ByType[type];
}
