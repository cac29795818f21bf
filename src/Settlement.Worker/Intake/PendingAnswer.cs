using NodaTime;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Intake;

/// <summary>An answer to build once the chunk is decided (on every core, while its rows are written).</summary>
internal sealed record PendingAnswer(long ArchiveId, Party Receiver, string DocumentId, DocumentType Type, LocalDate? IssueDate, MatchDecision Decision);
