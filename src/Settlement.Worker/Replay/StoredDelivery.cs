using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>
/// A delivery as stored. <see cref="ReportSeq"/> is the periodic report that registered it (null:
/// a month closed without one); <see cref="CreatedAt"/> says which tariff was in force, since the
/// delivery run does not record it.
/// </summary>
internal sealed record StoredDelivery(string OrderNumber, int LineNo, string Status, decimal Quantity, decimal Amount, LocalDate RegisteredOn,
    long? ReportSeq, Instant CreatedAt);
