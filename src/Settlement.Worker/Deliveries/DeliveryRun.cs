using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;
using Settlement.Worker.Database;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;
using Settlement.Worker.Tariffs;

namespace Settlement.Worker.Deliveries;

public sealed record RegisteredDelivery(string Order, int Line, string Placement, string Month, string Status, decimal Quantity, decimal Amount);

public sealed record DeliveryRunReport(LocalDate Date, IReadOnlyList<RegisteredDelivery> Registered);

/// <summary>
/// The delivery run for a date (documents.md, inleverans):
/// <list type="bullet">
/// <item>every accepted periodic report registered by the date registers a delivery on the base-pay
/// line of its month, with the engine's delivered quantity and amount computed from the events
/// registered by the report's own date (what was known when the provider reported), never a
/// quantity the provider states; a month with no day in service is registered as not delivered;</item>
/// <item>once a period has ended, its lines for months with no day in service (after an
/// interruption) are closed as not delivered. Months with days in service wait for their report.</item>
/// </list>
/// A line has at most one delivery row (its primary key), so the run is idempotent. Result-based
/// lines are delivered by the order run when they are ordered.
/// </summary>
public sealed class DeliveryRun(NpgsqlDataSource ds)
{
    private sealed record OpenLine(string OrderNumber, int LineNo, string Placement, int Period, string Month);

    public DeliveryRunReport Run(LocalDate date, CancellationToken cancel = default)
    {
        using var conn = ds.Connect();
        var tariff = TariffStore.Require(conn);
        var registered = new List<RegisteredDelivery>();

        var reports = conn.Query<(long Seq, string Placement, string Month, LocalDate RegisteredOn)>("""
            select e.seq, e.placement_id, e.event->>'month', e.registered_on from event_log e
            where e.status = 'accepted' and e.type = 'periodicReport' and e.registered_on <= @date
              and exists (select 1 from orders o join order_lines l on l.order_number = o.number
                          left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
                          where o.placement_id = e.placement_id and o.kind = 'base' and l.month = e.event->>'month' and d.order_number is null)
            order by e.seq
            """, new { date }).ToList();
        foreach (var r in reports)
        {
            cancel.ThrowIfCancellationRequested();
            var result = Compute(conn, tariff, r.Placement, r.RegisteredOn);
            foreach (var line in OpenLines(conn, r.Placement, r.Month))
            {
                var month = MonthOf(result, line);
                if (month is null) continue;
                var delivered = month.InServiceDays > 0;
                if (Insert(conn, line, delivered ? "delivered" : "not_delivered", month.DeliveredQuantity, month.Amount.Amount, date, r.Seq,
                        $"periodic report (event {r.Seq}, registered {Dates.Format(r.RegisteredOn)}): {Decimals.Fixed(month.DeliveredQuantity, 2)} days × {result.Periods.First(p => p.Number == line.Period).DailyRate} = {month.Amount}")
                    is { } d) registered.Add(d);
            }
        }

        // Closing: periods that have ended, lines with no day in service and no delivery yet.
        var ended = conn.Query<OpenLine>("""
            select l.order_number as OrderNumber, l.line_no as LineNo, o.placement_id as Placement, o.period_number as Period, l.month as Month
            from orders o join order_lines l on l.order_number = o.number
            left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            where o.kind = 'base' and d.order_number is null
              and (select max(period_to) from order_lines x where x.order_number = o.number) < @date
            order by o.placement_id, l.order_number, l.line_no
            """, new { date }).ToList();
        foreach (var group in ended.GroupBy(l => l.Placement))
        {
            var result = Compute(conn, tariff, group.Key, date);
            foreach (var line in group)
            {
                if (MonthOf(result, line) is { } m && m.InServiceDays > 0) continue; // awaits its report
                if (Insert(conn, line, "not_delivered", 0m, 0m, date, null,
                        $"period ended with no day in service in {line.Month} (interruption {(result.Interruption is { } i ? Dates.Format(i.Date) : "none")})") is { } d)
                    registered.Add(d);
            }
        }
        Log.Information("Delivery run {Date}: registered {Count}", Dates.Format(date), registered.Count);
        return new(date, registered);
    }

    private static PlacementResult Compute(NpgsqlConnection conn, StoredTariff tariff, string placement, LocalDate asOf)
    {
        var p = conn.QuerySingle<PlacementRow>("""
            select id, provider_org as ProviderOrg, level::text as Level, start_date as StartDate, registered_on as RegisteredOn
            from placements where id = @placement
            """, new { placement });
        Levels.TryParse(p.Level, out var level);
        var events = OrderRun.LoadEvents(conn, placement, asOf).Select(e => e.Event).ToList();
        return Calculator.Calculate(tariff.Tariff, new PlacementInput(PlacementId.Parse(p.Id), p.ProviderOrg, level, p.StartDate, events));
    }

    private static MonthResult? MonthOf(PlacementResult result, OpenLine line) =>
        result.Periods.FirstOrDefault(p => p.Number == line.Period)?.Months.FirstOrDefault(m => Dates.Format(m.Month) == line.Month);

    private static IEnumerable<OpenLine> OpenLines(NpgsqlConnection conn, string placement, string month) =>
        conn.Query<OpenLine>("""
            select l.order_number as OrderNumber, l.line_no as LineNo, o.placement_id as Placement, o.period_number as Period, l.month as Month
            from orders o join order_lines l on l.order_number = o.number
            left join deliveries d on d.order_number = l.order_number and d.line_no = l.line_no
            where o.placement_id = @placement and o.kind = 'base' and l.month = @month and d.order_number is null
            """, new { placement, month }).ToList();

    private static RegisteredDelivery? Insert(NpgsqlConnection conn, OpenLine line, string status, decimal quantity, decimal amount,
        LocalDate date, long? reportSeq, string derivation)
    {
        var n = conn.Execute("""
            insert into deliveries (order_number, line_no, status, quantity, amount, registered_on, report_seq, derivation)
            values (@OrderNumber, @LineNo, @status, @quantity, @amount, @date, @reportSeq, @derivation)
            on conflict do nothing
            """, new { line.OrderNumber, line.LineNo, status, quantity, amount, date, reportSeq, derivation });
        if (n == 0) return null;
        Log.Information("Delivery {Status} on {Order} line {Line} ({Month}): {Quantity}", status, line.OrderNumber, line.LineNo, line.Month, quantity);
        return new(line.OrderNumber, line.LineNo, line.Placement, line.Month, status, quantity, amount);
    }
}
