using NodaTime;

namespace Settlement.Worker.Replay;

/// <summary>An order as the orders table holds it, with its lines (filled in when the data are grouped).</summary>
internal sealed record StoredOrder(string Number, string OrderKey, string Kind, string PlacementId, string ProviderOrg, int? PeriodNumber,
    int? Stage, string? SupplementId, LocalDate IssueDate, decimal Total, string VatCategory, decimal VatPercent, string TariffSha256, Instant CreatedAt)
{
    /// <summary>The order's lines in line-number order.</summary>
    public List<StoredLine> Lines { get; } = [];
}
