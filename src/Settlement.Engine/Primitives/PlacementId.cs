namespace Settlement.Engine.Primitives;

/// <summary>
/// The genomförandereferens: the only identifier of a placement that ever leaves the service
/// (no name or personal identity number does). Non-empty, no surrounding white space.
/// </summary>
public readonly record struct PlacementId
{
    public string Value { get; }

    private PlacementId(string value) => Value = value;

    public static bool TryParse(string? text, out PlacementId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() != text || text.Length > 64)
            return false;
        id = new PlacementId(text);
        return true;
    }

    public static PlacementId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a placement id");

    public override string ToString() => Value ?? "";
}
