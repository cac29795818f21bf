using NodaTime;

namespace Settlement.Worker.Portal.Data;

internal sealed class MissingDelivery
{
    public string OrderNumber { get; init; } = "";
    public int LineNo { get; init; }
    public string PlacementId { get; init; } = "";
    public string ProviderOrg { get; init; } = "";
    public string ProviderName { get; init; } = "";
    public string Month { get; init; } = "";
    public decimal Amount { get; init; }
    public LocalDate? PeriodTo { get; init; }
}
