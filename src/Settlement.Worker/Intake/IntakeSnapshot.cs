using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Peppol.Reading;
using Settlement.Peppol.Validation;
using Settlement.Worker.Matching;
using Party = Settlement.Peppol.Parties.Party;

namespace Settlement.Worker.Intake;

/// <summary>
/// What an intake chunk needs from the database, read up front in a few set-based queries inside its
/// transaction (under the decision lock): documents of the chunk already decided, the first
/// decided document per content hash, the providers, the orders and order lines its documents
/// name (with their deliveries and holding invoices), the invoices and credit notes by seller and
/// number. The decisions then run against it in memory (<see cref="IntakeBatch"/>), asking it as
/// <see cref="IVerdictRecords"/>; the batch keeps it current as the chunk registers and credits.
/// </summary>
internal sealed class IntakeSnapshot : IVerdictRecords
{
    public required Dictionary<long, IntakeResult> AlreadyDecided { get; init; }
    public required Dictionary<string, FirstSeen> FirstBySha { get; init; }
    public required Dictionary<string, Party> Providers { get; init; }
    /// <summary>Every registered PEPPOL id (any case) → its provider's organisation number.</summary>
    public required Dictionary<string, string> ProviderIds { get; init; }
    public required Dictionary<string, (string Provider, string Placement)> Orders { get; init; }
    public required Dictionary<(string Order, int Line), ChunkLine> Lines { get; init; }
    public required Dictionary<(string Seller, string Number), ChunkInvoice> Invoices { get; init; }
    /// <summary>Seller and number of every registered invoice and credit the chunk may collide with → when it was received.</summary>
    public required Dictionary<(string Seller, string Number), string> UsedNumbers { get; init; }

    long? IVerdictRecords.FirstWithBytes(string sha256) => FirstBySha.TryGetValue(sha256, out var first) ? first.Id : null;
    bool IVerdictRecords.IsProvider(string organisationNumber) => Providers.ContainsKey(organisationNumber);
    bool IVerdictRecords.IsProviderId(string organisationNumber, string participantId) =>
        ProviderIds.TryGetValue(participantId, out var owner) && owner == organisationNumber;
    string? IVerdictRecords.NumberUsedAt(string seller, string number) => UsedNumbers.GetValueOrDefault((seller, number));
    string? IVerdictRecords.OrderProvider(string orderNumber) => Orders.TryGetValue(orderNumber, out var order) ? order.Provider : null;
    bool IVerdictRecords.LineExists(string orderNumber, int lineNo) => Lines.ContainsKey((orderNumber, lineNo));
    CreditedInvoice? IVerdictRecords.Invoice(string seller, string number) =>
        Invoices.TryGetValue((seller, number), out var i) ? new CreditedInvoice(i.Number, i.Seller, i.Amount, i.Vat, i.Payable, i.Credited, i.Paid) : null;

