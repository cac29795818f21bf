using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>An order line as an intake chunk knows it, and the uncredited invoices that hold it, oldest first.</summary>
internal sealed record ChunkLine(OrderLineState Line, List<string> Holding);
