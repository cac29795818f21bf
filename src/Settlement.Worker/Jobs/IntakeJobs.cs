using NodaTime;
using Quartz;
using Serilog;
using Settlement.Engine.Primitives;
using Settlement.Worker.Configuration;
using Settlement.Worker.Intake;
using Settlement.Worker.Payments;

namespace Settlement.Worker.Jobs;

/// <summary>
/// Polls the inbox folder the access point writes to. A file is first claimed by renaming it into
/// <c>.claimed/</c> (one node wins the rename), then archived and decided by the same intake as
/// `settle inbox import`, then moved to <c>processed/</c>. A node that dies after claiming leaves
/// the file in <c>.claimed/</c>; the next poll takes it again (a byte-identical copy already
/// archived is then answered as a duplicate, never registered twice).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class InboxPollJob(IntakeService intake, Settings settings) : IJob
{
    public static readonly JobKey Key = new("inbox-poll", "settlement");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var taken = Poll(intake, settings.InboxDirectory);
        if (taken > 0) Log.Information("Inbox: took in {Count} documents", taken);
        return ValueTask.CompletedTask;
    }

    public static int Poll(IntakeService intake, string inbox)
    {
        // First what a node (or an HTTP call) archived and never decided before it died: the poll is
        // the one job that runs on some node every 30 s, so nothing archived waits for an operator.
        var recovered = intake.Recover().Count;
        if (recovered > 0) Log.Warning("Inbox: decided {Count} documents archived earlier but never decided", recovered);
        if (!Directory.Exists(inbox)) return 0;
        var claimed = Path.Combine(inbox, ".claimed");
        var processed = Path.Combine(inbox, "processed");
        Directory.CreateDirectory(claimed);
        Directory.CreateDirectory(processed);
        foreach (var file in Directory.GetFiles(inbox).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
        {
            try { File.Move(file, Path.Combine(claimed, Path.GetFileName(file))); }
            catch (IOException) { } // another node claimed it, or it went away
        }
        var files = Directory.GetFiles(claimed).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return 0;
        intake.TakeMany(InboundFiles.Read(files.Select(f => (f, Path.Combine(inbox, Path.GetFileName(f)))), Channel.Inbox, (_, _) => { }));
        foreach (var f in files)
        {
            try { File.Move(f, Path.Combine(processed, Path.GetFileName(f)), overwrite: true); }
            catch (FileNotFoundException) { } // it vanished before it was read (InboundFiles reported it)
        }
        return files.Count;
    }
}

/// <summary>The scheduled payment run: the same code as `settle run payments`, for the business date.</summary>
[DisallowConcurrentExecution]
internal sealed class PaymentRunJob(PaymentRun run, Settings settings, IClock clock) : IJob
{
    public static readonly JobKey Key = new("payment-run", "settlement");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var date = settings.Today(clock);
        var paid = run.Run(date);
        Log.Information("Payment run for {Date} done: paid {Count}", Dates.Format(date), paid.Count);
        return ValueTask.CompletedTask;
    }
}