    public static IntakeSnapshot Read(NpgsqlConnection conn, NpgsqlTransaction tx, ArchivedDocument[] documents, InvoiceFacts?[] facts)
    {
        var ids = documents.Select(d => d.Id).ToArray();

        // The lookups by key probe an index per key (lateral subqueries with a limit, which the planner
        // cannot turn into joins): plans that do not depend on statistics, which lag far behind during
        // a big intake (the planner then took a fifth of the archive for a chunk's 500 hashes and
        // scanned the whole outcome table, 35 ms a chunk and growing).
        var alreadyDecided = conn.Query<(long Id, string? Type, string? Number, string Outcome, string Reasons)>("""
            select o.document_id, o.document_type, o.document_number, o.outcome, o.reasons::text
            from unnest(@ids::bigint[]) as k(id)
            cross join lateral (select * from inbound_outcomes o where o.document_id = k.id limit 1) o
            """, new { ids }, tx).ToDictionary(r => r.Id, r =>
        {
            var doc = documents.First(d => d.Id == r.Id);
            return OutcomeJson.Result(r.Id, doc.Source, r.Type, r.Number, r.Outcome, r.Reasons);
        });

        // Per content hash, its first decided document.
        var firstBySha = conn.Query<(string Sha, long Id, string? Type, string? Number, string? Seller, string? Order, int? Line, decimal? Amount)>("""
            select k.sha, f.id, f.document_type, f.document_number, f.seller_org, f.order_number, f.order_line, f.amount
            from unnest(@shas::text[]) as k(sha)
            cross join lateral (
                select d.id, o.document_type, o.document_number, o.seller_org, o.order_number, o.order_line, o.amount
                from inbound_documents d join inbound_outcomes o on o.document_id = d.id
                where d.sha256 = k.sha and o.outcome <> 'duplicate'
                order by d.id limit 1) f
            """, new { shas = documents.Select(d => d.Sha256).Distinct().ToArray() }, tx)
            .ToDictionary(r => r.Sha, r => new FirstSeen(r.Id, r.Type, r.Number, r.Seller, r.Order, r.Line, r.Amount));

        var providers = Responder.Providers(conn, tx);
        var providerIds = Responder.ProviderIds(conn, tx);

        var orderNumbers = facts.Select(f => f?.OrderNumber).OfType<string>().Distinct().ToArray();
        var orders = conn.Query<(string Number, string Provider, string Placement)>(
                "select number, provider_org, placement_id from orders where number = any(@orderNumbers)", new { orderNumbers }, tx)
            .ToDictionary(r => r.Number, r => (r.Provider, r.Placement));

        var keys = facts.OfType<InvoiceFacts>().Where(f => f.SellerOrganisationNumber is not null)
            .SelectMany(f => new[] { (f.SellerOrganisationNumber!, f.Id), (f.SellerOrganisationNumber!, f.CreditedInvoiceId) })
            .Where(k => k.Item2 is not null).Select(k => (Seller: k.Item1, Number: k.Item2!)).Distinct().ToArray();
        var sellers = keys.Select(k => k.Seller).ToArray();
        var numbers = keys.Select(k => k.Number).ToArray();
        var invoices = conn.Query<(long Id, long ArchiveId, string Seller, string Number, string Order, int Line, decimal Amount, decimal Vat, decimal Payable, bool Credited, bool Paid, string ReceivedAt)>("""
            select i.id, i.document_id, i.seller_org, i.invoice_number, i.order_number, i.line_no, i.amount, i.vat_amount, i.payable,
                   exists (select 1 from credits c where c.invoice_id = i.id),
                   exists (select 1 from payments p where p.invoice_id = i.id),
                   (select to_char(d.received_at, 'YYYY-MM-DD HH24:MI') from inbound_documents d where d.id = i.document_id)
            from unnest(@sellers::text[], @numbers::text[]) as k(seller, number)
            cross join lateral (select * from invoices i where i.seller_org = k.seller and i.invoice_number = k.number limit 1) i
            """, new { sellers, numbers }, tx).ToDictionary(r => (r.Seller, r.Number), r => new ChunkInvoice
        {
            Id = r.Id, ArchiveId = r.ArchiveId, Seller = r.Seller, Number = r.Number, OrderNumber = r.Order, LineNo = r.Line,
            Amount = r.Amount, Vat = r.Vat, Payable = r.Payable, Credited = r.Credited, Paid = r.Paid, ReceivedAt = r.ReceivedAt,
        });
        var usedNumbers = invoices.ToDictionary(i => i.Key, i => i.Value.ReceivedAt);
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
        var lines = conn.Query<(string Number, int LineNo, string ProviderOrg, string Article, decimal Quantity, string UnitCode,
                decimal Price, decimal Amount, string VatCategory, decimal VatPercent, string? Status, decimal? DeliveredQuantity, decimal? DeliveredAmount, string? Summary, string[]? Holding)>("""
            select o.number, l.line_no, o.provider_org, l.article, l.quantity, l.unit_code, l.price, l.amount, o.vat_category, o.vat_percent,
                   d.status, d.quantity, d.amount, d.summary,
                   (select array_agg(i.invoice_number order by i.id) from invoices i where i.order_number = l.order_number and i.line_no = l.line_no
                      and not exists (select 1 from credits c where c.invoice_id = i.id))
            from unnest(@lineOrders::text[], @lineNumbers::int[]) as k(order_number, line_no)
            join order_lines l on l.order_number = k.order_number and l.line_no = k.line_no
            join orders o on o.number = l.order_number
            left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            """, new { lineOrders = wanted.Select(k => k.Order).ToArray(), lineNumbers = wanted.Select(k => k.Line).ToArray() }, tx).ToDictionary(r => (r.Number, r.LineNo), r => new ChunkLine(
                new OrderLineState(r.Number, r.LineNo, r.ProviderOrg, r.Article, r.Quantity, r.UnitCode, r.Price, r.Amount, r.VatCategory, r.VatPercent,
                    r.Status is null ? null : new DeliveryState(r.Status == "delivered", r.DeliveredQuantity ?? 0m, r.DeliveredAmount ?? 0m, r.Summary ?? ""), null),
                [.. r.Holding ?? []]));
        return new IntakeSnapshot
        {
            AlreadyDecided = alreadyDecided, FirstBySha = firstBySha, Providers = providers, ProviderIds = providerIds, Orders = orders, Lines = lines,
            Invoices = invoices, UsedNumbers = usedNumbers,
        };
    }
}
