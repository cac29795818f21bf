using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Data;
using Settlement.Worker.Portal.Html;

namespace Settlement.Worker.Portal.Pages;

/// <summary>
/// "Mina fakturor" for a provider (its own invoices and the answers it got), "Fakturor" for
/// staff (every registered invoice, filterable by provider), newest first.
/// </summary>
internal static class InvoicePages
{
    public const int ListLimit = 500;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/fakturor", List);

    private static async Task<IResult> List(HttpContext ctx, PortalQueries q, string? leverantor)
    {
        var viewer = ctx.Viewer();
        var provider = viewer.IsProvider || string.IsNullOrWhiteSpace(leverantor) ? null : leverantor.Trim();
        var invoices = await q.InvoicesAsync(viewer.OrgScope, provider, ListLimit, ctx.RequestAborted);
        var responses = await q.ResponsesAsync(invoices.SelectMany(i => new[] { i.DocumentId, i.CreditDocumentId ?? 0 }).Where(x => x > 0).ToList(), ctx.RequestAborted);
        Markup filter = Markup.Empty;
        if (viewer.IsStaff)
        {
            var providers = await q.ProvidersAsync(ctx.RequestAborted);
            filter = H.Html($"""
                <form class="filter" method="get" action="/fakturor">
                  <label>Leverantör <select name="leverantor"><option value="">Alla</option>{providers.Select(p =>
                      H.Html($"""<option value="{p.Org}"{(p.Org == provider ? H.Raw(" selected") : Markup.Empty)}>{p.Name} ({p.Org})</option>"""))}</select></label>
                  <button type="submit" class="secondary">Visa</button>
                </form>
                """);
        }
        var intro = viewer.IsProvider
            ? H.Html($"""<p class="muted">Fakturor från organisationsnummer {viewer.OrgNumber} som registrerats, med svaren. En bestriden faktura krediteras med en kreditnota på hela beloppet och ersätts med en ny.</p>""")
            : H.Html($"""<p class="muted">Registrerade fakturor (godkända och bestridda), senaste först. Avvisade dokument finns under <a href="/undantag#avvisade-dokument">Undantag</a>.</p>""");
        var more = invoices.Count >= ListLimit ? H.Html($"""<p class="muted">Visar de {ListLimit} senaste.</p>""") : Markup.Empty;
        return Layout.Page(ctx, viewer.IsProvider ? "Mina fakturor" : "Fakturor",
            H.Html($"{intro}{filter}{OrderPages.InvoicesTable(invoices, responses)}{more}"), active: "/fakturor");
    }
}
