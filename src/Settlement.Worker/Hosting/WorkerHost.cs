using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Quartz;
using Serilog;
using Settlement.Peppol.Parties;
using Settlement.Worker.Configuration;
using Settlement.Worker.Database;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Jobs;
using Settlement.Worker.Orders;
using Settlement.Worker.Portal;

namespace Settlement.Worker.Hosting;

/// <summary>
/// The long-running service (`settle worker`): an ASP.NET Core host serving the portal and
/// `/health`, running the Quartz scheduler with the ADO job store on the system of
/// record's PostgreSQL, clustered: every process is a node with its own instance id, and a job
/// fires on exactly one node. Cron times come from configuration, in Europe/Stockholm. The jobs
/// request recovery: when a node dies in the middle of a run, another node (or the restarted one)
/// runs it again at once, and the order keys make that rerun issue only what was missing.
/// </summary>
internal static class WorkerHost
{
    public const string SchedulerName = "settlement";

    public static WebApplication Build(string connectionString, string? urls, string? outbox, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Environment.CurrentDirectory });
        builder.Configuration.AddConfiguration(Settings.Load());
        builder.Host.UseSerilog(Log.Logger, dispose: false);
        var listen = urls ?? builder.Configuration["Settlement:Urls"] ?? "http://127.0.0.1:0";
        builder.WebHost.UseUrls(listen);

        var settings = new Settings(builder.Configuration);
        var dsb = new NpgsqlDataSourceBuilder(connectionString);
        dsb.UseNodaTime();
        var ds = dsb.Build();
        builder.Services.AddSingleton(ds);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        // The buyer is decided here once, from configuration, for everything the worker does: its
        // orders and answers, and the portal's invoices and inbox (the portal's own default would
        // otherwise stand in for it).
        builder.Services.AddSingleton(sp => settings.Buyer());
        builder.Services.AddSingleton<IOrderDocuments>(sp => new PeppolOrderDocuments(sp.GetRequiredService<BuyerConfiguration>(), SystemClock.Instance));
        builder.Services.AddSingleton(sp => new OrderIssuer(ds, sp.GetRequiredService<IOrderDocuments>()));
        builder.Services.AddSingleton(sp => new OrderRun(ds, sp.GetRequiredService<OrderIssuer>(), settings.OutboxDirectory(outbox)));
        builder.Services.AddSingleton(sp => new DeliveryRun(ds));
        builder.Services.AddSingleton(sp => new Intake.Responder(sp.GetRequiredService<BuyerConfiguration>(), SystemClock.Instance, () => settings.Today(SystemClock.Instance)));
        builder.Services.AddSingleton(sp => new Intake.IntakeService(ds, sp.GetRequiredService<BuyerConfiguration>(), sp.GetRequiredService<Intake.Responder>(), settings.OutboxDirectory(outbox)));
        builder.Services.AddSingleton(sp => new Payments.PaymentRun(ds, sp.GetRequiredService<Intake.Responder>(), settings.OutboxDirectory(outbox)));

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        builder.Services.AddQuartz(SchedulerName, q =>
        {
            q.ConfigureScheduler(o => o.GenerateInstanceId = true); // one id per process: each is a cluster node
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c => { c.CheckinInterval = TimeSpan.FromSeconds(5); c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20); });
            });
            q.AddJob<OrderRunJob>(j => j.WithIdentity(OrderRunJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(OrderRunJob.Key).WithIdentity("order-run-cron", "settlement")
                .WithCronSchedule(settings.OrderRunCron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddJob<DeliveryRunJob>(j => j.WithIdentity(DeliveryRunJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(DeliveryRunJob.Key).WithIdentity("delivery-run-cron", "settlement")
                .WithCronSchedule(settings.DeliveryRunCron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddJob<PaymentRunJob>(j => j.WithIdentity(PaymentRunJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(PaymentRunJob.Key).WithIdentity("payment-run-cron", "settlement")
                .WithCronSchedule(settings.PaymentRunCron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddJob<InboxPollJob>(j => j.WithIdentity(InboxPollJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(InboxPollJob.Key).WithIdentity("inbox-poll", "settlement")
                .WithSimpleSchedule(x => x.WithInterval(TimeSpan.FromSeconds(settings.InboxPollSeconds)).RepeatForever()));
        });
        builder.Services.AddQuartzHostedService(SchedulerName, o => o.WaitForJobsToComplete = true);
        builder.Services.AddPortal(PortalOptions.FromSettings(settings, listen, outbox));
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok")); // for operators and tests
        app.MapPortal();
        return app;
    }
}
