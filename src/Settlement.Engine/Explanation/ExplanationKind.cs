namespace Settlement.Engine.Explanation;

/// <summary>
/// What an <see cref="ExplanationBlock"/> derives. A reader that needs the derivation of one figure
/// (replay, explain) picks the blocks by kind and by their period, month, stage or supplement,
/// never by the Swedish text, which is worded for the auditor and may be reworded.
/// </summary>
public enum ExplanationKind
{
    /// <summary>The placement itself: level, start, provider (one line, no derivation).</summary>
    Placement,

    /// <summary>A period's daily rate from the tariff and the index.</summary>
    DailyRate,

    /// <summary>A month of a period's base pay: ordered days, days in service, programmes, delivered quantity and amount.</summary>
    Month,

    /// <summary>The interruption and whether it qualifies for result payments (one line).</summary>
    Interruption,

    /// <summary>The speed bonus (snabbhetspremie) for the rest of the interrupted period.</summary>
    SpeedBonus,

    /// <summary>One result stage (resultatersättning steg N).</summary>
    ResultStage,

    /// <summary>One tariff supplement (tilläggsersättning).</summary>
    Supplement,

    /// <summary>An input event the engine refused, with its code and why (one line).</summary>
    RefusedEvent,
}
