using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Worker.Portal.Data;
using Settlement.Worker.Portal.Html;

namespace Settlement.Worker.Portal.Pages;

/// <summary>
/// Finance staff and auditors: Översikt (the reconciliation per provider and month), Undantag
/// (the exceptions queue) and Placering (the trail of one placement, with its derivation and the
/// replay's verdict on its figures). Read-only pages; the auditor sees the same as finance staff.
/// </summary>
internal static class StaffPages
{
    public const int ExceptionLimit = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/oversikt", Overview);
        app.MapGet("/undantag", Exceptions);
        app.MapGet("/placering", PlacementSearch);
        app.MapGet("/placering/{id}", Placement);
    }

    public static string? Month(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Dates.TryParseMonth(text.Trim(), out _) ? text.Trim() : null;

    private static async Task<IResult> Overview(HttpContext ctx, PortalQueries q, IReconciliationSource source, string? leverantor, string? manad)
    {
        var provider = string.IsNullOrWhiteSpace(leverantor) ? null : leverantor.Trim();
        var month = Month(manad);
        var rows = await source.RowsAsync(new ReconciliationFilter(provider, month), ctx.RequestAborted);
        var providers = await q.ProvidersAsync(ctx.RequestAborted);

        var filter = H.Html($"""
            <form class="filter" method="get" action="/oversikt">
              <label>Leverantör <select name="leverantor"><option value="">Alla</option>{providers.Select(p =>
                  H.Html($"""<option value="{p.Org}"{(p.Org == provider ? H.Raw(" selected") : Markup.Empty)}>{p.Name} ({p.Org})</option>"""))}</select></label>
              <label>Månad <input name="manad" type="month" value="{month}" placeholder="ÅÅÅÅ-MM"></label>
              <button type="submit" class="secondary">Filtrera</button>
              <a href="/oversikt">Rensa</a>
            </form>
            """);
        var body = rows.Select(r => H.Html($"""
                <tr data-provider="{r.Provider}" data-month="{r.Month}">
                  <td><a href="/bestallningar?leverantor={H.Seg(r.Provider)}">{r.ProviderName}</a><br><span class="muted">{r.Provider}</span></td>
                  <td>{Fmt.Month(r.Month)}</td>
                  {Layout.AmountCell(r.Ordered)}{Layout.AmountCell(r.Delivered)}{Layout.AmountCell(r.Invoiced)}{Layout.AmountCell(r.Approved)}
                  {Layout.AmountCell(r.Disputed)}{Layout.AmountCell(r.Credited)}{Layout.AmountCell(r.Paid)}{Layout.AmountCell(r.Outstanding)}
                </tr>
                """)).ToList();
        static decimal? Sum(IEnumerable<decimal?> values) { var list = values.ToList(); return list.Any(v => v is null) ? null : list.Sum(); }
        var table = rows.Count == 0 ? H.Raw("<p class=\"empty\">Inga beställningar i urvalet.</p>") : H.Html($"""
            <table class="grid overview">
            <thead><tr>{new[] { "Leverantör", "Månad", "Beställt", "Levererat", "Fakturerat", "Godkänt", "Bestritt", "Krediterat", "Betalt", "Utestående" }.Select(h => H.Html($"<th scope=\"col\">{h}</th>"))}</tr></thead>
            <tbody>{body}</tbody>
            <tfoot><tr class="total"><td colspan="2">Summa ({rows.Count} rader)</td>
              {Layout.AmountCell(rows.Sum(r => r.Ordered))}{Layout.AmountCell(rows.Sum(r => r.Delivered))}{Layout.AmountCell(Sum(rows.Select(r => r.Invoiced)))}
              {Layout.AmountCell(Sum(rows.Select(r => r.Approved)))}{Layout.AmountCell(Sum(rows.Select(r => r.Disputed)))}{Layout.AmountCell(Sum(rows.Select(r => r.Credited)))}
              {Layout.AmountCell(Sum(rows.Select(r => r.Paid)))}{Layout.AmountCell(Sum(rows.Select(r => r.Outstanding)))}</tr></tfoot>
            </table>
            """);
        return Layout.Page(ctx, "Översikt", H.Html($"""
            <p class="muted">Per leverantör och månad, i kronor exklusive moms: samma siffror som <code>settle reconcile</code>. En grundersättningsrad hör till sin leveransmånad, en resultatbaserad order till månaden den utfärdades.</p>
            {filter}{Chart.Months(rows)}{table}
            """), active: "/oversikt");
    }

    private static async Task<IResult> Exceptions(HttpContext ctx, PortalQueries q, IClock clock, PortalOptions options, string? kod, string? datum)
    {
        var today = datum is not null && Dates.TryParse(datum, out var d) ? d : options.Today(clock);
        var code = string.IsNullOrWhiteSpace(kod) ? null : kod.Trim();
        var refused = await q.RefusedEventsAsync(code, ExceptionLimit, ctx.RequestAborted);
        var codes = await q.RefusalCodesAsync(ctx.RequestAborted);
        var missing = await q.MissingDeliveriesAsync(today, ExceptionLimit, ctx.RequestAborted);
        var disputed = await q.DisputedInvoicesAsync(ExceptionLimit, ctx.RequestAborted);
        var rejected = await q.RejectedDocumentsAsync(ExceptionLimit, ctx.RequestAborted);
        var responses = await q.ResponsesAsync(disputed.Select(d => d.DocumentId).ToList(), ctx.RequestAborted);

        var disputedTable = Layout.Table(
            ["Faktura", "Leverantör", "Placering", "Order, rad", "Fakturerat", "Förväntat", "Skäl", "Åtgärd"],
            disputed.Select(i => H.Html($"""
                <tr class="disputed" data-invoice="{i.InvoiceNumber}">
                  <td><a href="/placering/{H.Seg(i.PlacementId)}#faktura-{i.Id}">{i.InvoiceNumber}</a><br><span class="muted">{Fmt.Date(i.IssueDate)}</span></td>
                  <td>{i.SellerName}<br><span class="muted">{i.SellerOrg}</span></td>
                  <td><a href="/placering/{H.Seg(i.PlacementId)}">{i.PlacementId}</a></td>
                  <td><a href="{OrderPages.OrderHref(i.OrderNumber)}#rad-{i.OrderNumber}-{i.LineNo}">{i.OrderNumber}, rad {i.LineNo}</a></td>
                  <td class="num" data-value="{Fmt.Invariant(i.Amount)}">{Fmt.Quantity(i.Quantity)} à {Fmt.Amount(i.Price)}<br>= {Fmt.Amount(i.Amount)} kr</td>
                  <td class="num">{(i.ExpectedQuantity is { } e && i.OrderedPrice is { } op ? H.Html($"{Fmt.Quantity(e)} à {Fmt.Amount(op)}<br>= {Fmt.Amount(Math.Round(e * op, 2, MidpointRounding.AwayFromZero))} kr") : H.Raw("ej levererat"))}</td>
                  <td>{H.Join(i.Reasons.Select(r => H.Html($"""<span class="reason">{r.Code}: {r.Text}</span><br>""")))}</td>
                  <td>{(responses.FirstOrDefault(r => r.DocumentId == i.DocumentId && r.Code == "UQ")?.Text is { Length: > 0 } t ? t : "Inväntar kreditnota på hela beloppet och en ny faktura från leverantören.")}</td>
                </tr>
                """)), empty: "Inga bestridda fakturor.");
        var rejectedTable = InboundTable(rejected, []);

        var codeFilter = H.Html($"""
            <form class="filter" method="get" action="/undantag">
              <label>Avvisningskod <select name="kod"><option value="">Alla ({codes.Sum(c => c.Count)})</option>{codes.Select(c =>
                  H.Html($"""<option value="{c.Code}"{(c.Code == code ? H.Raw(" selected") : Markup.Empty)}>{c.Code} ({c.Count})</option>"""))}</select></label>
              <button type="submit" class="secondary">Visa</button>
            </form>
            """);
        var refusedTable = Layout.Table(
            ["Nr", "Kod", "Händelse", "Placering", "Registrerad", "Orsak", "Källa", "Åtgärd"],
            refused.Select(e => H.Html($"""
                <tr class="refused" data-code="{e.Code}">
                  <td class="num">{e.Seq}</td>
                  <td>{Layout.StatusBadge("refused", e.Code ?? "")}</td>
                  <td>{EventText(e.Type)}</td>
                  <td>{(e.PlacementId is { } pid ? H.Html($"""<a href="/placering/{H.Seg(pid)}">{pid}</a>""") : H.Html($"{e.ProviderOrg}"))}</td>
                  <td>{Fmt.Date(e.RegisteredOn)}</td>
                  <td>{e.Message}</td>
                  <td class="muted">{Path.GetFileName(e.SourceFile)}:{e.SourceLine}</td>
                  <td>{RefusalAction(e.Code)}</td>
                </tr>
                """)), empty: "Inga avvisade händelser.");
        var missingTable = Layout.Table(
            ["Placering", "Leverantör", "Månad", "Order, rad", "Beställt (kr)", "Åtgärd"],
            missing.Select(m => H.Html($"""
                <tr class="missing">
                  <td><a href="/placering/{H.Seg(m.PlacementId)}">{m.PlacementId}</a></td>
                  <td>{m.ProviderName}<br><span class="muted">{m.ProviderOrg}</span></td>
                  <td>{Fmt.Month(m.Month)}</td>
                  <td><a href="{OrderPages.OrderHref(m.OrderNumber)}#rad-{m.OrderNumber}-{m.LineNo}">{m.OrderNumber}, rad {m.LineNo}</a></td>
                  {Layout.AmountCell(m.Amount)}
                  <td>Inväntar leverantörens periodiska redovisning för månaden; påminn leverantören.</td>
                </tr>
                """)), empty: "Inga saknade leveranser.");
        return Layout.Page(ctx, "Undantag", H.Html($"""
            <p class="muted">Det som behöver handläggas: bestridda fakturor, avvisade dokument, avvisade händelser och saknade leveranser.</p>
            <h2 id="bestridda-fakturor">Bestridda fakturor ({disputed.Count}{(disputed.Count >= ExceptionLimit ? "+" : "")})</h2>
            <p class="muted">Registrerade fakturor som inte stämmer med leveransen eller ordern och ännu inte är krediterade.</p>
            {disputedTable}
            <h2 id="avvisade-dokument">Avvisade dokument ({rejected.Count}{(rejected.Count >= ExceptionLimit ? "+" : "")})</h2>
            <p class="muted">Inkomna dokument som inte registrerades; leverantören har fått svaret RE med skälen.</p>
            {rejectedTable}
            <h2 id="avvisade-handelser">Avvisade händelser ({refused.Count}{(refused.Count >= ExceptionLimit ? "+" : "")})</h2>
            <p class="muted">Händelser som inte godtogs vid import. De finns kvar i händelseloggen men påverkar inga belopp.</p>
            {codeFilter}{refusedTable}
            <h2 id="saknade-leveranser">Saknade leveranser efter månadens slut ({missing.Count}{(missing.Count >= ExceptionLimit ? "+" : "")})</h2>
            <p class="muted">Grundersättningsrader vars månad har tagit slut före {Fmt.Date(today)} utan registrerad leverans.</p>
            {missingTable}
            """), active: "/undantag");
    }

    /// <summary>Inbound documents that registered nothing, with their reasons and links.</summary>
    public static Markup InboundTable(IReadOnlyList<InboundView> docs, IReadOnlyList<ResponseView> responses) => Layout.Table(
        ["Nr", "Mottaget", "Dokument", "Avsändare", "Order, rad", "Utfall", "Skäl", "Källa"],
        docs.Select(d => H.Html($"""
            <tr class="inbound {d.Outcome}" data-outcome="{d.Outcome}">
              <td class="num"><a href="/dokument/inkommande/{d.DocumentId}">{d.DocumentId}</a></td>
              <td>{Fmt.Time(d.ReceivedAt)}</td>
              <td>{d.DocumentType ?? "okänt"} {d.DocumentNumber}</td>
              <td>{d.SellerOrg ?? "–"}</td>
              <td>{(d.OrderNumber is { } on ? H.Html($"""{(d.PlacementId is { } pid ? H.Html($"""<a href="/placering/{H.Seg(pid)}">{on}</a>""") : H.Html($"{on}"))}{(d.OrderLine is { } ol ? $", rad {ol}" : "")}""") : H.Raw("–"))}</td>
              <td>{Layout.StatusBadge(d.Outcome, OrderPages.OutcomeText(d.Outcome))}</td>
              <td>{H.Join(d.Reasons.Select(r => H.Html($"""<span class="reason">{r.Code}: {r.Text}</span><br>""")))}</td>
              <td class="muted">{OrderPages.ChannelText(d.Channel)}<br>{Path.GetFileName(d.Source)}</td>
            </tr>
            """)), empty: "Inga avvisade dokument.");

    /// <summary>An event's own fields ("reason: ARBETE · date: 2024-05-20"), the ones every event has left out; the JSON as stored on hover.</summary>
    public static Markup EventFields(string canonical)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(canonical);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return H.Html($"<code>{canonical}</code>");
            var fields = doc.RootElement.EnumerateObject()
                .Where(p => p.Name is not ("type" or "placement" or "registeredOn"))
                .Select(p => $"{p.Name}: {(p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}");
            return H.Html($"""<span title="{canonical}">{string.Join(" · ", fields)}</span>""");
        }
        catch (System.Text.Json.JsonException) { return H.Html($"<code>{canonical}</code>"); }
    }

    public static string EventText(string? type) => type switch
    {
        "provider" => "Leverantör",
        "placement" => "Placering",
        "parallel" => "Parallell insats",
        "interruption" => "Avbrott",
        "periodicReport" => "Periodisk redovisning",
        "extension" => "Förlängning",
        "resultVerified" => "Verifierat resultat",
        "levelChange" => "Nivåändring",
        null => "(oläslig rad)",
        _ => type,
    };

    /// <summary>What finance staff should do about a refused event.</summary>
    public static string RefusalAction(string? code) => code switch
    {
        "SETTLE-INT-RETRO" => "Avbrott registreras aldrig retroaktivt: registrera avbrottet med ett datum från registreringsdagen och framåt.",
        "SETTLE-INT-DUP" => "Placeringen har redan ett avbrott; inget att göra om det är samma.",
        "SETTLE-EVENT-INVALID" => "Rätta raden i källfilen och importera den igen.",
        "SETTLE-EVENT-UNKNOWN-REF" => "Registrera leverantören eller placeringen först, importera sedan händelsen igen.",
        "SETTLE-REPORT-EARLY" => "Importera redovisningen igen när månaden har tagit slut.",
        "SETTLE-REPORT-DUP" or "SETTLE-EVENT-DUP" or "SETTLE-RES-DUP" => "Redan registrerad; ingen åtgärd.",
        "SETTLE-RES-EARLY" => "Verifiera resultatet igen när tiden efter övergången har gått.",
        "SETTLE-RES-ORDER" => "Verifiera det tidigare steget först.",
        "SETTLE-LVL-FIXED" => "Nivån gäller hela placeringen och kan inte ändras.",
        "SETTLE-RES-EXCLUDED" => "Avbrottsorsaken ger ingen resultatersättning; ingen order utfärdas.",
        "SETTLE-RES-NOTRANSITION" => "Registrera först avbrottet (övergången till arbete eller studier).",
        "SETTLE-RES-UNKNOWN" => "Taxan har inget sådant resultatsteg; kontrollera steget.",
        "SETTLE-INT-RANGE" => "Avbrottsdatumet ligger utanför placeringens perioder; kontrollera datumet.",
        "SETTLE-EXT-INTERRUPTED" => "En avbruten placering kan inte förlängas.",
        "SETTLE-EXT-MAX" => "Placeringen har redan två perioder.",
        "SETTLE-PAR-UNKNOWN" => "Okänd parallell insats för taxan; kontrollera programkoden.",
        "SETTLE-PAR-RANGE" => "Slutdatum före startdatum; rätta perioden och importera igen.",
        "SETTLE-EVENT-UNKNOWN" => "Okänd händelsetyp; rätta källfilen.",
        _ => "Kontrollera händelsen mot regelboken.",
    };

    private static async Task<IResult> PlacementSearch(HttpContext ctx, string? id)
    {
        if (!string.IsNullOrWhiteSpace(id)) return Results.Redirect("/placering/" + H.Seg(id.Trim()));
        return Layout.Page(ctx, "Placering", H.Html($"""
            <p class="muted">Hela spåret för en placering: händelser, ordrar, rader, leveranser och härledningen av varje belopp.</p>
            <form class="filter" method="get" action="/placering">
              <label>Genomförandereferens <input name="id" required placeholder="GR-2024-000101"></label>
              <button type="submit" class="primary">Visa spåret</button>
            </form>
            """), active: "/placering");
    }

    private static async Task<IResult> Placement(HttpContext ctx, PortalQueries q, Npgsql.NpgsqlDataSource ds, string id)
    {
        var placement = await q.PlacementAsync(id, null, ctx.RequestAborted);
        if (placement is null) return Layout.NotFound(ctx);
        var events = await q.PlacementEventsAsync(id, ctx.RequestAborted);
        var orders = await q.PlacementOrdersAsync(id, ctx.RequestAborted);
        var invoices = await q.PlacementInvoicesAsync(id, null, ctx.RequestAborted);
        var others = await q.PlacementOtherDocumentsAsync(id, ctx.RequestAborted);
        var responses = await q.ResponsesAsync(
            invoices.SelectMany(i => new[] { i.DocumentId, i.CreditDocumentId ?? 0 }).Concat(others.Select(o => o.DocumentId)).Where(x => x > 0).ToList(), ctx.RequestAborted);
        var (verdict, explanation) = await RevisionPages.PlacementAsync(ds, id, ctx.RequestAborted);

        var eventTable = Layout.Table(["Nr", "Händelse", "Registrerad", "Uppgifter", "Utfall"],
            events.Select(e => H.Html($"""
                <tr class="{e.Status}">
                  <td class="num">{e.Seq}</td>
                  <td>{EventText(e.Type)}</td>
                  <td>{Fmt.Date(e.RegisteredOn)}</td>
                  <td>{EventFields(e.Canonical)}</td>
                  <td>{(e.Status == "accepted" ? Layout.StatusBadge("delivered", "Godtagen") : H.Html($"""{Layout.StatusBadge("refused", e.Code ?? "avvisad")}<br>{e.Message}"""))}</td>
                </tr>
                """)), empty: "Inga händelser.");
        var orderSections = orders.Select(o => H.Html($"""
            <section class="card order" id="order-{o.Number}">
              <h3><a href="{OrderPages.OrderHref(o.Number)}">{o.Number}</a> · {OrderPages.KindText(o.Kind)}{(o.PeriodNumber is { } p ? $" period {p}" : "")}{(o.Stage is { } s ? $" steg {s}" : "")}
                  · utfärdad {Fmt.Date(o.IssueDate)} · <span data-value="{Fmt.Invariant(o.Total)}">{Fmt.Amount(o.Total)} kr</span>
                  {(o.OutboxId is { } doc ? H.Html($""" · <a href="/dokument/{doc}">dokument</a> (<a href="/dokument/{doc}?ladda-ned=1">ladda ned</a>)""") : Markup.Empty)}</h3>
              {OrderPages.LinesTable(o.LineViews)}
              {(invoices.Any(i => i.OrderNumber == o.Number) ? H.Html($"""<h4>Fakturor, krediteringar och svar</h4>{OrderPages.InvoicesTable(invoices.Where(i => i.OrderNumber == o.Number).ToList(), responses)}""") : Markup.Empty)}
              <details><summary>Härledning av orderbeloppet</summary>{Derivation.Render(o.Derivation)}</details>
            </section>
            """));
        return Layout.Page(ctx, $"Placering {placement.Id}", H.Html($"""
            <div class="card">
            <dl class="facts">
              <dt>Leverantör</dt><dd><a href="/bestallningar?leverantor={H.Seg(placement.ProviderOrg)}">{placement.ProviderName}</a> ({placement.ProviderOrg})</dd>
              <dt>Nivå</dt><dd>{placement.Level}</dd>
              <dt>Start</dt><dd>{Fmt.Date(placement.StartDate)}</dd>
              <dt>Registrerad</dt><dd>{Fmt.Date(placement.RegisteredOn)}</dd>
            </dl>
            </div>
            {verdict}
            <h2>Händelser</h2>
            {eventTable}
            <h2>Ordrar, rader och leveranser</h2>
            {(orders.Count == 0 ? H.Raw("<p class=\"empty\">Inga ordrar utfärdade ännu.</p>") : H.Join(orderSections))}
            {(others.Count == 0 ? Markup.Empty : H.Html($"""<h2>Dokument som inte registrerades</h2>{InboundTable(others, responses)}"""))}
            {explanation}
            """), active: "/placering");
    }
}
