using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Data;
using Settlement.Worker.Portal.Html;
using Settlement.Worker.Portal.Pages;

namespace Settlement.Worker.Portal.Api;

/// <summary>
/// The JSON side of the portal under /api: the same data and the same scoping as the pages
/// (a provider's request for another provider's order is 404, as for one that does not exist),
/// 401 without a log-in, 403 for a role without access. Amounts are strings with two decimals,
/// as in <c>settle reconcile --json</c>.
/// </summary>
internal static class PortalApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext ctx) =>
        {
            var v = ctx.Viewer();
            return Results.Json(new { name = v.UserName, role = v.Role, org = v.OrgNumber });
        });
        api.MapGet("/orders", async (HttpContext ctx, PortalQueries q, string? provider, string? placement) =>
        {
            var v = ctx.Viewer();
            var orders = await q.OrdersAsync(v.OrgScope, v.IsProvider ? null : provider, placement, OrderPages.ListLimit, ctx.RequestAborted);
            return Results.Json(orders.Select(o => new
            {
                number = o.Number, kind = o.Kind, placement = o.PlacementId, provider = o.ProviderOrg, issueDate = Fmt.Date(o.IssueDate),
                total = Fmt.Invariant(o.Total), lines = o.Lines, delivered = o.Delivered, notDelivered = o.NotDelivered,
            }));
        });
        api.MapGet("/orders/{number}", async (HttpContext ctx, PortalQueries q, string number) =>
        {
            var order = await q.OrderAsync(number, ctx.Viewer().OrgScope, ctx.RequestAborted);
            return order is null ? NotFound() : Results.Json(OrderJson(order));
        });

        api.MapGet("/invoices", async (HttpContext ctx, PortalQueries q, string? provider) =>
        {
            var v = ctx.Viewer();
            var invoices = await q.InvoicesAsync(v.OrgScope, v.IsProvider ? null : provider, InvoicePages.ListLimit, ctx.RequestAborted);
            var responses = await q.ResponsesAsync(invoices.SelectMany(i => new[] { i.DocumentId, i.CreditDocumentId ?? 0 }).Where(x => x > 0).ToList(), ctx.RequestAborted);
            return Results.Json(invoices.Select(i => new
            {
                id = i.Id, invoiceNumber = i.InvoiceNumber, seller = i.SellerOrg, order = i.OrderNumber, line = i.LineNo, placement = i.PlacementId,
                issueDate = Fmt.Date(i.IssueDate), dueDate = Fmt.Date(i.DueDate), quantity = Fmt.Invariant(i.Quantity), price = Fmt.Invariant(i.Price),
                amount = Fmt.Invariant(i.Amount), status = i.State.Code, creditNote = i.CreditNoteNumber, paidOn = i.PaidOn is { } p ? Fmt.Date(p) : null,
                reasons = i.Reasons.Select(r => new { code = r.Code, text = r.Text }),
                responses = responses.Where(r => r.DocumentId == i.DocumentId || r.DocumentId == i.CreditDocumentId).Select(r => new { id = r.ResponseId, code = r.Code, text = r.Text }),
            }));
        });

        var staff = api.MapGroup("").RequireAuthorization(PortalModule.StaffPolicy);
        staff.MapGet("/reconcile", async (HttpContext ctx, IReconciliationSource source, string? provider, string? month) =>
        {
            var rows = await source.RowsAsync(new ReconciliationFilter(provider, StaffPages.Month(month)), ctx.RequestAborted);
            return Results.Json(rows.Select(r => new
            {
                provider = r.Provider, month = r.Month, ordered = Fmt.Invariant(r.Ordered), delivered = Fmt.Invariant(r.Delivered),
                invoiced = Opt(r.Invoiced), approved = Opt(r.Approved), disputed = Opt(r.Disputed), credited = Opt(r.Credited),
                paid = Opt(r.Paid), outstanding = Opt(r.Outstanding),
            }));
        });
        staff.MapGet("/exceptions", async (HttpContext ctx, PortalQueries q, IClock clock, PortalOptions options, string? date) =>
        {
            var today = date is not null && Dates.TryParse(date, out var d) ? d : options.Today(clock);
            var refused = await q.RefusedEventsAsync(null, StaffPages.ExceptionLimit, ctx.RequestAborted);
            var missing = await q.MissingDeliveriesAsync(today, StaffPages.ExceptionLimit, ctx.RequestAborted);
            var disputed = await q.DisputedInvoicesAsync(StaffPages.ExceptionLimit, ctx.RequestAborted);
            var rejected = await q.RejectedDocumentsAsync(StaffPages.ExceptionLimit, ctx.RequestAborted);
            return Results.Json(new
            {
                disputedInvoices = disputed.Select(i => new
                {
                    id = i.Id, invoiceNumber = i.InvoiceNumber, seller = i.SellerOrg, placement = i.PlacementId, order = i.OrderNumber, line = i.LineNo,
                    quantity = Fmt.Invariant(i.Quantity), price = Fmt.Invariant(i.Price), amount = Fmt.Invariant(i.Amount),
                    expectedQuantity = i.ExpectedQuantity is { } e ? Fmt.Invariant(e) : null,
                    reasons = i.Reasons.Select(r => new { code = r.Code, text = r.Text }),
                }),
                rejectedDocuments = rejected.Select(d => new
                {
                    id = d.DocumentId, source = d.Source, documentType = d.DocumentType, documentId = d.DocumentNumber, seller = d.SellerOrg,
                    order = d.OrderNumber, line = d.OrderLine, reasons = d.Reasons.Select(r => new { code = r.Code, text = r.Text }),
                }),
                refusedEvents = refused.Select(e => new
                {
                    seq = e.Seq, code = e.Code, type = e.Type, placement = e.PlacementId, provider = e.ProviderOrg,
                    registeredOn = e.RegisteredOn is { } r ? Fmt.Date(r) : null, message = e.Message,
                    source = e.SourceFile, line = e.SourceLine, action = StaffPages.RefusalAction(e.Code),
                }),
                missingDeliveries = missing.Select(m => new
                {
                    order = m.OrderNumber, line = m.LineNo, placement = m.PlacementId, provider = m.ProviderOrg, month = m.Month, amount = Fmt.Invariant(m.Amount),
                }),
            });
        });
        staff.MapGet("/replay", RevisionPages.Api);
        staff.MapGet("/placements/{id}", async (HttpContext ctx, PortalQueries q, string id) =>
        {
            var p = await q.PlacementAsync(id, null, ctx.RequestAborted);
            if (p is null) return NotFound();
            var events = await q.PlacementEventsAsync(id, ctx.RequestAborted);
            var orders = await q.PlacementOrdersAsync(id, ctx.RequestAborted);
            return Results.Json(new
            {
                placement = p.Id, provider = p.ProviderOrg, level = p.Level, start = Fmt.Date(p.StartDate),
                events = events.Select(e => new { seq = e.Seq, type = e.Type, status = e.Status, code = e.Code, message = e.Message, @event = e.Canonical }),
                orders = orders.Select(OrderJson),
            });
        });
    }

    private static IResult NotFound() => Results.Json(new { error = "not found" }, statusCode: StatusCodes.Status404NotFound);

    private static string? Opt(decimal? v) => v is { } x ? Fmt.Invariant(x) : null;

    private static object OrderJson(OrderDetail o) => new
    {
        number = o.Number, kind = o.Kind, placement = o.PlacementId, provider = o.ProviderOrg, issueDate = Fmt.Date(o.IssueDate),
        total = Fmt.Invariant(o.Total), currency = o.Currency, vatCategory = o.VatCategory, vatPercent = Fmt.Invariant(o.VatPercent),
        derivation = Derivation.Explanation(o.Derivation), document = o.OutboxId is { } id ? $"/dokument/{id}" : null,
        lines = o.LineViews.Select(l => new
        {
            line = l.LineNo, article = l.Article, month = l.Month, quantity = Fmt.Invariant(l.Quantity), unitCode = l.UnitCode,
            price = Fmt.Invariant(l.Price), amount = Fmt.Invariant(l.Amount), status = l.Status.Code,
            deliveredQuantity = l.DeliveredQuantity is { } dq ? Fmt.Invariant(dq) : null,
            deliveredAmount = l.DeliveredAmount is { } da ? Fmt.Invariant(da) : null,
            deliveryDerivation = l.DeliveryDerivation,
        }),
    };
}
