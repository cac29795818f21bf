using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Settlement.Worker.Portal.Api;
using Settlement.Worker.Portal.Auth;
using Settlement.Worker.Portal.Data;
using Settlement.Peppol.Parties;
using Settlement.Worker.Portal.Html;
using Settlement.Worker.Portal.Invoicing;
using Settlement.Worker.Portal.Pages;
using Settlement.Worker.Portal.Users;

namespace Settlement.Worker.Portal;

/// <summary>How the portal's cookies are marked; see docs/decisions.md "## Portal".</summary>
internal sealed class PortalOptions
{
    /// <summary>
    /// True when the portal is served over HTTPS only: cookies are then always Secure. False
    /// (plain http, for 127.0.0.1 and tests) marks them Secure exactly when the request was HTTPS.
    /// </summary>
    public bool HttpsOnly { get; set; }

    /// <summary>Where the answers to invoices made in the portal are written (the outbox folder).</summary>
    public string OutboxDirectory { get; set; } = Path.GetFullPath(Path.Combine("out", "outbox"));

    /// <summary>The business date ("today") of invoices made in the portal and of the exceptions queue.</summary>
    public Func<IClock, LocalDate> Today { get; set; } = Html.PortalClock.Today;

    /// <summary>The idle time after which a log-in expires (sliding).</summary>
    public TimeSpan SessionIdle { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after the log-in however active it is, so a stolen cookie cannot be kept alive.</summary>
    public TimeSpan SessionMax { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Log-in attempts one client address may make per minute (then 429). The per-user lock-out
    /// stops guessing one user's password; this stops one client guessing across users, or
    /// locking every user out in turn.
    /// </summary>
    public int LoginAttemptsPerMinute { get; set; } = 20;

    /// <summary>
    /// The bearer token the access point sends with `POST /api/inbox` (Settlement:Inbox:Token or
    /// SETTLEMENT_INBOX_TOKEN). Without one configured, the endpoint refuses every request.
    /// </summary>
    public string? InboxToken { get; set; }

    /// <summary>
    /// How old the full replay shown on Revision (and /api/replay) may be before a page view makes a
    /// new one (<see cref="Replay.ReplayCache"/>); "Kör om" or <c>?ny=1</c> always make a new one.
    /// </summary>
    public Duration ReplayMaxAge { get; set; } = Duration.FromMinutes(15);

    /// <summary>The checkpoint key the Revision page's replay verifies the signed checkpoints with (<see cref="Configuration.Settings.AnchorKeyFile"/>; none: listed, not verified).</summary>
    public string? AnchorKeyFile { get; set; }

    /// <summary>Derives <see cref="HttpsOnly"/> from the URLs the host listens on: every one https.</summary>
    public static PortalOptions ForUrls(string? urls)
    {
        var list = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new PortalOptions { HttpsOnly = list.Length > 0 && list.All(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) };
    }

    /// <summary>The worker's configuration: outbox folder and business date (Settlement:Outbox, Settlement:Today).</summary>
    public static PortalOptions FromSettings(Configuration.Settings settings, string? urls, string? outbox = null)
    {
        var o = ForUrls(urls);
        o.OutboxDirectory = settings.OutboxDirectory(outbox);
        o.Today = settings.Today;
        o.AnchorKeyFile = settings.AnchorKeyFile;
        o.InboxToken = settings.Configuration["Settlement:Inbox:Token"] ?? Environment.GetEnvironmentVariable("SETTLEMENT_INBOX_TOKEN");
        return o;
    }
}

/// <summary>
/// The Leverantörsportal as a module of any ASP.NET Core host: <c>settle portal</c> runs it alone,
/// <c>settle worker</c> maps it beside the scheduler. It needs an <see cref="NpgsqlDataSource"/>
/// (with NodaTime, as <c>Db.Open</c> makes) registered in the container.
/// <code>
/// builder.Services.AddPortal(PortalOptions.ForUrls(urls));
/// var app = builder.Build();
/// app.MapPortal();
/// </code>
/// </summary>
internal static class PortalModule
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string LoginPath = "/logga-in";
    public const string StaffPolicy = "staff";
    public const string FinancePolicy = "finance";
    public const string ProviderPolicy = "provider";
    public const string CookieName = "settle.portal";
    public const string AntiforgeryCookieName = "settle.portal.af";
    /// <summary>The rate limit on POST /logga-in (<see cref="PortalOptions.LoginAttemptsPerMinute"/>).</summary>
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddPortal(this IServiceCollection services, PortalOptions? options = null)
    {
        options ??= new PortalOptions();
        services.AddSingleton(options);
        services.TryAddSingleton<IClock>(NodaTime.SystemClock.Instance);
        services.TryAddSingleton<PortalQueries>();
        services.TryAddSingleton(BuyerConfiguration.Default);
        services.TryAddSingleton<PortalInvoicing>();
        services.TryAddSingleton<IReconciliationSource, ReconcilerSource>();
        services.TryAddSingleton(sp => new Replay.ReplayCache(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IClock>(),
            () => options.AnchorKeyFile is { } key ? Anchoring.AnchorTrust.From(key, []) : Anchoring.AnchorTrust.None,
            sp.GetRequiredService<BuyerConfiguration>().Party.ParticipantId.ToString()));

        services.AddDataProtection().SetApplicationName("settlement-portal");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<NpgsqlDataSource>())));

        var secure = options.HttpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.FormFieldName = "__RequestVerificationToken";
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.LoginPath = LoginPath;
            o.LogoutPath = "/logga-ut";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = options.SessionIdle;
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                // Pages go to the log-in page; the JSON endpoints answer 401/403 and never redirect.
                OnRedirectToLogin = ctx =>
                {
                    if (IsApi(ctx.Request)) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                },
                OnRedirectToAccessDenied = async ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    if (!IsApi(ctx.Request))
                        await Layout.Page(ctx.HttpContext, "Åtkomst nekad",
                            H.Html($"""<p>Din roll ger inte tillgång till den här sidan. <a href="/">Till startsidan</a></p>"""), 403).ExecuteAsync(ctx.HttpContext);
                },
                // A user removed, whose role or organisation changed, with a new password or logged out
                // elsewhere (a new session stamp), or logged in too long ago, is logged out at the next request.
                OnValidatePrincipal = async ctx =>
                {
                    var viewer = Viewer.From(ctx.Principal!);
                    var ds = ctx.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
                    var user = viewer is null ? null : await UserStore.FindByIdAsync(ds, viewer.UserId, ctx.HttpContext.RequestAborted);
                    if (user is null || user.Role != viewer!.Role || user.OrgNumber != viewer.OrgNumber
                        || !Viewer.SessionValid(ctx.Principal!, user, DateTimeOffset.UtcNow, options.SessionMax))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(Scheme);
                    }
                },
            };
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Finance, PortalRoles.Auditor))
            .AddPolicy(FinancePolicy, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Finance))
            .AddPolicy(ProviderPolicy, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Provider));
        return services;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>Adds the portal's middleware and endpoints to the app (call once, before Run).</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        // Behind a TLS proxy on this machine (the way to serve beyond localhost), the request is
        // https and from the client as the proxy says: cookies get Secure, HSTS is sent, and the
        // log-in limit counts per client. Only a loopback proxy is believed (the middleware's
        // default known proxies), so a client cannot claim https or another address itself.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor });
        app.UseRateLimiter();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            // What antiforgery sets on its pages anyway ("no-cache, no-store"): with "no-store" alone it
            // overrode it and logged a warning on the console for every form page.
            if (!ctx.Request.Path.StartsWithSegments("/portal.css")) h["Cache-Control"] = "no-cache, no-store";
            if (ctx.Request.IsHttps) h["Strict-Transport-Security"] = "max-age=31536000";
            await next();
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/portal.css", () => Results.Text(Styles.Css, "text/css; charset=utf-8")).AllowAnonymous();
        LoginPages.Map(app);

        var pages = app.MapGroup("").RequireAuthorization();
        pages.MapGet("/", (HttpContext ctx) => Results.Redirect(ctx.Viewer().IsProvider ? "/bestallningar" : "/oversikt"));
        OrderPages.Map(pages);
        InvoicePages.Map(pages);
        var staff = pages.MapGroup("").RequireAuthorization(StaffPolicy);
        StaffPages.Map(staff);
        RevisionPages.Map(staff);
        InboxApi.Map(app);
        PortalApi.Map(app.MapGroup("/api").RequireAuthorization());
        app.MapFallback((HttpContext ctx) => IsApi(ctx.Request)
            ? Results.Json(new { error = "not found" }, statusCode: 404)
            : Layout.NotFound(ctx)).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// The filter on every POST endpoint: the anti-forgery token from the form (or the
    /// X-CSRF-TOKEN header) must match the cookie, else 400 and nothing happens.
    /// </summary>
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var ctx = context.HttpContext;
            try
            {
                await ctx.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(ctx);
            }
            catch (AntiforgeryValidationException)
            {
                return IsApi(ctx.Request)
                    ? Results.Json(new { error = "anti-forgery token missing or invalid" }, statusCode: 400)
                    : Layout.Page(ctx, "Formuläret kunde inte skickas",
                        H.Html($"""<p class="error">Formuläret saknade en giltig säkerhetstoken (det kan ha blivit för gammalt). Ladda om sidan och försök igen.</p>"""), 400);
            }
            return await next(context);
        });
}
