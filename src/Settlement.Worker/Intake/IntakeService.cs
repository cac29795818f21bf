using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Matching;
using Settlement.Worker.Orders;
using Settlement.Worker.Outbox;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Intake;

/// <summary>
/// Takes in providers' invoices and credit notes, whichever channel they came by (`settle inbox
/// import`, the inbox folder, `POST /api/inbox`, the portal): archive first, then recognise a
/// byte-identical resend, read and validate, match, register, and answer with an Invoice Response
/// in the outbox. Each document is decided in one transaction that also holds its answer, under a
/// lock on the order it claims, so two workers never register two invoices for one line.
/// </summary>
public sealed class IntakeService(NpgsqlDataSource ds, BuyerConfiguration buyer, Responder responder, string outboxDirectory, InboundOptions? options = null)
{
    private string BuyerEndpoint => buyer.Party.ParticipantId.ToString();

    /// <summary>Archives and processes one document, then writes its answer to the outbox folder.</summary>
    public IntakeResult Take(Channel channel, string source, byte[] content)
    {
        var archived = InboundArchive.Store(ds, channel, source, content);
        var result = Process(archived);
        OutboxWriter.FlushPending(ds, outboxDirectory);
        return result;
    }

    /// <summary>
    /// Archives and processes documents one by one (each archived before it is read), then writes
    /// all their answers to the outbox folder at once; <paramref name="each"/> sees every result as it is decided.
    /// </summary>
    public IReadOnlyList<IntakeResult> TakeMany(IEnumerable<(Channel Channel, string Source, byte[] Content)> documents, Action<IntakeResult>? each = null)
    {
        var results = new List<IntakeResult>();
        foreach (var (channel, source, content) in documents)
        {
            var result = Process(InboundArchive.Store(ds, channel, source, content));
            each?.Invoke(result);
            results.Add(result);
        }
        OutboxWriter.FlushPending(ds, outboxDirectory);
        return results;
    }

    /// <summary>Processes documents archived earlier but never decided (after a crash); returns them.</summary>
    public IReadOnlyList<IntakeResult> Recover()
    {
        var results = InboundArchive.Unprocessed(ds).Select(Process).ToList();
        if (results.Count > 0) OutboxWriter.FlushPending(ds, outboxDirectory);
        return results;
    }

    public IntakeResult Process(ArchivedDocument doc)
    {
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        // One decision per document, whoever gets there first.
        conn.Execute("select pg_advisory_xact_lock(7301, @id::int)", new { id = (int)(doc.Id % int.MaxValue) }, tx);
        if (conn.ExecuteScalar<bool>("select exists (select 1 from inbound_outcomes where document_id = @Id)", doc, tx))
        {
            tx.Rollback();
            return Stored(doc);
        }
        var result = Decide(conn, tx, doc);
        tx.Commit();
        Log.Information("Inbound {Archive} {Source}: {Type} {DocumentId} {Outcome} {Reasons}", doc.Id, doc.Source, result.DocumentType,
            result.DocumentId, result.OutcomeName, result.Reasons.Select(r => r.Code));
        return result;
    }

    private IntakeResult Decide(NpgsqlConnection conn, NpgsqlTransaction tx, ArchivedDocument doc)
    {
        if (Duplicate(conn, tx, doc) is { } duplicate) return duplicate;

        var report = DocumentValidator.Validate(doc.Content, options);
        var facts = report.Document is { } root ? InvoiceFacts.From(root) : null;
        var receiver = responder.ReceiverOf(conn, tx, facts, report.Envelope);
        var fatal = report.Findings.Where(f => f.IsFatal).ToList();
        if (fatal.Count > 0 || facts is null)
        {
            var reasons = fatal.Count > 0
                ? fatal.Take(10).Select(f => new Reason("OTH", $"[{f.Rule}] {f.Message}{(f.Location is { } l ? $" ({l})" : "")}")).ToList()
                : [new Reason("OTH", $"Dokumentet är en {report.DocumentType}, inte en faktura eller kreditnota.")];
            return Finish(conn, tx, doc, facts, report.Findings, new MatchDecision(Outcome.Rejected, reasons), receiver, null);
        }
        if (report.Envelope is { } envelope && envelope.Receiver.ToString() != BuyerEndpoint)
            return Finish(conn, tx, doc, facts, report.Findings,
                MatchDecision.Reject("REC", $"Kuvertets mottagare är {envelope.Receiver}, inte köparen {BuyerEndpoint}."), receiver, null);

        var seller = facts.SellerOrganisationNumber;
        var sellerKnown = seller is not null && conn.ExecuteScalar<bool>("select exists (select 1 from providers where org_number = @seller)", new { seller }, tx);
        if (sellerKnown && facts.Id is { } number && NumberUsed(conn, tx, seller!, number) is { } earlier)
            return Finish(conn, tx, doc, facts, report.Findings,
                MatchDecision.Reject("REF", $"Nummer {number} är redan använt av {seller} för ett annat dokument (mottaget {earlier})."), receiver, null);

        return facts.Type == DocumentType.CreditNote
            ? Credit(conn, tx, doc, facts, report.Findings, sellerKnown, receiver)
            : Invoice(conn, tx, doc, facts, report.Findings, sellerKnown, receiver);
    }

