using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Users;

namespace Settlement.Worker.Portal.Html;

/// <summary>The frame of every page: head, header with the viewer's navigation and log-out, main.</summary>
internal static class Layout
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The hidden anti-forgery field every POST form carries.</summary>
    public static Markup AntiforgeryField(HttpContext ctx)
    {
        var tokens = ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);
        return H.Html($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    public static IResult Page(HttpContext ctx, string title, Markup body, int status = 200, string? active = null)
    {
        var viewer = Viewer.From(ctx.User);
        var html = H.Html($"""
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} – Leverantörsportalen</title>
            <link rel="stylesheet" href="/portal.css">
            </head>
            <body>
            <header class="top">
              <a class="brand" href="/">Leverantörsportalen</a>
              {(viewer is null ? Markup.Empty : Nav(viewer, active))}
              {(viewer is null ? Markup.Empty : UserBox(ctx, viewer))}
            </header>
            <main>
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
        return Results.Content(html.Value, ContentType, System.Text.Encoding.UTF8, status);
    }

    private static Markup Nav(Viewer viewer, string? active)
    {
        (string Href, string Text)[] links = viewer.IsProvider
            ? [("/bestallningar", "Mina beställningar"), ("/fakturor", "Mina fakturor")]
            : [("/oversikt", "Översikt"), ("/undantag", "Undantag"), ("/placering", "Placering"), ("/bestallningar", "Beställningar"), ("/fakturor", "Fakturor"), ("/revision", "Revision")];
        return H.Html($"""<nav>{links.Select(l => H.Html($"""<a href="{l.Href}"{(l.Href == active ? H.Raw(" aria-current=\"page\"") : Markup.Empty)}>{l.Text}</a>"""))}</nav>""");
    }

    private static Markup UserBox(HttpContext ctx, Viewer viewer) => H.Html($"""
        <form class="user" method="post" action="/logga-ut">
          <span>{viewer.UserName} · {PortalRoles.Display(viewer.Role)}{(viewer.OrgNumber is null ? "" : " " + viewer.OrgNumber)}</span>
          {AntiforgeryField(ctx)}
          <button type="submit" class="link">Logga ut</button>
        </form>
        """);

    public static IResult NotFound(HttpContext ctx) =>
        Page(ctx, "Sidan finns inte", H.Html($"""<p>Det finns ingen sådan sida här. <a href="/">Till startsidan</a></p>"""), StatusCodes.Status404NotFound);

    public static Markup Table(IEnumerable<string> headers, IEnumerable<Markup> rows, string? cssClass = null, string? empty = "Inget att visa.")
    {
        var list = rows.ToList();
        if (list.Count == 0 && empty is not null) return H.Html($"""<p class="empty">{empty}</p>""");
        return H.Html($"""
            <table class="{cssClass ?? "grid"}">
            <thead><tr>{headers.Select(h => H.Html($"<th scope=\"col\">{h}</th>"))}</tr></thead>
            <tbody>
            {list}
            </tbody>
            </table>
            """);
    }

    /// <summary>An amount cell: Swedish display, the machine value in data-value (for tests and copy-paste).</summary>
    public static Markup AmountCell(decimal? value) => value is { } v
        ? H.Html($"""<td class="num" data-value="{Fmt.Invariant(v)}">{Fmt.Amount(v)}</td>""")
        : H.Raw("""<td class="num na" title="Inte tillgängligt ännu">–</td>""");

    public static Markup StatusBadge(string code, string text) => H.Html($"""<span class="badge badge-{code}">{text}</span>""");
}
