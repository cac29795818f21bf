using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;

namespace Settlement.Worker.Portal.Data;

/// <summary>A registered invoice with what became of it: matching reasons, credit, payment.</summary>
internal sealed class InvoiceView
{
    public long Id { get; init; }
    public string InvoiceNumber { get; init; } = "";
    public string SellerOrg { get; init; } = "";
    public string SellerName { get; init; } = "";
    public string OrderNumber { get; init; } = "";
    public int LineNo { get; init; }
    public string PlacementId { get; init; } = "";
    public LocalDate IssueDate { get; init; }
    public LocalDate DueDate { get; init; }
    public decimal Quantity { get; init; }
    public decimal Price { get; init; }
    public decimal Amount { get; init; }
    public decimal VatAmount { get; init; }
    public decimal Payable { get; init; }
    public string Status { get; init; } = "";
    public long DocumentId { get; init; }
    public Instant ReceivedAt { get; init; }
    public string Channel { get; init; } = "";
    public string Source { get; init; } = "";
    public string ReasonsJson { get; init; } = "[]";
    public string? CreditNoteNumber { get; init; }
    public long? CreditDocumentId { get; init; }
    public LocalDate? CreditedOn { get; init; }
    public LocalDate? PaidOn { get; init; }
    public decimal? ExpectedQuantity { get; init; }
    public decimal? OrderedPrice { get; init; }

    public IReadOnlyList<(string Code, string Text)> Reasons => InboundView.ParseReasons(ReasonsJson);

    public (string Code, string Text) State =>
        CreditNoteNumber is not null ? ("credited", "Krediterad")
        : PaidOn is not null ? ("paid", "Betald")
        : Status == "approved" ? ("approved", "Godkänd") : ("disputed", "Bestriden");
}

/// <summary>An inbound document's outcome (every channel), for rejected documents and the trail.</summary>
internal sealed class InboundView
{
    public long DocumentId { get; init; }
    public Instant ReceivedAt { get; init; }
    public string Channel { get; init; } = "";
    public string Source { get; init; } = "";
    public string? DocumentType { get; init; }
    public string? DocumentNumber { get; init; }
    public string? SellerOrg { get; init; }
    public string? OrderNumber { get; init; }
    public int? OrderLine { get; init; }
    public decimal? Amount { get; init; }
    public string Outcome { get; init; } = "";
    public string ReasonsJson { get; init; } = "[]";
    public string? PlacementId { get; init; }

    public IReadOnlyList<(string Code, string Text)> Reasons => ParseReasons(ReasonsJson);

    public static IReadOnlyList<(string Code, string Text)> ParseReasons(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.EnumerateArray()
                .Select(e => (e.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "", e.TryGetProperty("text", out var t) ? t.GetString() ?? "" : ""))
                .ToList();
        }
        catch (JsonException) { return []; }
    }
}

/// <summary>An Invoice Response sent (AP, RE, UQ, PD) and the outbox row that carries it.</summary>
internal sealed class ResponseView
{
    public string ResponseId { get; init; } = "";
    public long DocumentId { get; init; }
    public string Code { get; init; } = "";
    public string? Text { get; init; }
    public Instant CreatedAt { get; init; }
    public long? OutboxId { get; init; }

    public string CodeText => Code switch
    {
        "AP" => "Godkänd (AP)",
        "UQ" => "Bestriden (UQ)",
        "RE" => "Avvisad (RE)",
        "PD" => "Betald (PD)",
        _ => Code,
    };
}

internal sealed class InboundDocument
{
    public long Id { get; init; }
    public string Source { get; init; } = "";
    public byte[] Content { get; init; } = [];
}

internal sealed partial class PortalQueries
{
    private const string InvoiceSelect = """
        select v.id, v.invoice_number as InvoiceNumber, v.seller_org as SellerOrg, p.name as SellerName, v.order_number as OrderNumber,
               v.line_no as LineNo, o.placement_id as PlacementId, v.issue_date as IssueDate, v.due_date as DueDate, v.quantity, v.price,
               v.amount, v.vat_amount as VatAmount, v.payable, v.status, v.document_id as DocumentId, d.received_at as ReceivedAt,
               d.channel, d.source, coalesce(io.reasons::text, '[]') as ReasonsJson,
               c.credit_note_number as CreditNoteNumber, c.document_id as CreditDocumentId, c.issue_date as CreditedOn, pay.paid_on as PaidOn,
               dl.quantity as ExpectedQuantity, l.price as OrderedPrice
        from invoices v
        join orders o on o.number = v.order_number
        join order_lines l on l.order_number = v.order_number and l.line_no = v.line_no
        join providers p on p.org_number = v.seller_org
        join inbound_documents d on d.id = v.document_id
        left join inbound_outcomes io on io.document_id = v.document_id
        left join credits c on c.invoice_id = v.id
        left join payments pay on pay.invoice_id = v.id
        left join deliveries dl on dl.order_number = v.order_number and dl.line_no = v.line_no and dl.status = 'delivered'
        """;

