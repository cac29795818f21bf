
namespace Settlement.Worker.Portal.Data;

internal sealed class OutboxDocument
{
    public long Id { get; init; }
    public string? OrderNumber { get; init; }
    public string? ProviderOrg { get; init; }
    public string FileName { get; init; } = "";
    public byte[] Document { get; init; } = [];
    public string Sha256 { get; init; } = "";
}
