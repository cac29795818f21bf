using Dapper;
using Npgsql;

namespace Settlement.Worker.Portal.Data;

/// <summary>Which rows of the reconciliation: one provider, one month, both or neither.</summary>
internal sealed record ReconciliationFilter(string? Provider, string? Month);

/// <summary>
/// One provider and month of the reconciliation, the figures of <c>settle reconcile</c> (SEK).
/// A figure the system of record cannot give yet is null and shown as "–".
/// </summary>
internal sealed record ReconciliationRow(
    string Provider, string ProviderName, string Month,
    decimal Ordered, decimal Delivered,
    decimal? Invoiced, decimal? Approved, decimal? Disputed, decimal? Credited, decimal? Paid, decimal? Outstanding);

/// <summary>
/// Where the overview's figures come from. The portal shows whatever the registered
/// implementation returns; the one <c>settle reconcile</c> uses should be registered in its place
/// (<c>AddPortal</c> adds <see cref="ReconcilerSource"/>, the query of <c>settle reconcile</c>,
/// unless another is registered first), so the page and the command can never disagree.
/// </summary>
internal interface IReconciliationSource
{
    Task<IReadOnlyList<ReconciliationRow>> RowsAsync(ReconciliationFilter filter, CancellationToken ct);
}

/// <summary>
/// The reconciliation of <c>settle reconcile</c> itself (<see cref="Worker.Reconciliation.Reconciler"/>),
/// with the providers' names added: the overview and the command cannot disagree.
/// </summary>
internal sealed class ReconcilerSource(NpgsqlDataSource ds) : IReconciliationSource
{
    public async Task<IReadOnlyList<ReconciliationRow>> RowsAsync(ReconciliationFilter filter, CancellationToken ct)
    {
        var rows = await Task.Run(() => Worker.Reconciliation.Reconciler.Rows(ds, filter.Provider, filter.Month), ct);
        await using var conn = await ds.OpenConnectionAsync(ct);
        var names = (await conn.QueryAsync<(string Org, string Name)>(new CommandDefinition("select org_number, name from providers", cancellationToken: ct)))
            .ToDictionary(x => x.Org, x => x.Name);
        return rows.Select(r => new ReconciliationRow(r.Provider, names.GetValueOrDefault(r.Provider, r.Provider), r.Month,
            r.Ordered, r.Delivered, r.Invoiced, r.Approved, r.Disputed, r.Credited, r.Paid, r.Outstanding)).ToList();
    }
}
