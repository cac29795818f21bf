using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Engine.Calculation;
using Settlement.Engine.Explanation;
using Settlement.Engine.Primitives;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Deliveries;

internal sealed record RegisteredDelivery(string Order, int Line, string Placement, string Month, string Status, decimal Quantity, decimal Amount);

internal sealed record DeliveryRunReport(LocalDate Date, IReadOnlyList<RegisteredDelivery> Registered);

/// <summary>
/// The delivery run for a date (documents.md, inleverans):
/// <list type="bullet">
/// <item>every accepted periodic report registered by the date registers a delivery on the base-pay
/// line of its month, with the engine's delivered quantity and amount computed from the events
/// registered by the report's own date (what was known when the provider reported), never a
/// quantity the provider states — or by the line's order date when the order came later
/// (<see cref="AsOf"/>); a month with no day in service is registered as not delivered;</item>
/// <item>once a period has ended, its lines for months with no day in service (after an
/// interruption) are closed as not delivered. Months with days in service wait for their report.</item>
/// </list>
/// A line has at most one delivery row (its primary key), so the run is idempotent. Result-based
/// lines are delivered by the order run when they are ordered. Set-based: the open lines, the
/// reports, the placements and their events are read in a few queries, the engine runs in memory
/// on every core, and the deliveries are inserted in bulk (ON CONFLICT DO NOTHING, so a line another
/// run registered meanwhile is skipped) in one transaction.
/// </summary>
internal sealed class DeliveryRun(NpgsqlDataSource ds)
{
    private sealed record OpenLine(string OrderNumber, int LineNo, string Placement, int Period, string Month, LocalDate? PeriodEnd, LocalDate IssueDate);

    /// <summary>
    /// The date a report's delivery is computed as of: the report's registration, or the line's
    /// order date if the order came later. A period-2 line for a month reported before the
    /// extension was registered (a late extension: period 1 ended in the month, the month was
    /// reported, then the placement was extended) exists only in a result that knows the
    /// extension; as of the report alone the line would never be delivered.
    /// </summary>
    public static LocalDate AsOf(LocalDate reportRegistered, LocalDate orderIssued) =>
        orderIssued > reportRegistered ? orderIssued : reportRegistered;

    /// <summary>A delivery the run will register: the line, its status, quantity and amount, the report it comes from, its derivation, and the month in Swedish (<see cref="DeliverySummary"/>) that a dispute of the line's invoice quotes.</summary>
    private sealed record Planned(OpenLine Line, string Status, decimal Quantity, decimal Amount, long? ReportSeq, string Derivation, string? Summary);

