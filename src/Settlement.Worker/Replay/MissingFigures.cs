using Settlement.Engine.Primitives;
using Settlement.Worker.Orders;
using static Settlement.Worker.Replay.Replayer;

namespace Settlement.Worker.Replay;

/// <summary>
/// Figures the last runs should have made and did not, from what had been imported before those
/// runs finished. Conservative, so a healthy record never shows one: only the last order run and
/// the last delivery run are asked about (closings are left to the next delivery run).
/// </summary>
internal static class MissingFigures
{
    /// <summary>
    /// Orders the engine makes due on the last order run's date, from the events imported before
    /// that run finished, that were never issued. (An event imported later, even with an earlier
    /// registeredOn, is the next run's business, so it is left out here.)
    /// </summary>
    public static void Orders(PlacementReplay replay)
    {
        var book = replay.Book;
        if (replay.Data.LastOrderRun is not { } run) return;
        var p = book.Logged!;
        if (p.RegisteredOn > run.Date || p.ImportedAt > run.Finished) return;
        var tariff = replay.Data.TariffAt(run.Finished);
        if (tariff is null) return;
        var c = replay.Compute(tariff, tariff.Sha256, run.Date, run.Finished);
        if (c.Result is null) return; // the run could not price it either (it logs an error)
        var issued = book.Orders.Select(o => o.OrderKey).ToHashSet(StringComparer.Ordinal);
        foreach (var due in DueOrders.On(run.Date, c.Result))
            if (!issued.Contains(due.Key))
                replay.Diff($"order {due.Key} missing", "(not issued)", $"{due.Kind}, {due.Lines.Count} line(s), total {Money2(due.Total)}, due on {Dates.Format(run.Date)}",
                    c.Derivation(DerivationBlocks.OfOrder(due)));
    }

    /// <summary>
    /// Periodic reports the last delivery run should have registered: imported before it finished,
    /// registered by its date, for a month whose base-pay line had been ordered by then and has no delivery.
    /// </summary>
    public static void Deliveries(PlacementReplay replay)
    {
        var book = replay.Book;
        if (replay.Data.LastDeliveryRun is not { } run) return;
        foreach (var r in book.Reports.Where(r => r.RegisteredOn <= run.Date && r.ImportedAt <= run.Finished))
        {
            foreach (var o in book.Orders.Where(o => o.Kind == "base" && o.CreatedAt <= run.Finished))
                foreach (var l in o.Lines.Where(l => l.Month == r.Month && !book.Deliveries.ContainsKey((o.Number, l.LineNo))))
                    replay.Diff($"delivery {o.Number} line {l.LineNo} ({l.Month}) missing", "(not registered)", $"registered by the delivery run of {Dates.Format(run.Date)}",
                        $"periodic report seq {r.Seq}, registered {Dates.Format(r.RegisteredOn)}, reports {r.Month}");
        }
    }
}
