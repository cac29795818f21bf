using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using Party = Settlement.Peppol.Parties.Party;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Intake;

/// <summary>
/// An inbound document as read on the processor before its chunk is decided: the validation's
/// findings and envelope (the parsed tree is dropped once the facts are taken from it, so a chunk
/// never holds hundreds of document trees while it waits for the database), and the invoice facts.
/// </summary>
internal sealed record ReadDocument(ValidationReport Report, InvoiceFacts? Facts)
{
    public static ReadDocument Of(ValidationReport report) =>
        new(report with { Document = null }, report.Document is { } root ? InvoiceFacts.From(root) : null);
}

/// <summary>
/// One chunk of inbound documents decided in one transaction: everything the decisions need is
/// read up front in a few set-based queries, the documents are decided in arrival order against
/// that state (kept current as invoices are registered and credited within the chunk), and the
/// outcomes, invoices, credits and answers are written back in bulk.
/// </summary>
internal sealed class IntakeBatch
{
    /// <summary>A registered invoice as the chunk knows it; <see cref="Id"/> is null until written.</summary>
    private sealed class InvoiceState
    {
        public long? Id;
        public required long ArchiveId;
        public required string Seller, Number, OrderNumber;
        public required int LineNo;
        public required decimal Amount, Vat, Payable;
        public bool Credited, Paid;
        /// <summary>Whether the line's delivery was registered when the invoice was judged (replay redoes the verdict from it).</summary>
        public bool DeliverySeen;
        public LocalDate IssueDate, DueDate;
        public decimal Quantity, Price;
        public string Status = "approved";
        public string ReceivedAt = "";
    }

    /// <summary>An order line and the uncredited invoices that hold it, oldest first.</summary>
    private sealed record LineState(OrderLineState Line, List<string> Holding);

    private sealed record FirstSeen(long Id, string? Type, string? Number, string? Seller, string? Order, int? Line, decimal? Amount);

    private sealed record OutcomeRow(long ArchiveId, InvoiceFacts? Facts, string? Order, int? Line, decimal? Amount, MatchDecision Decision,
        IReadOnlyList<Finding> Findings, long? DuplicateOf);

    private readonly NpgsqlConnection conn;
    private readonly NpgsqlTransaction tx;
    private readonly Responder responder;
    private readonly string buyerEndpoint;
    private readonly ArchivedDocument[] documents;
    private readonly ValidationReport[] reports;
    private readonly InvoiceFacts?[] facts;

    private readonly Dictionary<long, IntakeResult> alreadyDecided;
    private readonly Dictionary<string, FirstSeen> firstBySha;
    private readonly Dictionary<string, Party> providers;
    private readonly Dictionary<string, (string Provider, string Placement)> orders;
    private readonly Dictionary<(string Order, int Line), LineState> lines;
    private readonly Dictionary<(string Seller, string Number), InvoiceState> invoices;
    private readonly Dictionary<(string Seller, string Number), string> usedNumbers;

    private readonly List<OutcomeRow> outcomes = [];
    private readonly List<InvoiceState> newInvoices = [];
    private readonly List<(InvoiceState Invoice, long ArchiveId, string Number, LocalDate Issue)> newCredits = [];
    /// <summary>The answers to build (on every core, in <see cref="Write"/>), in the order the documents were decided.</summary>
    private readonly List<(long ArchiveId, Party Receiver, string DocumentId, DocumentType Type, LocalDate? IssueDate, MatchDecision Decision)> answers = [];
    private readonly List<(long First, long Resend)> repeats = [];