    public DeliveryRunReport Run(LocalDate date, CancellationToken cancel = default)
    {
        using var conn = ds.Connect();
        var tariff = TariffStore.Require(conn);

        var open = conn.Query<OpenLine>("""
            select OrderNumber, LineNo, Placement, Period, Month, PeriodEnd, IssueDate from (
                select l.order_number as OrderNumber, l.line_no as LineNo, o.placement_id as Placement, o.period_number as Period, l.month as Month,
                       max(l.period_to) over (partition by l.order_number) as PeriodEnd, o.issue_date as IssueDate, d.order_number is null as is_open
                from orders o join order_lines l on l.order_number = o.number
                left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
                where o.kind = 'base'
            ) x where is_open
            order by Placement, OrderNumber, LineNo
            """).ToList();
        var byMonth = open.ToLookup(l => (l.Placement, l.Month));
        var reports = conn.Query<(long Seq, string Placement, string Month, LocalDate RegisteredOn)>("""
            select seq, placement_id, event->>'month', registered_on from event_log
            where status = 'accepted' and type = 'periodicReport' and registered_on <= @date
            order by seq
            """, new { date }).Where(r => byMonth.Contains((r.Placement, r.Month))).ToList();
        var known = KnownPlacements.Load(conn, date, open.Select(l => l.Placement).Distinct().ToArray());
        cancel.ThrowIfCancellationRequested();
        PlacementResult Compute(string placement, LocalDate asOf) => known.Calculate(tariff.Tariff, placement, asOf);

        // Reports, in log order: the engine as of each report's own date (or its line's later order date).
        var planned = reports.AsParallel().AsOrdered().WithCancellation(cancel).SelectMany(r =>
        {
            var asReported = Compute(r.Placement, r.RegisteredOn);
            var rows = new List<Planned>();
            foreach (var line in byMonth[(r.Placement, r.Month)])
            {
                var asOf = AsOf(r.RegisteredOn, line.IssueDate);
                var result = asOf == r.RegisteredOn ? asReported : Compute(r.Placement, asOf);
                var month = MonthOf(result, line);
                if (month is null) continue;
                var delivered = month.InServiceDays > 0;
                var basis = asOf == r.RegisteredOn ? "" : $", as of its order {Dates.Format(asOf)}";
                rows.Add(new Planned(line, delivered ? "delivered" : "not_delivered", month.DeliveredQuantity, month.Amount.Amount, r.Seq,
                    $"periodic report (event {r.Seq}, registered {Dates.Format(r.RegisteredOn)}{basis}): {Decimals.Fixed(month.DeliveredQuantity, 2)} days × {result.Periods.First(p => p.Number == line.Period).DailyRate} = {month.Amount}",
                    DeliverySummary.Describe(month, result.Interruption)));
            }
            return rows;
        }).ToList();

        // Closing: periods that have ended, lines with no day in service and no delivery yet.
        var taken = planned.Select(x => (x.Line.OrderNumber, x.Line.LineNo)).ToHashSet();
        var ended = open.Where(l => l.PeriodEnd is { } end && end < date && !taken.Contains((l.OrderNumber, l.LineNo))).GroupBy(l => l.Placement).ToList();
        planned.AddRange(ended.AsParallel().AsOrdered().WithCancellation(cancel).SelectMany(group =>
        {
            var result = Compute(group.Key, date);
            var rows = new List<Planned>();
            foreach (var line in group)
            {
                var m = MonthOf(result, line);
                if (m is { InServiceDays: > 0 }) continue; // awaits its report
                rows.Add(new Planned(line, "not_delivered", 0m, 0m, null,
                    $"period ended with no day in service in {line.Month} (interruption {(result.Interruption is { } i ? Dates.Format(i.Date) : "none")})",
                    m is null ? null : DeliverySummary.Describe(m, result.Interruption)));
            }
            return rows;
        }));

        var registered = Insert(conn, planned, date);
        Log.Information("Delivery run {Date}: registered {Count}", Dates.Format(date), registered.Count);
        return new(date, registered);
    }

    private static MonthResult? MonthOf(PlacementResult result, OpenLine line) =>
        result.Periods.FirstOrDefault(p => p.Number == line.Period)?.Months.FirstOrDefault(m => Dates.Format(m.Month) == line.Month);

    /// <summary>Inserts the planned deliveries in bulk, in one transaction; returns those registered (a line registered by another run meanwhile is not).</summary>
    private static List<RegisteredDelivery> Insert(NpgsqlConnection conn, List<Planned> planned, LocalDate date)
    {
        var registered = new List<RegisteredDelivery>(planned.Count);
        if (planned.Count == 0) return registered;
        using var tx = conn.BeginTransaction();
        foreach (var chunk in planned.Chunk(10_000))
        {
            var inserted = conn.Query<(string Order, int Line)>("""
                insert into deliveries (order_number, line_no, status, quantity, amount, registered_on, report_seq, derivation, summary)
                select o, l, s, q, a, @date, r, d, w
                from unnest(@orders::text[], @lines::int[], @statuses::text[], @quantities::numeric[], @amounts::numeric[], @reports::bigint[],
                            @derivations::text[], @summaries::text[])
                     as u(o, l, s, q, a, r, d, w)
                on conflict do nothing
                returning order_number, line_no
                """, new
            {
                date, orders = chunk.Select(x => x.Line.OrderNumber).ToArray(), lines = chunk.Select(x => x.Line.LineNo).ToArray(),
                statuses = chunk.Select(x => x.Status).ToArray(), quantities = chunk.Select(x => x.Quantity).ToArray(),
                amounts = chunk.Select(x => x.Amount).ToArray(), reports = chunk.Select(x => x.ReportSeq).ToArray(),
                derivations = chunk.Select(x => x.Derivation).ToArray(), summaries = chunk.Select(x => x.Summary).ToArray(),
            }, tx).ToHashSet();
            foreach (var x in chunk)
            {
                if (!inserted.Contains((x.Line.OrderNumber, x.Line.LineNo))) continue;
                if (Log.IsEnabled(Serilog.Events.LogEventLevel.Debug))
                    Log.Debug("Delivery {Status} on {Order} line {Line} ({Month}): {Quantity}", x.Status, x.Line.OrderNumber, x.Line.LineNo, x.Line.Month, x.Quantity);
                registered.Add(new(x.Line.OrderNumber, x.Line.LineNo, x.Line.Placement, x.Line.Month, x.Status, x.Quantity, x.Amount));
            }
        }
        tx.Commit();
        return registered;
    }
}
