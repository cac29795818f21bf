using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Data;
using Settlement.Worker.Portal.Html;
using Settlement.Worker.Portal.Invoicing;

namespace Settlement.Worker.Portal.Pages;

/// <summary>
/// "Mina beställningar" for providers (only their own organisation number's orders), the same
/// list for staff with a provider filter, one order with its lines, deliveries and derivation,
/// and the order document as sent. An order outside the viewer's scope is a 404.
/// </summary>
internal static class OrderPages
{
    public const int ListLimit = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/bestallningar", List);
        app.MapGet("/bestallningar/{number}", Detail);
        app.MapGet("/dokument/{id:long}", Document);
        app.MapGet("/dokument/inkommande/{id:long}", InboundDocument);
        app.MapPost("/bestallningar/{number}/rader/{line:int}/faktura", (Delegate)CreateInvoice)
            .RequireAuthorization(PortalModule.ProviderPolicy).RequireAntiforgery();
    }

    /// <summary>"Skapa faktura": builds the invoice of a delivered line and sends it through the intake; back to the order with the verdict.</summary>
    private static async Task<IResult> CreateInvoice(HttpContext ctx, PortalInvoicing invoicing, string number, int line)
    {
        var viewer = ctx.Viewer();
        var result = await Task.Run(() => invoicing.Create(viewer, number, line), ctx.RequestAborted);
        if (!result.Sent && result.Problem is null) return Layout.NotFound(ctx);
        var target = OrderHref(number) + (result.Sent ? $"?faktura={result.DocumentId}" : $"?fel={Uri.EscapeDataString(result.Problem!)}");
        return Results.Redirect(target);
    }

    public static string OutcomeText(string? outcome) => outcome switch
    {
        "approved" => "godkänd",
        "disputed" => "bestriden",
        "rejected" => "avvisad",
        "duplicate" => "redan mottagen",
        "credited" => "krediterad",
        _ => outcome ?? "",
    };

    public static string KindText(string kind) => kind switch
    {
        "base" => "Grundersättning",
        "speed" => "Snabbhetspremie",
        "result" => "Resultatersättning",
        "supplement" => "Tilläggsersättning",
        _ => kind,
    };

    public static string OrderHref(string number) => "/bestallningar/" + H.Seg(number);

    private static async Task<IResult> List(HttpContext ctx, PortalQueries q, string? leverantor, string? placering)
    {
        var viewer = ctx.Viewer();
        var provider = viewer.IsProvider ? null : Blank(leverantor);
        var orders = await q.OrdersAsync(viewer.OrgScope, provider, Blank(placering), ListLimit, ctx.RequestAborted);
        Markup filter = Markup.Empty;
        if (viewer.IsStaff)
        {
            var providers = await q.ProvidersAsync(ctx.RequestAborted);
            filter = H.Html($"""
                <form class="filter" method="get" action="/bestallningar">
                  <label>Leverantör <select name="leverantor"><option value="">Alla</option>{providers.Select(p =>
                      H.Html($"""<option value="{p.Org}"{(p.Org == provider ? H.Raw(" selected") : Markup.Empty)}>{p.Name} ({p.Org})</option>"""))}</select></label>
                  <label>Placering <input name="placering" value="{placering}" placeholder="GR-…"></label>
                  <button type="submit" class="secondary">Visa</button>
                </form>
                """);
        }
        var rows = orders.Select(o => H.Html($"""
            <tr>
              <td><a href="{OrderHref(o.Number)}">{o.Number}</a></td>
              <td>{KindText(o.Kind)}</td>
              <td>{(viewer.IsStaff ? H.Html($"""<a href="/placering/{H.Seg(o.PlacementId)}">{o.PlacementId}</a>""") : H.Html($"{o.PlacementId}"))}</td>
              {H.When(viewer.IsStaff, H.Html($"<td>{o.ProviderName}</td>"))}
              <td>{Fmt.Date(o.IssueDate)}</td>
              <td class="num">{o.Lines}</td>
              <td class="num">{o.Delivered}</td>
              <td class="num">{o.NotDelivered}</td>
              {Layout.AmountCell(o.Total)}
            </tr>
            """));
        string[] headers = viewer.IsStaff
            ? ["Order", "Slag", "Placering", "Leverantör", "Utfärdad", "Rader", "Levererade", "Ej levererade", "Belopp (kr)"]
            : ["Order", "Slag", "Placering", "Utfärdad", "Rader", "Levererade", "Ej levererade", "Belopp (kr)"];
        var title = viewer.IsProvider ? "Mina beställningar" : "Beställningar";
        var intro = viewer.IsProvider
            ? H.Html($"""<p class="muted">Inköpsordrar till organisationsnummer {viewer.OrgNumber}, senaste först. Varje orderrad faktureras med en egen faktura när den är levererad.</p>""")
            : Markup.Empty;
        var more = orders.Count >= ListLimit ? H.Html($"""<p class="muted">Visar de {ListLimit} senaste; filtrera för att se fler.</p>""") : Markup.Empty;
        return Layout.Page(ctx, title, H.Html($"{intro}{filter}{Layout.Table(headers, rows, empty: "Inga beställningar.")}{more}"), active: "/bestallningar");
    }

    private static async Task<IResult> Detail(HttpContext ctx, PortalQueries q, string number, long? faktura, string? fel)
    {
        var viewer = ctx.Viewer();
        var order = await q.OrderAsync(number, viewer.OrgScope, ctx.RequestAborted);
        if (order is null) return Layout.NotFound(ctx);
        var invoices = await q.OrderInvoicesAsync(number, viewer.OrgScope, ctx.RequestAborted);
        var responses = await q.ResponsesAsync(invoices.SelectMany(i => new[] { i.DocumentId, i.CreditDocumentId ?? 0 }).Where(x => x > 0).ToList(), ctx.RequestAborted);
        Markup flash = Markup.Empty;
        if (faktura is { } docId && await q.InboundAsync(docId, viewer.OrgScope, ctx.RequestAborted) is { } sent && sent.OrderNumber == number)
            flash = H.Html($"""
                <div class="{(sent.Outcome == "approved" ? "note" : "error")}" role="status" id="fakturaresultat">
                  <p><strong>Faktura {sent.DocumentNumber} skickad: {OutcomeText(sent.Outcome)}.</strong></p>
                  {H.Join(sent.Reasons.Select(r => H.Html($"<p>{r.Text}</p>")))}
                </div>
                """);
        else if (fel is not null && PortalInvoicing.Problems.TryGetValue(fel, out var problem))
            flash = H.Html($"""<p class="error" role="alert">{problem}</p>""");
        Func<LineView, Markup>? action = viewer.IsProvider
            ? l => l.CanInvoice
                ? H.Html($"""
                    <form method="post" action="{OrderHref(order.Number)}/rader/{l.LineNo}/faktura">
                      {Layout.AntiforgeryField(ctx)}
                      <button type="submit" class="primary" title="Fakturera {Fmt.Quantity(l.DeliveredQuantity ?? 0)} {l.UnitCode} à {Fmt.Amount(l.Price)} kr">Skapa faktura</button>
                    </form>
                    """)
                : Markup.Empty
            : null;
        var body = H.Html($"""
            {flash}
            <div class="card">
            <dl class="facts">
              <dt>Slag</dt><dd>{KindText(order.Kind)}{(order.PeriodNumber is { } p ? $", period {p}" : "")}{(order.Stage is { } s ? $", steg {s}" : "")}{(order.SupplementId is { } sup ? $", {sup}" : "")}</dd>
              <dt>Placering (genomförandereferens)</dt><dd>{(viewer.IsStaff ? H.Html($"""<a href="/placering/{H.Seg(order.PlacementId)}">{order.PlacementId}</a>""") : H.Html($"{order.PlacementId}"))}</dd>
              <dt>Leverantör</dt><dd>{order.ProviderName} ({order.ProviderOrg})</dd>
              <dt>Utfärdad</dt><dd>{Fmt.Date(order.IssueDate)}</dd>
              <dt>Belopp</dt><dd data-value="{Fmt.Invariant(order.Total)}">{Fmt.Amount(order.Total)} {order.Currency} exkl. moms (moms {order.VatCategory} {Fmt.Quantity(order.VatPercent)} %)</dd>
              <dt>Orderdokument</dt><dd>{(order.OutboxId is { } id
                  ? H.Html($"""<a href="/dokument/{id}">Visa</a> · <a href="/dokument/{id}?ladda-ned=1">Ladda ned {order.FileName}</a>""")
                  : H.Raw("<span class=\"muted\">inte skrivet ännu</span>"))}</dd>
            </dl>
            </div>
            <h2>Orderrader</h2>
            {LinesTable(order.LineViews, action)}
            <h2>Fakturor</h2>
            {InvoicesTable(invoices, responses)}
            <h2>Härledning av beloppet</h2>
            {Derivation.Render(order.Derivation)}
            """);
        return Layout.Page(ctx, $"Order {order.Number}", body, active: "/bestallningar");
    }

    /// <summary>The lines of one order with their delivery and status; derivations fold out.</summary>
    public static Markup LinesTable(IEnumerable<LineView> lines, Func<LineView, Markup>? action = null) => Layout.Table(
        action is null
            ? ["Rad", "Artikel", "Månad / period", "Beställt antal", "À-pris", "Beställt (kr)", "Levererat antal", "Levererat (kr)", "Status"]
            : ["Rad", "Artikel", "Månad / period", "Beställt antal", "À-pris", "Beställt (kr)", "Levererat antal", "Levererat (kr)", "Status", ""],
        lines.Select(l => H.Html($"""
            <tr id="rad-{l.OrderNumber}-{l.LineNo}">
              <td>{l.LineNo}</td>
              <td>{l.Article}</td>
              <td>{(l.Month is null ? "" : Fmt.Month(l.Month))}{(l.PeriodFrom is { } f && l.PeriodTo is { } t ? H.Html($"""<br><span class="muted">{Fmt.Date(f)} – {Fmt.Date(t)}</span>""") : Markup.Empty)}</td>
              <td class="num">{Fmt.Quantity(l.Quantity)} {l.UnitCode}</td>
              {Layout.AmountCell(l.Price)}
              {Layout.AmountCell(l.Amount)}
              <td class="num">{(l.DeliveredQuantity is { } dq ? Fmt.Quantity(dq) : "–")}</td>
              {Layout.AmountCell(l.DeliveredAmount)}
              <td>{Layout.StatusBadge(l.Status.Code, l.Status.Text)}{(l.DeliveredOn is { } on ? H.Html($"""<br><span class="muted">{Fmt.Date(on)}</span>""") : Markup.Empty)}
                  {(l.InvoiceNumber is { } inv ? H.Html($"""<br><span class="muted">faktura {inv}</span>""") : Markup.Empty)}
                  {(l.DeliveryDerivation is { Length: > 0 } dd ? H.Html($"""<details><summary>Härledning</summary>{Derivation.Render(dd)}</details>""") : Markup.Empty)}</td>
              {(action is null ? Markup.Empty : H.Html($"<td>{action(l)}</td>"))}
            </tr>
            """)), empty: "Inga rader.");

    /// <summary>Invoices with their state, the reasons of the matching, the credit, the payment and every answer sent.</summary>
    public static Markup InvoicesTable(IReadOnlyList<InvoiceView> invoices, IReadOnlyList<ResponseView> responses) => Layout.Table(
        ["Faktura", "Rad", "Datum", "Antal", "À-pris", "Belopp (kr)", "Status", "Svar", "Dokument"],
        invoices.Select(i => H.Html($"""
            <tr class="invoice" data-status="{i.State.Code}" id="faktura-{i.Id}">
              <td>{i.InvoiceNumber}<br><span class="muted">{ChannelText(i.Channel)}</span></td>
              <td><a href="{OrderHref(i.OrderNumber)}#rad-{i.OrderNumber}-{i.LineNo}">{i.OrderNumber}:{i.LineNo}</a></td>
              <td>{Fmt.Date(i.IssueDate)}<br><span class="muted">förfaller {Fmt.Date(i.DueDate)}</span></td>
              <td class="num">{Fmt.Quantity(i.Quantity)}{(i.ExpectedQuantity is { } e && e != i.Quantity ? H.Html($"""<br><span class="muted">levererat {Fmt.Quantity(e)}</span>""") : Markup.Empty)}</td>
              {Layout.AmountCell(i.Price)}
              {Layout.AmountCell(i.Amount)}
              <td>{Layout.StatusBadge(i.State.Code, i.State.Text)}
                  {(i.CreditNoteNumber is { } cn ? H.Html($"""<br><span class="muted">kreditnota {cn} {Fmt.Date(i.CreditedOn)}</span>""") : Markup.Empty)}
                  {(i.PaidOn is { } paid ? H.Html($"""<br><span class="muted">betald {Fmt.Date(paid)}</span>""") : Markup.Empty)}
                  {H.Join(i.Reasons.Select(r => H.Html($"""<br><span class="reason">{r.Code}: {r.Text}</span>""")))}</td>
              <td>{H.Join(responses.Where(r => r.DocumentId == i.DocumentId || r.DocumentId == i.CreditDocumentId).Select(r => H.Html($"""
                  <div class="response">{(r.OutboxId is { } ox ? H.Html($"""<a href="/dokument/{ox}">{r.CodeText}</a>""") : H.Html($"{r.CodeText}"))}{(r.Text is { Length: > 0 } t ? H.Html($"""<br><span class="muted">{t}</span>""") : Markup.Empty)}</div>
                  """)))}</td>
              <td><a href="/dokument/inkommande/{i.DocumentId}">faktura</a>{(i.CreditDocumentId is { } cd ? H.Html($""" · <a href="/dokument/inkommande/{cd}">kreditnota</a>""") : Markup.Empty)}</td>
            </tr>
            """)), empty: "Inga fakturor.");

    public static string ChannelText(string channel) => channel switch
    {
        "portal" => "via portalen",
        "http" => "via HTTP",
        "inbox" => "via inkorgen",
        "file" => "via fil",
        _ => channel,
    };

    private static async Task<IResult> InboundDocument(HttpContext ctx, PortalQueries q, long id, HttpRequest request)
    {
        var doc = await q.InboundDocumentAsync(id, ctx.Viewer().OrgScope, ctx.RequestAborted);
        if (doc is null) return Layout.NotFound(ctx);
        if (request.Query.ContainsKey("ladda-ned"))
            return Results.File(doc.Content, "application/octet-stream", $"inkommande-{doc.Id}.xml");
        return Results.File(doc.Content, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> Document(HttpContext ctx, PortalQueries q, long id, HttpRequest request)
    {
        var viewer = ctx.Viewer();
        var doc = await q.OutboxDocumentAsync(id, viewer.OrgScope, ctx.RequestAborted)
                  ?? await q.ResponseDocumentAsync(id, viewer.OrgScope, ctx.RequestAborted);
        if (doc is null) return Layout.NotFound(ctx);
        if (request.Query.ContainsKey("ladda-ned"))
            return Results.File(doc.Document, "application/xml", doc.FileName);
        // Shown as text, never rendered as XML by the browser (no stylesheet or entity is ever interpreted).
        return Results.File(doc.Document, "text/plain; charset=utf-8");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