    private IntakeResult Invoice(NpgsqlConnection conn, NpgsqlTransaction tx, ArchivedDocument doc, InvoiceFacts facts,
        IReadOnlyList<Finding> findings, bool sellerKnown, Party? receiver)
    {
        var order = facts.OrderNumber is { } o
            ? conn.QuerySingleOrDefault<(string Number, string ProviderOrg, string PlacementId)?>(
                "select number, provider_org, placement_id from orders where number = @o", new { o }, tx)
            : null;
        if (order is { } found)
            conn.Execute("select pg_advisory_xact_lock(7302, hashtext(@Number))", new { found.Number }, tx);
        int? lineNo = facts.Lines.Count == 1 && int.TryParse(facts.Lines[0].OrderLineId, out var n) ? n : null;
        var line = order is { } ord && lineNo is { } ln ? LoadLine(conn, tx, ord.Number, ln) : null;

        var rejection = InvoiceMatching.Register(facts, BuyerEndpoint, sellerKnown, line, order is not null, order?.ProviderOrg);
        if (rejection is not null)
            return Finish(conn, tx, doc, facts, findings, rejection, receiver, null);

        var decision = InvoiceMatching.Judge(facts.Lines[0], line!);
        if (decision.Reasons.Any(r => r.Code == "QTY"))
            decision = decision with { Reasons = decision.Reasons.Select(r => r.Code == "QTY" ? Describe(conn, tx, order!.Value.PlacementId, line!, facts.Lines[0]) : r).ToList() };
        var issue = facts.IssueDate!.Value;
        conn.Execute("""
            insert into invoices (document_id, seller_org, invoice_number, issue_date, due_date, order_number, line_no,
                                  quantity, price, amount, vat_amount, payable, status)
            values (@Id, @seller, @number, @issue, @due, @order, @line, @quantity, @price, @amount, @vat, @payable, @status)
            """, new
        {
            doc.Id, seller = facts.SellerOrganisationNumber, number = facts.Id, issue, due = issue.PlusDays(PaymentRun.TermDays),
            order = line!.OrderNumber, line = line.LineNo, quantity = facts.Lines[0].Quantity ?? 0m, price = facts.Lines[0].Price ?? 0m,
            amount = facts.Lines[0].LineAmount ?? 0m, vat = facts.TaxTotal ?? 0m, payable = facts.PayableAmount ?? 0m,
            status = decision.Outcome == Outcome.Approved ? "approved" : "disputed",
        }, tx);
        return Finish(conn, tx, doc, facts, findings, decision, receiver, line);
    }

    private IntakeResult Credit(NpgsqlConnection conn, NpgsqlTransaction tx, ArchivedDocument doc, InvoiceFacts facts,
        IReadOnlyList<Finding> findings, bool sellerKnown, Party? receiver)
    {
        var seller = facts.SellerOrganisationNumber;
        var invoice = facts.CreditedInvoiceId is { } referenced && seller is not null
            ? conn.QuerySingleOrDefault<(long Id, string Number, string SellerOrg, decimal Amount, decimal Vat, decimal Payable, string OrderNumber, int LineNo, bool Credited)?>("""
                select i.id, i.invoice_number, i.seller_org, i.amount, i.vat_amount, i.payable, i.order_number, i.line_no,
                       exists (select 1 from credits c where c.invoice_id = i.id)
                from invoices i where i.seller_org = @seller and i.invoice_number = @referenced
                """, new { seller, referenced }, tx)
            : null;
        if (invoice is { } locked)
            conn.Execute("select pg_advisory_xact_lock(7302, hashtext(@OrderNumber))", new { locked.OrderNumber }, tx);
        var decision = CreditMatching.Decide(facts, sellerKnown, BuyerEndpoint,
            invoice is { } i ? new CreditedInvoice(i.Number, i.SellerOrg, i.Amount, i.Vat, i.Payable, i.Credited) : null);
        if (decision.Outcome == Outcome.Credited)
            conn.Execute("""
                insert into credits (invoice_id, document_id, seller_org, credit_note_number, issue_date, amount)
                values (@invoiceId, @Id, @seller, @number, @issue, @amount)
                """, new { invoiceId = invoice!.Value.Id, doc.Id, seller, number = facts.Id, issue = facts.IssueDate!.Value, amount = invoice.Value.Amount }, tx);
        return Finish(conn, tx, doc, facts, findings, decision, receiver,
            invoice is { } inv ? new OrderLineState(inv.OrderNumber, inv.LineNo, seller!, "", 0, "", 0, 0, "", 0, null, null) : null);
    }

