using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>One processed document, as `settle inbox import` prints it: file, document id, outcome (and why).</summary>
internal sealed record IntakeResult(long ArchiveId, string Source, string? DocumentType, string? DocumentId, Outcome Outcome, IReadOnlyList<Reason> Reasons)
{
    public string OutcomeName => MatchDecision.OutcomeName(Outcome);

    /// <summary>True when this is a delivery taken in before (the same file again): the stored result, nothing archived or answered now.</summary>
    public bool AlreadyTaken { get; init; }
}
