using NodaTime;
using Quartz;
using Serilog;
using Settlement.Engine.Primitives;
using Settlement.Worker.Configuration;
using Settlement.Worker.Deliveries;
using Settlement.Worker.Orders;

namespace Settlement.Worker.Jobs;

/// <summary>
/// The scheduled order run: a thin wrapper over <see cref="OrderRun"/>, the same code as
/// `settle run orders`, for the business date (today in Europe/Stockholm). Never two at once in
/// the cluster; even if that failed, the order keys in the database make double issue impossible.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class OrderRunJob(OrderRun run, Settings settings, IClock clock) : IJob
{
    public static readonly JobKey Key = new("order-run", "settlement");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var date = settings.Today(clock);
        Log.Information("Order run for {Date} starting on {Instance}", Dates.Format(date), context.Scheduler.SchedulerInstanceId);
        var report = run.Run(date, cancel: cancellationToken);
        Log.Information("Order run for {Date} done: issued {Issued}, already issued {Already}", Dates.Format(date), report.Issued.Count, report.AlreadyIssued);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The scheduled delivery run: a thin wrapper over <see cref="DeliveryRun"/>, the same code as `settle run deliveries`.</summary>
[DisallowConcurrentExecution]
internal sealed class DeliveryRunJob(DeliveryRun run, Settings settings, IClock clock) : IJob
{
    public static readonly JobKey Key = new("delivery-run", "settlement");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var date = settings.Today(clock);
        var report = run.Run(date, cancellationToken);
        Log.Information("Delivery run for {Date} done: registered {Count}", Dates.Format(date), report.Registered.Count);
        return ValueTask.CompletedTask;
    }
}
