using Dapper;
using NodaTime;
using Npgsql;

namespace Settlement.Worker.Portal.Data;

/// <summary>
/// The portal's reads of the system of record, all plain SQL. Every query that can return a
/// provider's data takes <c>org</c>: null for staff, the provider's organisation number for a
/// provider, so rows outside the viewer's scope simply do not exist for it.
/// </summary>
internal sealed partial class PortalQueries(NpgsqlDataSource ds)
{
    private const string LineColumns = """
        l.order_number as OrderNumber, l.line_no as LineNo, l.article, l.month, l.quantity, l.unit_code as UnitCode,
        l.price, l.amount, l.period_from as PeriodFrom, l.period_to as PeriodTo,
        d.status as DeliveryStatus, d.quantity as DeliveredQuantity, d.amount as DeliveredAmount,
        d.registered_on as DeliveredOn, d.derivation as DeliveryDerivation,
        i.id as InvoiceId, i.invoice_number as InvoiceNumber, i.status as InvoiceStatus, i.credited as InvoiceCredited,
        i.paid as InvoicePaid, i.document_id as InvoiceDocumentId
        """;

    /// <summary>Joins a line (alias l) to its delivery (d) and its latest invoice (i).</summary>
    private const string LineJoins = """
        left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
        left join lateral (
            select v.id, v.invoice_number, v.status, v.document_id,
                   exists (select 1 from credits c where c.invoice_id = v.id) as credited,
                   exists (select 1 from payments p where p.invoice_id = v.id) as paid
            from invoices v where v.order_number = l.order_number and v.line_no = l.line_no
            order by v.id desc limit 1) i on true
        """;

    private async Task<NpgsqlConnection> Open(CancellationToken ct) => await ds.OpenConnectionAsync(ct);

