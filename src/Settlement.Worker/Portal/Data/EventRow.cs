using NodaTime;

namespace Settlement.Worker.Portal.Data;

internal sealed class EventRow
{
    public long Seq { get; init; }
    public Instant ImportedAt { get; init; }
    public string SourceFile { get; init; } = "";
    public int SourceLine { get; init; }
    public string? Type { get; init; }
    public string? PlacementId { get; init; }
    public string? ProviderOrg { get; init; }
    public LocalDate? RegisteredOn { get; init; }
    public string Status { get; init; } = "";
    public string? Code { get; init; }
    public string? Message { get; init; }
    public string Canonical { get; init; } = "";
}
