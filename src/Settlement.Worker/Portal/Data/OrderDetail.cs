using NodaTime;

namespace Settlement.Worker.Portal.Data;

internal sealed class OrderDetail
{
    public string Number { get; init; } = "";
    public string Kind { get; init; } = "";
    public string PlacementId { get; init; } = "";
    public string ProviderOrg { get; init; } = "";
    public string ProviderName { get; init; } = "";
    public int? PeriodNumber { get; init; }
    public int? Stage { get; init; }
    public string? SupplementId { get; init; }
    public LocalDate IssueDate { get; init; }
    public string Currency { get; init; } = "SEK";
    public decimal Total { get; init; }
    public string VatCategory { get; init; } = "";
    public decimal VatPercent { get; init; }
    public string Derivation { get; init; } = "";
    public long? OutboxId { get; init; }
    public string? FileName { get; init; }
    public List<LineView> LineViews { get; } = [];
}
