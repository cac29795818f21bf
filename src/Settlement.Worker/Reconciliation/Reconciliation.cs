using Dapper;
using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Worker.Reconciliation;

/// <summary>
/// One provider's month, all amounts in SEK excluding VAT (the order lines are net):
/// ordered (order lines), delivered (registered deliveries), invoiced (every registered invoice,
/// credited ones included), approved and disputed (those not credited), credited (full credits),
/// paid, and outstanding = approved − paid (approved, awaiting payment).
/// </summary>
internal sealed record ReconciliationRow(string Provider, string Month, decimal Ordered, decimal Delivered, decimal Invoiced,
    decimal Approved, decimal Disputed, decimal Credited, decimal Paid, decimal Outstanding);

/// <summary>
/// The reconciliation of `settle reconcile` and the portal's overview, one query: a base-pay line
/// belongs to its delivery month, a result-based order to the month it was issued (documents.md).
/// </summary>
internal static class Reconciler
{
    public static IReadOnlyList<ReconciliationRow> Rows(NpgsqlDataSource ds, string? provider = null, string? month = null)
    {
        using var conn = ds.Connect();
        return conn.Query<ReconciliationRow>("""
            with lines as (
                select l.order_number, l.line_no, o.provider_org as provider,
                       coalesce(l.month, to_char(o.issue_date, 'YYYY-MM')) as month, l.amount
                from order_lines l join orders o on o.number = l.order_number
                where (@provider::text is null or o.provider_org = @provider)
            ),
            per_invoice_line as (
                select v.order_number, v.line_no,
                       sum(v.amount) as invoiced,
                       sum(v.amount) filter (where v.status = 'approved' and c.invoice_id is null) as approved,
                       sum(v.amount) filter (where v.status = 'disputed' and c.invoice_id is null) as disputed,
                       sum(c.amount) as credited,
                       sum(v.amount) filter (where p.invoice_id is not null) as paid
                from invoices v
                left join credits c on c.invoice_id = v.id
                left join payments p on p.invoice_id = v.id
                group by v.order_number, v.line_no
            ),
            per_line as (
                select ln.provider, ln.month, ln.amount as ordered,
                       coalesce(d.amount, 0) as delivered,
                       coalesce(i.invoiced, 0) as invoiced, coalesce(i.approved, 0) as approved, coalesce(i.disputed, 0) as disputed,
                       coalesce(i.credited, 0) as credited, coalesce(i.paid, 0) as paid
                from lines ln
                left join deliveries d on d.order_number = ln.order_number and d.line_no = ln.line_no and d.status = 'delivered'
                left join per_invoice_line i on i.order_number = ln.order_number and i.line_no = ln.line_no
                where (@month::text is null or ln.month = @month)
            )
            select provider as Provider, month as Month, sum(ordered) as Ordered, sum(delivered) as Delivered, sum(invoiced) as Invoiced,
                   sum(approved) as Approved, sum(disputed) as Disputed, sum(credited) as Credited, sum(paid) as Paid,
                   sum(approved) - sum(paid) as Outstanding
            from per_line
            group by provider, month
            order by provider, month
            """, new { provider, month }).ToList();
    }
}
