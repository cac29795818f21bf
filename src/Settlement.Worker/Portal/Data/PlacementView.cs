using NodaTime;

namespace Settlement.Worker.Portal.Data;

internal sealed class PlacementView
{
    public string Id { get; init; } = "";
    public string ProviderOrg { get; init; } = "";
    public string ProviderName { get; init; } = "";
    public string Level { get; init; } = "";
    public LocalDate StartDate { get; init; }
    public LocalDate RegisteredOn { get; init; }
}