    /// <summary>Every invoice of a placement's orders, oldest first.</summary>
    public async Task<IReadOnlyList<InvoiceView>> PlacementInvoicesAsync(string placementId, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<InvoiceView>(new CommandDefinition($"""
            {InvoiceSelect}
            where o.placement_id = @placementId and (@org::text is null or v.seller_org = @org)
            order by v.id
            """, new { placementId, org }, cancellationToken: ct))).ToList();
    }

    /// <summary>Invoices newest first, within the viewer's scope and optionally one provider.</summary>
    public async Task<IReadOnlyList<InvoiceView>> InvoicesAsync(string? org, string? providerFilter, int limit, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<InvoiceView>(new CommandDefinition($"""
            {InvoiceSelect}
            where (@org::text is null or v.seller_org = @org) and (@providerFilter::text is null or v.seller_org = @providerFilter)
            order by v.id desc limit @limit
            """, new { org, providerFilter, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Every invoice of one order, oldest first.</summary>
    public async Task<IReadOnlyList<InvoiceView>> OrderInvoicesAsync(string orderNumber, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<InvoiceView>(new CommandDefinition($"""
            {InvoiceSelect}
            where v.order_number = @orderNumber and (@org::text is null or v.seller_org = @org)
            order by v.id
            """, new { orderNumber, org }, cancellationToken: ct))).ToList();
    }

    /// <summary>Disputed invoices not (yet) credited: each waits for a credit note and a new invoice.</summary>
    public async Task<IReadOnlyList<InvoiceView>> DisputedInvoicesAsync(int limit, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<InvoiceView>(new CommandDefinition($"""
            {InvoiceSelect}
            where v.status = 'disputed' and c.invoice_id is null
            order by v.id desc limit @limit
            """, new { limit }, cancellationToken: ct))).ToList();
    }

    private const string InboundSelect = """
        select d.id as DocumentId, d.received_at as ReceivedAt, d.channel, d.source, io.document_type as DocumentType,
               io.document_number as DocumentNumber, io.seller_org as SellerOrg, io.order_number as OrderNumber, io.order_line as OrderLine,
               io.amount, io.outcome, io.reasons::text as ReasonsJson, o.placement_id as PlacementId
        from inbound_documents d join inbound_outcomes io on io.document_id = d.id
        left join orders o on o.number = io.order_number
        """;

    /// <summary>Rejected documents (not registered), newest first.</summary>
    public async Task<IReadOnlyList<InboundView>> RejectedDocumentsAsync(int limit, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<InboundView>(new CommandDefinition($"""
            {InboundSelect}
            where io.outcome = 'rejected' order by d.id desc limit @limit
            """, new { limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>One inbound document's outcome; null when missing or not the provider's own.</summary>
    public async Task<InboundView?> InboundAsync(long id, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return await conn.QuerySingleOrDefaultAsync<InboundView>(new CommandDefinition($"""
            {InboundSelect}
            where d.id = @id and (@org::text is null or io.seller_org = @org)
            """, new { id, org }, cancellationToken: ct));
    }

    /// <summary>Documents about a placement's orders that registered nothing (rejected, duplicates), oldest first.</summary>
    public async Task<IReadOnlyList<InboundView>> PlacementOtherDocumentsAsync(string placementId, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<InboundView>(new CommandDefinition($"""
            {InboundSelect}
            where o.placement_id = @placementId and io.outcome in ('rejected', 'duplicate') order by d.id
            """, new { placementId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The answers sent to these documents, in the order they were made.</summary>
    public async Task<IReadOnlyList<ResponseView>> ResponsesAsync(IReadOnlyCollection<long> documentIds, CancellationToken ct)
    {
        if (documentIds.Count == 0) return [];
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<ResponseView>(new CommandDefinition("""
            select r.response_id as ResponseId, r.document_id as DocumentId, r.code, r.text, r.created_at as CreatedAt, x.id as OutboxId
            from responses r left join outbox x on x.response_id = r.response_id
            where r.document_id = any(@ids) order by r.created_at, r.response_id
            """, new { ids = documentIds.ToArray() }, cancellationToken: ct))).ToList();
    }

    /// <summary>An inbound document's bytes as archived; null when missing or not the provider's own.</summary>
    public async Task<InboundDocument?> InboundDocumentAsync(long id, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return await conn.QuerySingleOrDefaultAsync<InboundDocument>(new CommandDefinition("""
            select d.id, d.source, d.content from inbound_documents d left join inbound_outcomes io on io.document_id = d.id
            where d.id = @id and (@org::text is null or io.seller_org = @org)
            """, new { id, org }, cancellationToken: ct));
    }

    /// <summary>An outbound answer's document (the provider's own answers only, for a provider).</summary>
    public async Task<OutboxDocument?> ResponseDocumentAsync(long outboxId, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return await conn.QuerySingleOrDefaultAsync<OutboxDocument>(new CommandDefinition("""
            select x.id, x.order_number as OrderNumber, io.seller_org as ProviderOrg, x.file_name as FileName, x.document, x.sha256
            from outbox x join responses r on r.response_id = x.response_id left join inbound_outcomes io on io.document_id = r.document_id
            where x.id = @outboxId and (@org::text is null or io.seller_org = @org)
            """, new { outboxId, org }, cancellationToken: ct));
    }
}
