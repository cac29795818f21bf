using Dapper;
using Npgsql;

namespace Settlement.Worker.Portal.Data;

/// <summary>Which rows of the reconciliation: one provider, one month, both or neither.</summary>
public sealed record ReconciliationFilter(string? Provider, string? Month);

/// <summary>
/// One provider and month of the reconciliation, the figures of <c>settle reconcile</c> (SEK).
/// A figure the system of record cannot give yet is null and shown as "–".
/// </summary>
public sealed record ReconciliationRow(
    string Provider, string ProviderName, string Month,
    decimal Ordered, decimal Delivered,
    decimal? Invoiced, decimal? Approved, decimal? Disputed, decimal? Credited, decimal? Paid, decimal? Outstanding);

/// <summary>
/// Where the overview's figures come from. The portal shows whatever the registered
/// implementation returns; the one <c>settle reconcile</c> uses should be registered in its place
/// (before <c>AddPortal</c>, which only adds <see cref="OrderedAndDeliveredReconciliation"/> when
/// none is), so the page and the command can never disagree.
/// </summary>
public interface IReconciliationSource
{
    /// <summary>True when every column is real; false while invoice figures are still missing.</summary>
    bool Complete { get; }

    Task<IReadOnlyList<ReconciliationRow>> RowsAsync(ReconciliationFilter filter, CancellationToken ct);
}

/// <summary>
/// The figures that orders and deliveries alone give: ordered and delivered per provider and
/// month (a base-pay line belongs to its delivery month, a result-based order to the month it was
/// issued, documents.md); the invoice figures are null until invoice matching stores them.
/// </summary>
public sealed class OrderedAndDeliveredReconciliation(NpgsqlDataSource ds) : IReconciliationSource
{
    public bool Complete => false;

    public async Task<IReadOnlyList<ReconciliationRow>> RowsAsync(ReconciliationFilter filter, CancellationToken ct)
    {
        await using var conn = await ds.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Provider, string Name, string Month, decimal Ordered, decimal Delivered)>(new CommandDefinition("""
            with lines as (
                select o.provider_org, case when o.kind = 'base' and l.month is not null then l.month else to_char(o.issue_date, 'YYYY-MM') end as month, l.amount,
                       case when d.status = 'delivered' then d.amount else 0 end as delivered
                from orders o join order_lines l on l.order_number = o.number
                left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            )
            select x.provider_org, p.name, x.month, sum(x.amount), sum(x.delivered)
            from lines x join providers p on p.org_number = x.provider_org
            where (@Provider::text is null or x.provider_org = @Provider) and (@Month::text is null or x.month = @Month)
            group by x.provider_org, p.name, x.month
            order by x.provider_org, x.month
            """, filter, cancellationToken: ct));
        return rows.Select(r => new ReconciliationRow(r.Provider, r.Name, r.Month, r.Ordered, r.Delivered, null, null, null, null, null, null)).ToList();
    }
}