    /// <summary>Records the outcome and queues the answer, in the caller's transaction.</summary>
    private IntakeResult Finish(NpgsqlConnection conn, NpgsqlTransaction tx, ArchivedDocument doc, InvoiceFacts? facts,
        IReadOnlyList<Finding> findings, MatchDecision decision, Party? receiver, OrderLineState? line)
    {
        conn.Execute("""
            insert into inbound_outcomes (document_id, document_type, document_number, seller_org, order_number, order_line, amount,
                                          outcome, reasons, findings)
            values (@Id, @type, @number, @seller, @order, @line, @amount, @outcome, @reasons::jsonb, @findings::jsonb)
            """, new
        {
            doc.Id, type = facts?.Type.ToString(), number = facts?.Id, seller = facts?.SellerOrganisationNumber,
            order = line?.OrderNumber ?? facts?.OrderNumber, line = line?.LineNo,
            amount = facts is { Type: DocumentType.CreditNote } ? facts.LineExtensionTotal : facts?.Lines.FirstOrDefault()?.LineAmount,
            outcome = MatchDecision.OutcomeName(decision.Outcome),
            reasons = JsonSerializer.Serialize(decision.Reasons.Select(r => new { code = r.Code, text = r.Text })),
            findings = JsonSerializer.Serialize(findings.Select(f => new { rule = f.Rule, severity = f.Severity.ToString().ToLowerInvariant(), message = f.Message, location = f.Location })),
        }, tx);
        if (receiver is not null && facts?.Id is { } documentId)
            responder.Answer(conn, tx, doc.Id, receiver, documentId, facts.Type, facts.IssueDate, decision);
        else
            Log.Warning("Inbound {Archive}: no answer can be sent (the sender or the document id cannot be read)", doc.Id);
        return new IntakeResult(doc.Id, doc.Source, facts?.Type.ToString(), facts?.Id, decision.Outcome, decision.Reasons);
    }

    /// <summary>A byte-identical resend of a document already decided: the first answer again, nothing registered twice.</summary>
    private IntakeResult? Duplicate(NpgsqlConnection conn, NpgsqlTransaction tx, ArchivedDocument doc)
    {
        var first = conn.QuerySingleOrDefault<(long Id, string? Type, string? Number, string? Seller, string? Order, int? Line, decimal? Amount)?>("""
            select o.document_id, o.document_type, o.document_number, o.seller_org, o.order_number, o.order_line, o.amount
            from inbound_documents d join inbound_outcomes o on o.document_id = d.id
            where d.sha256 = @Sha256 and d.id < @Id and o.outcome <> 'duplicate'
            order by d.id limit 1
            """, doc, tx);
        if (first is not { } f) return null;
        var reasons = new[] { new Reason("NON", $"Samma dokument mottogs redan (arkiv-id {f.Id}); det registreras inte igen och får samma svar.") };
        conn.Execute("""
            insert into inbound_outcomes (document_id, document_type, document_number, seller_org, order_number, order_line, amount, outcome, reasons, duplicate_of)
            values (@Id, @type, @number, @seller, @order, @line, @amount, 'duplicate', @reasons::jsonb, @first)
            """, new { doc.Id, type = f.Type, number = f.Number, seller = f.Seller, order = f.Order, line = f.Line, amount = f.Amount,
                       reasons = JsonSerializer.Serialize(reasons.Select(r => new { code = r.Code, text = r.Text })), first = f.Id }, tx);
        responder.Repeat(conn, tx, f.Id, doc.Id);
        return new IntakeResult(doc.Id, doc.Source, f.Type, f.Number, Outcome.Duplicate, reasons);
    }