    public async Task<IReadOnlyList<OrderSummary>> OrdersAsync(string? org, string? providerFilter, string? placementFilter, int limit, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        var rows = await conn.QueryAsync<OrderSummary>(new CommandDefinition($"""
            select o.number, o.kind, o.placement_id as PlacementId, o.provider_org as ProviderOrg, p.name as ProviderName,
                   o.issue_date as IssueDate, o.total,
                   (select count(*) from order_lines l where l.order_number = o.number)::int as Lines,
                   (select count(*) from deliveries d where d.order_number = o.number and d.status = 'delivered')::int as Delivered,
                   (select count(*) from deliveries d where d.order_number = o.number and d.status = 'not_delivered')::int as NotDelivered
            from orders o join providers p on p.org_number = o.provider_org
            where (@org::text is null or o.provider_org = @org)
              and (@providerFilter::text is null or o.provider_org = @providerFilter)
              and (@placementFilter::text is null or o.placement_id = @placementFilter)
            order by o.issue_date desc, o.number desc
            limit @limit
            """, new { org, providerFilter, placementFilter, limit }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>One order with its lines and deliveries; null when it does not exist or is outside <paramref name="org"/>.</summary>
    public async Task<OrderDetail?> OrderAsync(string number, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        var order = await conn.QuerySingleOrDefaultAsync<OrderDetail>(new CommandDefinition("""
            select o.number, o.kind, o.placement_id as PlacementId, o.provider_org as ProviderOrg, p.name as ProviderName,
                   o.period_number as PeriodNumber, o.stage, o.supplement_id as SupplementId, o.issue_date as IssueDate,
                   o.currency, o.total, o.vat_category as VatCategory, o.vat_percent as VatPercent, o.derivation,
                   x.id as OutboxId, x.file_name as FileName
            from orders o join providers p on p.org_number = o.provider_org
            left join outbox x on x.order_number = o.number
            where o.number = @number and (@org::text is null or o.provider_org = @org)
            """, new { number, org }, cancellationToken: ct));
        if (order is null) return null;
        var lines = await conn.QueryAsync<LineView>(new CommandDefinition($"""
            select {LineColumns}
            from order_lines l {LineJoins}
            where l.order_number = @number order by l.line_no
            """, new { number }, cancellationToken: ct));
        order.LineViews.AddRange(lines);
        return order;
    }

    public async Task<PlacementView?> PlacementAsync(string id, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return await conn.QuerySingleOrDefaultAsync<PlacementView>(new CommandDefinition("""
            select pl.id, pl.provider_org as ProviderOrg, p.name as ProviderName, pl.level, pl.start_date as StartDate, pl.registered_on as RegisteredOn
            from placements pl join providers p on p.org_number = pl.provider_org
            where pl.id = @id and (@org::text is null or pl.provider_org = @org)
            """, new { id, org }, cancellationToken: ct));
    }

    /// <summary>Every order of a placement with its lines, oldest first (the trail).</summary>
    public async Task<IReadOnlyList<OrderDetail>> PlacementOrdersAsync(string placementId, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        var orders = (await conn.QueryAsync<OrderDetail>(new CommandDefinition("""
            select o.number, o.kind, o.placement_id as PlacementId, o.provider_org as ProviderOrg, p.name as ProviderName,
                   o.period_number as PeriodNumber, o.stage, o.supplement_id as SupplementId, o.issue_date as IssueDate,
                   o.currency, o.total, o.vat_category as VatCategory, o.vat_percent as VatPercent, o.derivation,
                   x.id as OutboxId, x.file_name as FileName
            from orders o join providers p on p.org_number = o.provider_org
            left join outbox x on x.order_number = o.number
            where o.placement_id = @placementId
            order by o.issue_date, o.number
            """, new { placementId }, cancellationToken: ct))).ToList();
        var lines = await conn.QueryAsync<LineView>(new CommandDefinition($"""
            select {LineColumns}
            from orders o join order_lines l on l.order_number = o.number
            {LineJoins}
            where o.placement_id = @placementId order by l.order_number, l.line_no
            """, new { placementId }, cancellationToken: ct));
        var byNumber = orders.ToDictionary(o => o.Number);
        foreach (var l in lines) byNumber[l.OrderNumber].LineViews.Add(l);
        return orders;
    }

    /// <summary>The placement's events in log order, accepted and refused.</summary>
    public async Task<IReadOnlyList<EventRow>> PlacementEventsAsync(string placementId, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<EventRow>(new CommandDefinition($"""
            select {EventColumns} from event_log where placement_id = @placementId order by seq
            """, new { placementId }, cancellationToken: ct))).ToList();
    }

    private const string EventColumns = """
        seq, imported_at as ImportedAt, source_file as SourceFile, source_line as SourceLine, type, placement_id as PlacementId,
        provider_org as ProviderOrg, registered_on as RegisteredOn, status, code, message, canonical
        """;

    /// <summary>Refused events, newest first, optionally one code only.</summary>
    public async Task<IReadOnlyList<EventRow>> RefusedEventsAsync(string? code, int limit, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<EventRow>(new CommandDefinition($"""
            select {EventColumns} from event_log
            where status = 'refused' and (@code::text is null or code = @code)
            order by seq desc limit @limit
            """, new { code, limit }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<(string Code, int Count)>> RefusalCodesAsync(CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<(string, int)>(new CommandDefinition(
            "select code, count(*)::int from event_log where status = 'refused' group by code order by code", cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Base-pay lines whose month has ended before <paramref name="today"/>'s month and that have
    /// no delivery registered (neither delivered nor closed as not delivered).
    /// </summary>
    public async Task<IReadOnlyList<MissingDelivery>> MissingDeliveriesAsync(LocalDate today, int limit, CancellationToken ct)
    {
        var currentMonth = $"{today.Year:D4}-{today.Month:D2}";
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<MissingDelivery>(new CommandDefinition("""
            select l.order_number as OrderNumber, l.line_no as LineNo, o.placement_id as PlacementId, o.provider_org as ProviderOrg,
                   p.name as ProviderName, l.month, l.amount, l.period_to as PeriodTo
            from order_lines l join orders o on o.number = l.order_number join providers p on p.org_number = o.provider_org
            where o.kind = 'base' and l.month is not null and l.month < @currentMonth
              and not exists (select 1 from deliveries d where d.order_number = l.order_number and d.line_no = l.line_no)
            order by l.month, o.provider_org, l.order_number, l.line_no
            limit @limit
            """, new { currentMonth, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>An outbound document; null when missing or outside <paramref name="org"/>.</summary>
    public async Task<OutboxDocument?> OutboxDocumentAsync(long id, string? org, CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return await conn.QuerySingleOrDefaultAsync<OutboxDocument>(new CommandDefinition("""
            select x.id, x.order_number as OrderNumber, o.provider_org as ProviderOrg, x.file_name as FileName, x.document, x.sha256
            from outbox x left join orders o on o.number = x.order_number
            where x.id = @id and (@org::text is null or o.provider_org = @org)
            """, new { id, org }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<(string Org, string Name)>> ProvidersAsync(CancellationToken ct)
    {
        await using var conn = await Open(ct);
        return (await conn.QueryAsync<(string, string)>(new CommandDefinition("select org_number, name from providers order by name", cancellationToken: ct))).ToList();
    }
}