    public IntakeBatch(NpgsqlConnection conn, NpgsqlTransaction tx, Responder responder, string buyerEndpoint,
        ArchivedDocument[] documents, ReadDocument[] read)
    {
        this.conn = conn; this.tx = tx; this.responder = responder; this.buyerEndpoint = buyerEndpoint;
        this.documents = documents;
        reports = read.Select(r => r.Report).ToArray();
        facts = read.Select(r => r.Facts).ToArray();
        var ids = documents.Select(d => d.Id).ToArray();

        // The lookups by key probe an index per key (lateral subqueries with a limit, which the planner
        // cannot turn into joins): plans that do not depend on statistics, which lag far behind during
        // a big intake (the planner then took a fifth of the archive for a chunk's 500 hashes and
        // scanned the whole outcome table, 35 ms a chunk and growing).
        alreadyDecided = conn.Query<(long Id, string? Type, string? Number, string Outcome, string Reasons)>("""
            select o.document_id, o.document_type, o.document_number, o.outcome, o.reasons::text
            from unnest(@ids::bigint[]) as k(id)
            cross join lateral (select * from inbound_outcomes o where o.document_id = k.id limit 1) o
            """, new { ids }, tx).ToDictionary(r => r.Id, r =>
        {
            var doc = documents.First(d => d.Id == r.Id);
            return OutcomeJson.Result(r.Id, doc.Source, r.Type, r.Number, r.Outcome, r.Reasons);
        });

        // Per content hash, its first decided document.
        firstBySha = conn.Query<(string Sha, long Id, string? Type, string? Number, string? Seller, string? Order, int? Line, decimal? Amount)>("""
            select k.sha, f.id, f.document_type, f.document_number, f.seller_org, f.order_number, f.order_line, f.amount
            from unnest(@shas::text[]) as k(sha)
            cross join lateral (
                select d.id, o.document_type, o.document_number, o.seller_org, o.order_number, o.order_line, o.amount
                from inbound_documents d join inbound_outcomes o on o.document_id = d.id
                where d.sha256 = k.sha and o.outcome <> 'duplicate'
                order by d.id limit 1) f
            """, new { shas = documents.Select(d => d.Sha256).Distinct().ToArray() }, tx)
            .ToDictionary(r => r.Sha, r => new FirstSeen(r.Id, r.Type, r.Number, r.Seller, r.Order, r.Line, r.Amount));

        providers = Responder.Providers(conn, tx);

        var orderNumbers = facts.Select(f => f?.OrderNumber).OfType<string>().Distinct().ToArray();
        orders = conn.Query<(string Number, string Provider, string Placement)>(
                "select number, provider_org, placement_id from orders where number = any(@orderNumbers)", new { orderNumbers }, tx)
            .ToDictionary(r => r.Number, r => (r.Provider, r.Placement));

        var keys = facts.OfType<InvoiceFacts>().Where(f => f.SellerOrganisationNumber is not null)
            .SelectMany(f => new[] { (f.SellerOrganisationNumber!, f.Id), (f.SellerOrganisationNumber!, f.CreditedInvoiceId) })
            .Where(k => k.Item2 is not null).Select(k => (Seller: k.Item1, Number: k.Item2!)).Distinct().ToArray();
        var sellers = keys.Select(k => k.Seller).ToArray();
        var numbers = keys.Select(k => k.Number).ToArray();
        invoices = conn.Query<(long Id, long ArchiveId, string Seller, string Number, string Order, int Line, decimal Amount, decimal Vat, decimal Payable, bool Credited, bool Paid, string ReceivedAt)>("""
            select i.id, i.document_id, i.seller_org, i.invoice_number, i.order_number, i.line_no, i.amount, i.vat_amount, i.payable,
                   exists (select 1 from credits c where c.invoice_id = i.id),
                   exists (select 1 from payments p where p.invoice_id = i.id),
                   (select to_char(d.received_at, 'YYYY-MM-DD HH24:MI') from inbound_documents d where d.id = i.document_id)
            from unnest(@sellers::text[], @numbers::text[]) as k(seller, number)
            cross join lateral (select * from invoices i where i.seller_org = k.seller and i.invoice_number = k.number limit 1) i
            """, new { sellers, numbers }, tx).ToDictionary(r => (r.Seller, r.Number), r => new InvoiceState
        {
            Id = r.Id, ArchiveId = r.ArchiveId, Seller = r.Seller, Number = r.Number, OrderNumber = r.Order, LineNo = r.Line,
            Amount = r.Amount, Vat = r.Vat, Payable = r.Payable, Credited = r.Credited, Paid = r.Paid, ReceivedAt = r.ReceivedAt,
        });
        usedNumbers = invoices.ToDictionary(i => i.Key, i => i.Value.ReceivedAt);
        foreach (var c in conn.Query<(string Seller, string Number, string ReceivedAt)>("""
            select c.seller_org, c.credit_note_number, to_char(d.received_at, 'YYYY-MM-DD HH24:MI')
            from unnest(@sellers::text[], @numbers::text[]) as k(seller, number)
            cross join lateral (select * from credits c where c.seller_org = k.seller and c.credit_note_number = k.number limit 1) c
            join inbound_documents d on d.id = c.document_id
            """, new { sellers, numbers }, tx))
            usedNumbers[(c.Seller, c.Number)] = c.ReceivedAt;

        // Only the lines the chunk can touch: those its invoices name, and those of the invoices its credit notes credit.
        var wanted = facts.OfType<InvoiceFacts>()
            .Select(f => (f.OrderNumber, Line: f.Lines.Count == 1 && int.TryParse(f.Lines[0].OrderLineId, out var n) ? n : (int?)null))
            .Where(k => k.OrderNumber is not null && k.Line is not null).Select(k => (Order: k.OrderNumber!, Line: k.Line!.Value))
            .Concat(invoices.Values.Select(i => (Order: i.OrderNumber, Line: i.LineNo))).Distinct().ToArray();
        lines = conn.Query<(string Number, int LineNo, string ProviderOrg, string Article, decimal Quantity, string UnitCode,
                decimal Price, decimal Amount, string VatCategory, decimal VatPercent, string? Status, decimal? DeliveredQuantity, decimal? DeliveredAmount, string? Summary, string[]? Holding)>("""
            select o.number, l.line_no, o.provider_org, l.article, l.quantity, l.unit_code, l.price, l.amount, o.vat_category, o.vat_percent,
                   d.status, d.quantity, d.amount, d.summary,
                   (select array_agg(i.invoice_number order by i.id) from invoices i where i.order_number = l.order_number and i.line_no = l.line_no
                      and not exists (select 1 from credits c where c.invoice_id = i.id))
            from unnest(@lineOrders::text[], @lineNumbers::int[]) as k(order_number, line_no)
            join order_lines l on l.order_number = k.order_number and l.line_no = k.line_no
            join orders o on o.number = l.order_number
            left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            """, new { lineOrders = wanted.Select(k => k.Order).ToArray(), lineNumbers = wanted.Select(k => k.Line).ToArray() }, tx).ToDictionary(r => (r.Number, r.LineNo), r => new LineState(
                new OrderLineState(r.Number, r.LineNo, r.ProviderOrg, r.Article, r.Quantity, r.UnitCode, r.Price, r.Amount, r.VatCategory, r.VatPercent,
                    r.Status is null ? null : new DeliveryState(r.Status == "delivered", r.DeliveredQuantity ?? 0m, r.DeliveredAmount ?? 0m, r.Summary ?? ""), null),
                [.. r.Holding ?? []]));
    }

