using NodaTime;

namespace Settlement.Worker.Portal.Data;

internal sealed class OrderSummary
{
    public string Number { get; init; } = "";
    public string Kind { get; init; } = "";
    public string PlacementId { get; init; } = "";
    public string ProviderOrg { get; init; } = "";
    public string ProviderName { get; init; } = "";
    public LocalDate IssueDate { get; init; }
    public decimal Total { get; init; }
    public int Lines { get; init; }
    public int Delivered { get; init; }
    public int NotDelivered { get; init; }
}
