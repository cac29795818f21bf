using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Html;
using Settlement.Worker.Portal.Users;

namespace Settlement.Worker.Portal.Pages;

/// <summary>GET/POST /logga-in and POST /logga-ut.</summary>
internal static class LoginPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(PortalModule.LoginPath, (HttpContext ctx, string? returnUrl) => Form(ctx, returnUrl, null, null)).AllowAnonymous();
        app.MapPost(PortalModule.LoginPath, (Delegate)Login).AllowAnonymous().RequireAntiforgery().RequireRateLimiting(PortalModule.LoginRateLimit);
        app.MapPost("/logga-ut", async (HttpContext ctx) =>
        {
            // Every session of the user ends, not only this browser's cookie (a copy would still work).
            await UserStore.EndSessionsAsync(ctx.RequestServices.GetRequiredService<NpgsqlDataSource>(), ctx.Viewer().UserId, ctx.RequestAborted);
            await ctx.SignOutAsync(PortalModule.Scheme);
            return Results.Redirect(PortalModule.LoginPath);
        }).RequireAuthorization().RequireAntiforgery();
    }

    private static async Task<IResult> Login(HttpContext ctx)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var userName = form["anvandarnamn"].ToString().Trim();
        var password = form["losenord"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        if (userName.Length == 0 || password.Length == 0)
            return Form(ctx, returnUrl, userName, "Fyll i användarnamn och lösenord.", 400);

        var ds = ctx.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var (result, user) = await UserStore.SignInAsync(ds, userName, password, ctx.RequestAborted);
        switch (result)
        {
            case SignInResult.LockedOut:
                Log.Warning("Portal log-in refused: {User} is locked out", userName);
                return Form(ctx, returnUrl, userName,
                    $"Kontot är tillfälligt låst efter {UserStore.MaxFailedAttempts} misslyckade inloggningar. Försök igen om {UserStore.LockoutMinutes} minuter eller kontakta ekonomifunktionen.", 423);
            case SignInResult.Failed:
                Log.Information("Portal log-in failed for {User}", userName);
                return Form(ctx, returnUrl, userName, "Fel användarnamn eller lösenord.", 401);
        }
        await ctx.SignInAsync(PortalModule.Scheme, Viewer.Principal(user!, PortalModule.Scheme, DateTimeOffset.UtcNow));
        Log.Information("Portal log-in: {User} ({Role})", user!.UserName, user.Role);
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/");
    }

    /// <summary>
    /// Only a path on this site ("/x", not "//host" or "/\host") is followed after log-in. No control
    /// characters either: browsers drop tabs and line breaks from a URL, so "/\t/host" would become "//host".
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    private static IResult Form(HttpContext ctx, string? returnUrl, string? userName, string? error, int status = 200)
    {
        var body = H.Html($"""
            <div class="login card">
              {(error is null ? Markup.Empty : H.Html($"""<p class="error" role="alert">{error}</p>"""))}
              <form method="post" action="{PortalModule.LoginPath}">
                {Layout.AntiforgeryField(ctx)}
                <input type="hidden" name="returnUrl" value="{(IsLocal(returnUrl) ? returnUrl : "")}">
                <label>Användarnamn <input name="anvandarnamn" autocomplete="username" required value="{userName}" autofocus></label>
                <label>Lösenord <input name="losenord" type="password" autocomplete="current-password" required></label>
                <button type="submit" class="primary">Logga in</button>
              </form>
            </div>
            """);
        return Layout.Page(ctx, "Logga in", body, status);
    }
}
