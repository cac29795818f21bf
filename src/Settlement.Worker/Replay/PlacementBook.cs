namespace Settlement.Worker.Replay;

/// <summary>
/// Everything stored about one placement, gathered from the bulk reads, so a placement's replay
/// (<see cref="PlacementReplay"/>) needs no query of its own and placements run in parallel.
/// </summary>
internal sealed class PlacementBook(string id)
{
    public string Id { get; } = id;

    /// <summary>The placement event of the log (null: none was accepted, and nothing can be redone).</summary>
    public LoggedPlacement? Logged { get; set; }

    public StoredProjection? Projection { get; set; }

    /// <summary>The accepted engine events, in log order.</summary>
    public List<LoggedEvent> Events { get; } = [];

    public List<LoggedReport> Reports { get; } = [];
    public List<StoredOrder> Orders { get; } = [];
    public Dictionary<(string Order, int Line), StoredDelivery> Deliveries { get; } = [];

    /// <summary>The invoices in the order they were decided (archive id).</summary>
    public List<StoredInvoice> Invoices { get; } = [];
}
