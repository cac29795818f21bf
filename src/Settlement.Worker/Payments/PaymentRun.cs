using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Worker.Database;
using Settlement.Worker.Outbox;

using Settlement.Worker.Intake;

namespace Settlement.Worker.Payments;

/// <summary>
/// The payment run for a date: every approved, not credited, not yet paid invoice whose due date
/// (issue date + 30 days) is on or before the date is marked paid and answered PD. Each payment is
/// its own row keyed by the invoice, so the run is idempotent and two workers never pay twice.
/// </summary>
internal sealed class PaymentRun(NpgsqlDataSource ds, Responder responder, string outboxDirectory)
{
    /// <summary>Payment terms: due 30 days after the invoice's issue date.</summary>
    public const int TermDays = 30;

    public IReadOnlyList<PaidInvoice> Run(LocalDate date)
    {
        using var conn = ds.Connect();
        var paid = new List<PaidInvoice>();
        // One transaction for the run: every payment with its PD answer, or none (a rerun pays what is left).
        using (var tx = conn.BeginTransaction())
        {
            // The intake's decision lock: no credit note can credit an invoice between our reading it
            // as unpaid and uncredited and our paying it (a credited invoice would be paid).
            conn.Execute("select pg_advisory_xact_lock(@key)", new { key = IntakeService.DecisionLock }, tx);
            var due = conn.Query<(long Id, long DocumentId, string Seller, string Number, LocalDate Issue, LocalDate Due, decimal Payable)>("""
                select i.id, i.document_id, i.seller_org, i.invoice_number, i.issue_date, i.due_date, i.payable from invoices i
                where i.status = 'approved' and i.due_date <= @date
                  and not exists (select 1 from payments p where p.invoice_id = i.id)
                  and not exists (select 1 from credits c where c.invoice_id = i.id)
                order by i.due_date, i.id
                """, new { date }, tx).ToList();
            var inserted = conn.Query<long>("""
                insert into payments (invoice_id, paid_on, amount)
                select id, @date, amount from unnest(@ids::bigint[], @amounts::numeric[]) as u(id, amount)
                on conflict do nothing returning invoice_id
                """, new { date, ids = due.Select(i => i.Id).ToArray(), amounts = due.Select(i => i.Payable).ToArray() }, tx).ToHashSet();
            var providers = Responder.Providers(conn, tx);
            var answers = new List<ResponseDocument>();
            foreach (var i in due.Where(i => inserted.Contains(i.Id)))
            {
                if (providers.GetValueOrDefault(i.Seller) is { } seller)
                    answers.Add(responder.Paid(i.DocumentId, seller, i.Number, i.Issue, date));
                paid.Add(new PaidInvoice(i.Id, i.Seller, i.Number, i.Due, i.Payable));
            }
            Responder.Store(conn, tx, answers);
            tx.Commit();
        }
        OutboxWriter.FlushPending(ds, outboxDirectory);
        Log.Information("Payment run {Date}: paid {Count}", date, paid.Count);
        return paid;
    }
}
