using NodaTime;

namespace Settlement.Engine.Explanation;

/// <summary>
/// One block of a placement's explanation: a title line and the indented lines of arithmetic under
/// it, with what the block is about as data. <see cref="Explainer.Render"/> prints blocks as the
/// text an auditor reads; a reader that needs the derivation of one figure selects blocks by
/// <see cref="Kind"/>, <see cref="Period"/>, <see cref="Month"/>, <see cref="Stage"/> or
/// <see cref="SupplementId"/> and never has to parse the Swedish text back.
/// </summary>
/// <param name="Kind">What the block derives.</param>
/// <param name="Title">The title line as printed (the placement id first).</param>
/// <param name="Lines">The lines under the title as printed, without their indent (none for a one-line block).</param>
public sealed record ExplanationBlock(ExplanationKind Kind, string Title, IReadOnlyList<string> Lines)
{
    /// <summary>The period number of a daily rate, a month or the speed bonus (the period it pays the rest of).</summary>
    public int? Period { get; init; }

    /// <summary>The calendar month of a <see cref="ExplanationKind.Month"/> block.</summary>
    public YearMonth? Month { get; init; }

    /// <summary>The stage of a result stage or of the stage a supplement is earned with.</summary>
    public int? Stage { get; init; }

    /// <summary>The tariff's id of a supplement.</summary>
    public string? SupplementId { get; init; }
}