    private static string? NumberUsed(NpgsqlConnection conn, NpgsqlTransaction tx, string seller, string number) =>
        conn.QuerySingleOrDefault<string?>("""
            select to_char(d.received_at, 'YYYY-MM-DD HH24:MI') from invoices i join inbound_documents d on d.id = i.document_id
            where i.seller_org = @seller and i.invoice_number = @number
            union all
            select to_char(d.received_at, 'YYYY-MM-DD HH24:MI') from credits c join inbound_documents d on d.id = c.document_id
            where c.seller_org = @seller and c.credit_note_number = @number
            limit 1
            """, new { seller, number }, tx);

    private static OrderLineState? LoadLine(NpgsqlConnection conn, NpgsqlTransaction tx, string order, int line)
    {
        var row = conn.QuerySingleOrDefault<(string Number, int LineNo, string ProviderOrg, string Article, decimal Quantity, string UnitCode,
            decimal Price, decimal Amount, string VatCategory, decimal VatPercent, string? Status, decimal? DeliveredQuantity, decimal? DeliveredAmount, string? OpenInvoice)?>("""
            select o.number, l.line_no, o.provider_org, l.article, l.quantity, l.unit_code, l.price, l.amount, o.vat_category, o.vat_percent,
                   d.status, d.quantity, d.amount,
                   (select i.invoice_number from invoices i where i.order_number = l.order_number and i.line_no = l.line_no
                      and not exists (select 1 from credits c where c.invoice_id = i.id) order by i.id limit 1)
            from orders o join order_lines l on l.order_number = o.number
            left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            where o.number = @order and l.line_no = @line
            """, new { order, line }, tx);
        if (row is not { } r) return null;
        var delivery = r.Status is null ? null : new DeliveryState(r.Status == "delivered", r.DeliveredQuantity ?? 0m, r.DeliveredAmount ?? 0m, "");
        return new OrderLineState(r.Number, r.LineNo, r.ProviderOrg, r.Article, r.Quantity, r.UnitCode, r.Price, r.Amount, r.VatCategory, r.VatPercent, delivery, r.OpenInvoice);
    }

    /// <summary>The QTY reason with the engine's own account of the month, as known when the delivery was registered.</summary>
    private static Reason Describe(NpgsqlConnection conn, NpgsqlTransaction tx, string placement, OrderLineState line, LineFacts invoiced)
    {
        var (month, registered, level, start, provider) = conn.QuerySingle<(string Month, LocalDate Registered, string Level, LocalDate Start, string Provider)>("""
            select l.month, coalesce((select e.registered_on from event_log e where e.seq = d.report_seq), d.registered_on), p.level::text, p.start_date, p.provider_org
            from order_lines l join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            join orders o on o.number = l.order_number join placements p on p.id = o.placement_id
            where l.order_number = @OrderNumber and l.line_no = @LineNo
            """, line, tx);
        var tariff = TariffStore.Require(conn, tx);
        Levels.TryParse(level, out var lvl);
        var events = OrderRun.LoadEvents(conn, placement, registered, tx).Select(e => e.Event).ToList();
        var result = Calculator.Calculate(tariff.Tariff, new PlacementInput(PlacementId.Parse(placement), provider, lvl, start, events));
        var m = result.Periods.SelectMany(p => p.Months).First(x => Dates.Format(x.Month) == month);
        var withText = line with { Delivery = line.Delivery! with { Description = DeliverySummary.Describe(m, result.Interruption) } };
        return InvoiceMatching.Judge(invoiced, withText).Reasons.First(r => r.Code == "QTY");
    }

    private IntakeResult Stored(ArchivedDocument doc)
    {
        using var conn = ds.Connect();
        var r = conn.QuerySingle<(string? Type, string? Number, string Outcome, string Reasons)>(
            "select document_type, document_number, outcome, reasons::text from inbound_outcomes where document_id = @Id", doc);
        var reasons = JsonSerializer.Deserialize<List<JsonElement>>(r.Reasons)!
            .Select(e => new Reason(e.GetProperty("code").GetString()!, e.GetProperty("text").GetString()!)).ToList();
        return new IntakeResult(doc.Id, doc.Source, r.Type, r.Number, Enum.Parse<Outcome>(r.Outcome, ignoreCase: true), reasons);
    }
}
