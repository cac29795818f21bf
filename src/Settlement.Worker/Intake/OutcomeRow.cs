using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>One decided document's row of inbound_outcomes, as the chunk will write it.</summary>
internal sealed record OutcomeRow(long ArchiveId, InvoiceFacts? Facts, string? Order, int? Line, decimal? Amount, MatchDecision Decision,
    IReadOnlyList<Finding> Findings, long? DuplicateOf);