    public IReadOnlyList<IntakeResult> DecideAll()
    {
        var results = new List<IntakeResult>(documents.Length);
        for (int i = 0; i < documents.Length; i++)
            results.Add(alreadyDecided.TryGetValue(documents[i].Id, out var stored) ? stored : Decide(documents[i], reports[i], facts[i]));
        return results;
    }

    private IntakeResult Decide(ArchivedDocument doc, ValidationReport report, InvoiceFacts? facts)
    {
        // Any decided document with the same bytes, earlier or later in the archive: a document
        // recovered after a crash may have been resent and decided meanwhile, and must not be
        // decided again (it would get RE for a number already used, after its resend got AP).
        if (firstBySha.TryGetValue(doc.Sha256, out var first))
        {
            var reasons = new[] { new Reason("NON", $"Samma dokument mottogs redan (arkiv-id {first.Id}); det registreras inte igen och får samma svar.") };
            outcomes.Add(new OutcomeRow(doc.Id, null, first.Order, first.Line, first.Amount, new MatchDecision(Outcome.Duplicate, reasons), [], first.Id));
            repeats.Add((first.Id, doc.Id));
            return new IntakeResult(doc.Id, doc.Source, first.Type, first.Number, Outcome.Duplicate, reasons);
        }

        var receiver = responder.ReceiverOf(org => providers.GetValueOrDefault(org), facts, report.Envelope);
        MatchDecision decision;
        (string Order, int Line)? claimed = null;
        if (Admission.Refusal(report, facts, buyerEndpoint) is { } refusal)
            decision = refusal;
        else
        {
            var seller = facts!.SellerOrganisationNumber;
            var sellerKnown = seller is not null && providers.ContainsKey(seller);
            if (sellerKnown && facts.Id is { } number && usedNumbers.TryGetValue((seller!, number), out var earlier))
                decision = MatchDecision.Reject("REF", $"Nummer {number} är redan använt av {seller} för ett annat dokument (mottaget {earlier}).");
            else if (facts.Type == DocumentType.CreditNote)
                (decision, claimed) = Credit(doc, facts, sellerKnown);
            else
                (decision, claimed) = Invoice(doc, facts, sellerKnown);
        }

        var amount = facts is { Type: DocumentType.CreditNote } ? facts.LineExtensionTotal : facts?.Lines.FirstOrDefault()?.LineAmount;
        outcomes.Add(new OutcomeRow(doc.Id, facts, claimed?.Order ?? facts?.OrderNumber, claimed?.Line,
            StoredRanges.AmountFits(amount) ? amount : null, decision, report.Findings, null));
        firstBySha.TryAdd(doc.Sha256, new FirstSeen(doc.Id, facts?.Type.ToString(), facts?.Id, facts?.SellerOrganisationNumber,
            claimed?.Order ?? facts?.OrderNumber, claimed?.Line, outcomes[^1].Amount));
        if (receiver is not null && facts?.Id is { } documentId)
            answers.Add((doc.Id, receiver, documentId, facts.Type, facts.IssueDate, decision));
        else if (facts is null)
            Log.Warning("Inbound {Archive}: not an invoice or credit note ({Type}); archived and rejected, not answered", doc.Id, report.DocumentType?.ToString() ?? "no UBL document");
        else
            Log.Warning("Inbound {Archive}: no answer can be sent (the sender or the document id cannot be read)", doc.Id);
        return new IntakeResult(doc.Id, doc.Source, facts?.Type.ToString(), facts?.Id, decision.Outcome, decision.Reasons);
    }

