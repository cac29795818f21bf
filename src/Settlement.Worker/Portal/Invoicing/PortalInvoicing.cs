using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Peppol.Identifiers;
using Settlement.Peppol.Invoices;
using Settlement.Peppol.Parties;
using Settlement.Peppol.Ubl;
using Settlement.Peppol.Validation;
using Settlement.Worker.Outbox;
using Settlement.Worker.Intake;
using Settlement.Worker.Portal.Auth;

namespace Settlement.Worker.Portal.Invoicing;

/// <summary>What "Skapa faktura" did: the intake's verdict, or why nothing was sent (a key of <see cref="PortalInvoicing.Problems"/>).</summary>
internal sealed record PortalInvoiceResult(bool Sent, string? InvoiceNumber, long? DocumentId, string? Outcome, string? Problem);

/// <summary>
/// "Skapa faktura" (issue 7): for a provider without an access point, one click turns a delivered,
/// not yet invoiced order line into a PEPPOL BIS Billing 3 invoice (quantity = the delivered
/// quantity, price = the ordered price, the order's VAT) and sends it through the same intake as
/// any invoice (channel <c>portal</c>): archived, validated, matched and answered the same way.
/// </summary>
internal sealed class PortalInvoicing(NpgsqlDataSource ds, BuyerConfiguration buyer, IClock clock, PortalOptions options)
{
    private sealed class LineRow
    {
        public string OrderNumber { get; init; } = "";
        public int LineNo { get; init; }
        public string ProviderOrg { get; init; } = "";
        public string PlacementId { get; init; } = "";
        public string Agreement { get; init; } = "";
        public string Article { get; init; } = "";
        public string UnitCode { get; init; } = "";
        public decimal Price { get; init; }
        public string VatCategory { get; init; } = "";
        public decimal VatPercent { get; init; }
        public LocalDate? PeriodFrom { get; init; }
        public LocalDate? PeriodTo { get; init; }
        public string? DeliveryStatus { get; init; }
        public decimal? DeliveredQuantity { get; init; }
        public bool OpenInvoice { get; init; }
        public int PortalInvoices { get; init; }
    }

    public LocalDate Today => options.Today(clock);

    /// <summary>
    /// Why nothing was sent, by key: the order page is redirected to with the key (`?fel=redan-fakturerad`)
    /// and shows only these texts, so a link cannot put words of its own in the portal's mouth.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Problems = new Dictionary<string, string>
    {
        ["bara-leverantorer"] = "Bara leverantörer fakturerar.",
        ["ej-levererad"] = "Raden är inte levererad ännu och kan inte faktureras.",
        ["redan-fakturerad"] = "Raden är redan fakturerad. Kreditera fakturan först om den ska ersättas.",
        ["ogiltig-faktura"] = "Fakturan kunde inte skapas eftersom den inte klarar valideringen. Inget har skickats; felet är loggat.",
    };

    public PortalInvoiceResult Create(Viewer viewer, string orderNumber, int lineNo)
    {
        if (!viewer.IsProvider || viewer.OrgNumber is null) return new(false, null, null, null, "bara-leverantorer");
        LineRow? line;
        using (var conn = ds.OpenConnection())
        {
            line = conn.QuerySingleOrDefault<LineRow>("""
                select l.order_number as OrderNumber, l.line_no as LineNo, o.provider_org as ProviderOrg, o.placement_id as PlacementId,
                       p.agreement, l.article, l.unit_code as UnitCode, l.price, o.vat_category as VatCategory, o.vat_percent as VatPercent,
                       l.period_from as PeriodFrom, l.period_to as PeriodTo, d.status as DeliveryStatus, d.quantity as DeliveredQuantity,
                       exists (select 1 from invoices v where v.order_number = l.order_number and v.line_no = l.line_no
                               and not exists (select 1 from credits c where c.invoice_id = v.id)) as OpenInvoice,
                       (select count(*) from inbound_outcomes io join inbound_documents x on x.id = io.document_id
                         where x.channel = 'portal' and io.seller_org = o.provider_org
                           and io.order_number = l.order_number and io.order_line = l.line_no)::int as PortalInvoices
                from order_lines l join orders o on o.number = l.order_number join providers p on p.org_number = o.provider_org
                left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
                where l.order_number = @orderNumber and l.line_no = @lineNo and o.provider_org = @org
                """, new { orderNumber, lineNo, org = viewer.OrgNumber });
            if (line is null) return new(false, null, null, null, null); // not found, as for another provider's line
            if (line.DeliveryStatus != "delivered" || line.DeliveredQuantity is null)
                return new(false, null, null, null, "ej-levererad");
            if (line.OpenInvoice)
                return new(false, null, null, null, "redan-fakturerad");
            var seller = Responder.Provider(conn, null, line.ProviderOrg)!;
            var today = Today;
            var number = $"LP-{line.OrderNumber}-{line.LineNo}-{line.PortalInvoices + 1}";
            var request = new InvoiceRequest(number, today, today.PlusDays(30), seller, buyer.Party, PurchaseOrderNumber.Parse(line.OrderNumber),
                line.LineNo.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Article, line.DeliveredQuantity.Value, line.UnitCode,
                line.Price, new VatRate(line.VatCategory, line.VatPercent), line.PlacementId,
                line.PeriodFrom is { } f && line.PeriodTo is { } t ? new DateInterval(f, t) : null, null, line.Agreement);
            var bytes = UblWriter.Write(InvoiceBuilder.BuildInvoice(request));
            // Nothing is sent that fails validation: the invoice the portal writes for the provider is checked before intake takes it.
            var report = DocumentValidator.Validate(bytes);
            if (!report.Valid)
            {
                Log.Error("Portal invoice {Number} by {User} not created: {Problem}", number, viewer.UserName,
                    OutboundValidation.Describe(report, $"portal invoice {number}"));
                return new(false, null, null, null, "ogiltig-faktura");
            }
            var intake = new IntakeService(ds, buyer, new Responder(buyer, clock, () => today), options.OutboxDirectory);
            var result = intake.Take(Channel.Portal, $"portal:{viewer.UserName}", bytes);
            Log.Information("Portal invoice {Number} by {User} for {Order} line {Line}: {Outcome}", number, viewer.UserName, line.OrderNumber, line.LineNo, result.OutcomeName);
            return new(true, number, result.ArchiveId, result.OutcomeName, null);
        }
    }
}
