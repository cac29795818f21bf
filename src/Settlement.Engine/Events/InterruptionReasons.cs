namespace Settlement.Engine.Events;

/// <summary>
/// The avbrottsorsaker of the rule book. Only a transition to work, subsidised employment or
/// regular studies qualifies for the speed bonus and result payments; every other reason ends the
/// placement with neither.
/// </summary>
public static class InterruptionReasons
{
    public const string Work = "ARBETE", Subsidised = "SUBV", Studies = "STUDIER";

    private static readonly HashSet<string> Qualifying = new(StringComparer.Ordinal) { Work, Subsidised, Studies };

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        Work, Subsidised, Studies, "SAMHALL", "AUB", "ANNAN_TJANST", "SJUK", "BYTE", "OVRIGT",
    };

    public static IReadOnlyCollection<string> All => Known;

    public static bool IsKnown(string reason) => Known.Contains(reason);

    public static bool QualifiesForResult(string reason) => Qualifying.Contains(reason);

    /// <summary>Swedish name, for explanations.</summary>
    public static string Describe(string reason) => reason switch
    {
        Work => "arbete",
        Subsidised => "subventionerad anställning",
        Studies => "reguljära studier",
        "SAMHALL" => "Samhall eller skyddat arbete",
        "AUB" => "arbetsmarknadsutbildning",
        "ANNAN_TJANST" => "annan tjänst",
        "SJUK" => "sjukdom",
        "BYTE" => "byte av leverantör",
        "OVRIGT" => "övrigt",
        _ => reason,
    };
}