    private (MatchDecision, (string, int)?) Invoice(ArchivedDocument doc, InvoiceFacts facts, bool sellerKnown)
    {
        var order = facts.OrderNumber is { } o && orders.TryGetValue(o, out var found) ? found : ((string Provider, string Placement)?)null;
        int? lineNo = facts.Lines.Count == 1 && int.TryParse(facts.Lines[0].OrderLineId, out var n) ? n : null;
        var state = order is not null && lineNo is { } ln && lines.TryGetValue((facts.OrderNumber!, ln), out var s) ? s : null;
        var line = state is null ? null : state.Line with { OpenInvoiceNumber = state.Holding.FirstOrDefault() };

        if (InvoiceMatching.Register(facts, buyerEndpoint, sellerKnown, line is not null, order is not null, order?.Provider) is { } rejection)
            return (rejection, null);

        var decision = InvoiceMatching.Judge(facts, line!);
        var issue = facts.IssueDate!.Value;
        var invoice = new InvoiceState
        {
            ArchiveId = doc.Id, Seller = facts.SellerOrganisationNumber!, Number = facts.Id!, OrderNumber = line!.OrderNumber, LineNo = line.LineNo,
            Amount = facts.Lines[0].LineAmount ?? 0m, Vat = facts.TaxTotal ?? 0m, Payable = facts.PayableAmount ?? 0m,
            IssueDate = issue, DueDate = issue.PlusDays(PaymentRun.TermDays), Quantity = facts.Lines[0].Quantity ?? 0m, Price = facts.Lines[0].Price ?? 0m,
            Status = decision.Outcome == Outcome.Approved ? "approved" : "disputed", ReceivedAt = "i samma omgång", DeliverySeen = line.Delivery is not null,
        };
        newInvoices.Add(invoice);
        invoices[(invoice.Seller, invoice.Number)] = invoice;
        usedNumbers[(invoice.Seller, invoice.Number)] = invoice.ReceivedAt;
        state!.Holding.Add(invoice.Number);
        return (decision, (line.OrderNumber, line.LineNo));
    }

    private (MatchDecision, (string, int)?) Credit(ArchivedDocument doc, InvoiceFacts facts, bool sellerKnown)
    {
        var seller = facts.SellerOrganisationNumber;
        var invoice = facts.CreditedInvoiceId is { } referenced && seller is not null && invoices.TryGetValue((seller, referenced), out var found) ? found : null;
        var decision = CreditMatching.Decide(facts, sellerKnown, buyerEndpoint,
            invoice is null ? null : new CreditedInvoice(invoice.Number, invoice.Seller, invoice.Amount, invoice.Vat, invoice.Payable, invoice.Credited, invoice.Paid));
        if (decision.Outcome != Outcome.Credited) return (decision, invoice is null ? null : (invoice.OrderNumber, invoice.LineNo));
        invoice!.Credited = true;
        newCredits.Add((invoice, doc.Id, facts.Id!, facts.IssueDate!.Value));
        usedNumbers[(seller!, facts.Id!)] = "i samma omgång";
        if (lines.TryGetValue((invoice.OrderNumber, invoice.LineNo), out var line)) line.Holding.Remove(invoice.Number);
        return (decision, (invoice.OrderNumber, invoice.LineNo));
    }

    /// <summary>Writes the chunk's invoices, credits, outcomes and answers in a few statements; returns the answers (their outbox rows are pending).</summary>
    public IReadOnlyList<ResponseDocument> Write()
    {
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

    private FirstSeen? First(OutcomeRow o) => o.DuplicateOf is { } id ? firstBySha.Values.FirstOrDefault(f => f.Id == id) : null;
}
