using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog;

namespace Settlement.Worker.Portal;

/// <summary>`settle portal`: the portal alone on its own web host (the tests start it the same way, in-process).</summary>
internal static class PortalHost
{
    /// <param name="ds">The system of record (migrated), owned by the caller.</param>
    /// <param name="urls">Where to listen, e.g. <c>http://127.0.0.1:5080</c>; port 0 picks a free one.</param>
    /// <param name="configure">Further services, before the app is built (tests replace the clock here).</param>
    /// <param name="outbox">The outbox folder for the answers to portal invoices (else the worker's setting).</param>
    public static WebApplication Build(NpgsqlDataSource ds, string urls, Action<WebApplicationBuilder>? configure = null, string? outbox = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Environment.CurrentDirectory });
        builder.Host.UseSerilog(Log.Logger, dispose: false);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton(ds);
        var settings = new Configuration.Settings(Configuration.Settings.Load());
        builder.Services.AddSingleton(settings.Buyer());
        builder.Services.AddPortal(PortalOptions.FromSettings(settings, urls, outbox));
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapPortal();
        return app;
    }
}
