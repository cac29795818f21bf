using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Worker.Orders;
using static Settlement.Worker.Replay.Replayer;

namespace Settlement.Worker.Replay;

/// <summary>
/// A delivery, redone as the delivery run made it. A base-pay month registered by a periodic
/// report: from the events registered by the report's date (or the line's later order date), the
/// month's status, delivered quantity and amount, with the tariff in force when the delivery was
/// written (the run does not record it). A month closed without a report must have had no day in
/// service and its period must have ended. A result-based line is delivered when it is ordered,
/// with quantity 1 and the recomputed order total. Records the recomputed delivery for <see cref="InvoiceCheck"/>.
/// </summary>
internal static class DeliveryCheck
{
    public static void Check(PlacementReplay replay, StoredOrder o, StoredLine line, StoredDelivery d)
    {
        replay.Count();
        var what = $"delivery {o.Number} line {line.LineNo}{(line.Month is { } mm ? $" ({mm})" : "")}";
        if (o.Kind != "base") ResultBased(replay, o, line, d, what);
        else BasePay(replay, o, line, d, what);
    }

    /// <summary>Delivered when ordered: quantity 1, the recomputed order total.</summary>
    private static void ResultBased(PlacementReplay replay, StoredOrder o, StoredLine line, StoredDelivery d, string what)
    {
        var c = replay.Compute(replay.Tariff(o.TariffSha256), o.TariffSha256, o.IssueDate);
        var due = c.Result is null ? null : DueOrders.On(o.IssueDate, c.Result).FirstOrDefault(x => x.Key == o.OrderKey);
        if (due is null) return; // the order's own check names an order that is not due
        var expected = $"delivered 1.00, {Money2(due.Total)}";
        var got = $"{Status(d.Status)} {Money2(d.Quantity)}, {Money2(d.Amount)}";
        if (got != expected)
            replay.Diff(what, got, expected, "a result-based order line is delivered when it is ordered, with its amount\n" + c.Derivation(DerivationBlocks.OfOrder(due)));
        replay.RecomputedDeliveries[(o.Number, line.LineNo)] = ("delivered", 1m, due.Total, () => c.Header);
    }

    /// <summary>A base-pay month, as of its periodic report or, without one, as of the closing.</summary>
    private static void BasePay(PlacementReplay replay, StoredOrder o, StoredLine line, StoredDelivery d, string what)
    {
        var book = replay.Book;
        if (line.Month is null || !Dates.TryParseMonth(line.Month, out var month)) return;
        var tariff = replay.Data.TariffAt(d.CreatedAt);
        (LocalDate Date, string Basis) asOf; // the date computed as of, and what set it, in the auditor's words
        if (d.ReportSeq is { } seq)
        {
            var report = book.Reports.FirstOrDefault(r => r.Seq == seq);
            if (report is null || report.Month != line.Month)
            {
                replay.Diff($"{what} report", $"event {seq}", report is null ? "no accepted periodic report of this placement with that seq" : $"event {seq} reports {report.Month}",
                    $"a delivery is registered by the placement's accepted periodic report for the line's month ({line.Month})");
                return;
            }
            var date = Deliveries.DeliveryRun.AsOf(report.RegisteredOn, o.IssueDate);
            asOf = (date, $"periodisk redovisning seq {seq}, registrerad {Dates.Format(report.RegisteredOn)}"
                + (date == report.RegisteredOn ? "" : $", beräknad per orderdagen {Dates.Format(date)}"));
        }
        else asOf = (d.RegisteredOn, $"stängd utan redovisning vid leveranskörningen {Dates.Format(d.RegisteredOn)}");

        var computed = replay.Compute(tariff, tariff?.Sha256 ?? "-", asOf.Date);
        var header = $"{asOf.Basis}; {computed.Header}";
        var period = computed.Result?.Periods.FirstOrDefault(x => x.Number == o.PeriodNumber);
        var m = period?.Months.FirstOrDefault(x => x.Month == month);
        if (m is null)
        {
            replay.Diff(what, $"{Status(d.Status)} {Money2(d.Quantity)}, {Money2(d.Amount)}", "no such month", header + "\n" + computed.Derivation());
            return;
        }
        string Derivation() => header + "\n" + computed.Derivation(DerivationBlocks.RateAndMonth(o.PeriodNumber, month));
        if (d.ReportSeq is null && m.InServiceDays > 0)
        {
            replay.Diff($"{what} status", Status(d.Status), $"{m.InServiceDays} days in service: only a periodic report can register it", Derivation());
            return;
        }
        var status = m.InServiceDays > 0 ? "delivered" : "not_delivered";
        var (quantity, amount) = (m.DeliveredQuantity, m.Amount.Amount);
        replay.RecomputedDeliveries[(o.Number, line.LineNo)] = (status, quantity, amount, Derivation);
        if (d.Status != status) replay.Diff($"{what} status", Status(d.Status), Status(status), Derivation());
        if (d.Quantity != quantity) replay.Diff($"{what} quantity", Money2(d.Quantity), Money2(quantity), Derivation());
        if (d.Amount != amount) replay.Diff($"{what} amount", Money2(d.Amount), Money2(amount), Derivation());
        if (d.ReportSeq is null && period!.End >= d.RegisteredOn)
            replay.Diff($"{what} closed early", Dates.Format(d.RegisteredOn), $"after {Dates.Format(period.End)}",
                "a month with no day in service is closed only once its period has ended");
    }

    /// <summary>A status as a difference writes it ("not delivered").</summary>
    private static string Status(string status) => status.Replace('_', ' ');
}
