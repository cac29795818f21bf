using Settlement.Peppol.Validation.Release;
using Settlement.Peppol.Validation.Rules;

namespace Settlement.Peppol.Validation;

/// <summary>
/// Every official rule the service implements (what <c>settle validate --list-rules</c> prints): the
/// C# rules in one list, and the rules generated from the release: the data-model rules of Order and
/// Invoice Response (<see cref="DataModelRules"/>) and the EN 16931 syntax-binding and code-list rules
/// (<see cref="PatternRules"/>).
/// </summary>
public static class RuleCatalog
{
    /// <summary>Rules about allowances and charges only: skipped at once when the document has none.</summary>
    private static readonly HashSet<string> AllowanceOnly =
    [
        "PEPPOL-EN16931-R040", "PEPPOL-EN16931-R041", "PEPPOL-EN16931-R042", "PEPPOL-EN16931-R043", "PEPPOL-EN16931-R044",
        "PEPPOL-EN16931-R046", "PEPPOL-EN16931-CL002", "PEPPOL-EN16931-CL003",
        "PEPPOL-T01-R019", "PEPPOL-T01-R020", "PEPPOL-T01-R021", "PEPPOL-T01-R022", "PEPPOL-T01-R023", "PEPPOL-T01-R032",
        "PEPPOL-T01-CL001", "PEPPOL-T01-CL002",
    ];

    public static IReadOnlyList<Rule> All { get; } =
    [
        .. EnRules.All(),
        .. PeppolBillingRules.All().Select(GuardAllowanceRules),
        .. CommonRules.All(),
        .. SwedishRules.All(),
        .. Rules.National.GermanRules.All(),
        .. Rules.National.IcelandicRules.All(),
        .. Rules.National.DanishRules.All(),
        .. Rules.National.GreekRules.All(),
        .. Rules.National.ItalianRules.All(),
        .. Rules.National.DutchRules.All(),
        .. Rules.National.NorwegianRules.All(),
        .. OrderRules.All().Select(GuardAllowanceRules),
        .. ResponseRules.All(),
    ];

    private static Rule GuardAllowanceRules(Rule rule) =>
        AllowanceOnly.Contains(rule.Id) && rule.When is null ? rule with { When = c => c.HasAllowances } : rule;

    /// <summary>The PEPPOL release of the validation artefacts the generated rules come from (2026.5).</summary>
    public static string Release => DataModelRules.Release;

    /// <summary>The generated rules: id and the document type each applies to.</summary>
    private static IEnumerable<(string Id, DocumentType Type)> Generated() => DataModelRules.Ids().Concat(PatternRules.Ids());

    /// <summary>The distinct rule ids implemented, sorted: the C# rules and the generated ones (<see cref="DataModelRules"/>, <see cref="PatternRules"/>).</summary>
    public static IReadOnlyList<string> Ids { get; } = All.Select(r => r.Id).Concat(Generated().Select(d => d.Id))
        .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The rule ids that apply to a document type, the generated data-model rules included.</summary>
    public static IReadOnlySet<string> IdsFor(DocumentType type) =>
        For(type).Select(r => r.Id).Concat(Generated().Where(d => d.Type == type).Select(d => d.Id)).ToHashSet(StringComparer.Ordinal);

    private static readonly Dictionary<DocumentType, Rule[]> ByType =
        Enum.GetValues<DocumentType>().ToDictionary(t => t, t => All.Where(r => r.Applies(t)).ToArray());

    /// <summary>The rules that apply to a document type.</summary>
    public static IReadOnlyList<Rule> For(DocumentType type) => ByType[type];
}
