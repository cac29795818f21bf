using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;

namespace Settlement.Worker.Intake;

/// <summary>The writes of a decided intake chunk: its invoices, credits, outcomes and answers, in a few bulk statements.</summary>
internal static class IntakeWrites
{
    /// <summary>Writes a decided chunk's invoices, credits, outcomes and answers in a few statements; returns the answers (their outbox rows are pending).</summary>
    public static IReadOnlyList<ResponseDocument> Write(NpgsqlConnection conn, NpgsqlTransaction tx, Responder responder, IReadOnlyList<OutcomeRow> outcomes,
        IReadOnlyList<ChunkInvoice> newInvoices, IReadOnlyList<NewCredit> newCredits, IReadOnlyList<PendingAnswer> answers,
        IReadOnlyList<(long First, long Resend)> repeats, Func<long, FirstSeen?> firstOf)
    {
        FirstSeen? First(OutcomeRow o) => o.DuplicateOf is { } id ? firstOf(id) : null; // a duplicate's row repeats its first's type, number and seller
        // The answers are built on the processor while the database takes the rows.
        var building = Task.Run(() => answers.AsParallel().AsOrdered()
            .Select(a => responder.Answer(a.ArchiveId, a.Receiver, a.DocumentId, a.Type, a.IssueDate, a.Decision)).ToList());
        if (newInvoices.Count > 0)
        {
            var ids = conn.Query<long>("select nextval(pg_get_serial_sequence('invoices', 'id')) from generate_series(1, @n)", new { n = newInvoices.Count }, tx).ToArray();
            for (int i = 0; i < newInvoices.Count; i++) newInvoices[i].Id = ids[i];
            conn.Execute("""
                insert into invoices (id, document_id, seller_org, invoice_number, issue_date, due_date, order_number, line_no,
                                      quantity, price, amount, vat_amount, payable, status, delivery_seen)
                overriding system value
                select * from unnest(@ids::bigint[], @archives::bigint[], @sellers::text[], @numbers::text[], @issued::date[], @due::date[],
                                     @orders::text[], @lines::int[], @quantities::numeric[], @prices::numeric[], @amounts::numeric[],
                                     @vats::numeric[], @payables::numeric[], @statuses::text[], @seen::boolean[])
                """, new
            {
                ids, archives = newInvoices.Select(i => i.ArchiveId).ToArray(), sellers = newInvoices.Select(i => i.Seller).ToArray(),
                numbers = newInvoices.Select(i => i.Number).ToArray(), issued = newInvoices.Select(i => i.IssueDate.ToDateOnly()).ToArray(),
                due = newInvoices.Select(i => i.DueDate.ToDateOnly()).ToArray(), orders = newInvoices.Select(i => i.OrderNumber).ToArray(),
                lines = newInvoices.Select(i => i.LineNo).ToArray(), quantities = newInvoices.Select(i => i.Quantity).ToArray(),
                prices = newInvoices.Select(i => i.Price).ToArray(), amounts = newInvoices.Select(i => i.Amount).ToArray(),
                vats = newInvoices.Select(i => i.Vat).ToArray(), payables = newInvoices.Select(i => i.Payable).ToArray(),
                statuses = newInvoices.Select(i => i.Status).ToArray(), seen = newInvoices.Select(i => i.DeliverySeen).ToArray(),
            }, tx);
        }
        if (newCredits.Count > 0)
            conn.Execute("""
                insert into credits (invoice_id, document_id, seller_org, credit_note_number, issue_date, amount)
                select * from unnest(@invoices::bigint[], @archives::bigint[], @sellers::text[], @numbers::text[], @issued::date[], @amounts::numeric[])
                """, new
            {
                invoices = newCredits.Select(c => c.Invoice.Id!.Value).ToArray(), archives = newCredits.Select(c => c.ArchiveId).ToArray(),
                sellers = newCredits.Select(c => c.Invoice.Seller).ToArray(), numbers = newCredits.Select(c => c.Number).ToArray(),
                issued = newCredits.Select(c => c.Issue.ToDateOnly()).ToArray(), amounts = newCredits.Select(c => c.Invoice.Amount).ToArray(),
            }, tx);
        conn.Execute("""
            insert into inbound_outcomes (document_id, document_type, document_number, seller_org, order_number, order_line, amount,
                                          outcome, reasons, findings, duplicate_of)
            select d, t, n, s, o, l, a, r, x::jsonb, f::jsonb, p
            from unnest(@ids::bigint[], @types::text[], @numbers::text[], @sellers::text[], @orders::text[], @lines::int[], @amounts::numeric[],
                        @outcomes::text[], @reasons::text[], @findings::text[], @duplicates::bigint[]) as u(d, t, n, s, o, l, a, r, x, f, p)
            """, new
        {
            ids = outcomes.Select(o => o.ArchiveId).ToArray(),
            types = outcomes.Select(o => o.Facts?.Type.ToString() ?? First(o)?.Type).ToArray(),
            numbers = outcomes.Select(o => o.Facts?.Id ?? First(o)?.Number).ToArray(),
            sellers = outcomes.Select(o => o.Facts?.SellerOrganisationNumber ?? First(o)?.Seller).ToArray(),
            orders = outcomes.Select(o => o.Order).ToArray(), lines = outcomes.Select(o => o.Line).ToArray(), amounts = outcomes.Select(o => o.Amount).ToArray(),
            outcomes = outcomes.Select(o => MatchDecision.OutcomeName(o.Decision.Outcome)).ToArray(),
            reasons = outcomes.Select(o => OutcomeJson.Reasons(o.Decision.Reasons)).ToArray(),
            findings = outcomes.Select(o => OutcomeJson.Findings(o.Findings)).ToArray(),
            duplicates = outcomes.Select(o => o.DuplicateOf).ToArray(),
        }, tx);
        List<ResponseDocument> built;
        try { built = building.GetAwaiter().GetResult(); }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.OfType<SettleException>().FirstOrDefault() is { } invalid)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invalid); // an answer that fails validation: one clear line, not a crash
            throw;
        }
        Responder.Store(conn, tx, built);
        Responder.Repeat(conn, tx, repeats);
        return built;
    }
}
