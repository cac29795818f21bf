namespace Settlement.Peppol.Reading;

/// <summary>Limits for reading documents from outside. Defaults: 20 MB, 64 levels of nesting, schema validation on.</summary>
public sealed record InboundOptions
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>The largest document accepted, in bytes (and characters).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>The deepest element nesting accepted. UBL invoices need about 8; 64 leaves room for extensions.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Validate against the UBL 2.1 schema while reading (in the same pass).</summary>
    public bool ValidateSchema { get; init; } = true;

    /// <summary>At most this many schema findings are reported per document (one broken element can cause dozens).</summary>
    public int MaxSchemaFindings { get; init; } = 25;

    public static InboundOptions Default { get; } = new();
}
