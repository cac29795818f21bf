using Dapper;

namespace Settlement.Worker.Tests.Orders;

public sealed class DeliveryRunTests(WorkedCycle cycle) : IClassFixture<WorkedCycle>
{
    [Fact]
    public void May_2024_is_delivered_with_the_engines_16_50_days_not_a_stated_quantity()
    {
        var may = Assert.Single(cycle.June3.Registered, d => d.Placement == "GR-2024-000101" && d.Month == "2024-05");
        Assert.Equal(("delivered", 16.50m, 1021.85m), (may.Status, may.Quantity, may.Amount));
        using var conn = cycle.Db.Connect();
        var row = conn.QuerySingle<(decimal Quantity, long ReportSeq)>("select quantity, report_seq from deliveries where order_number = @Order and line_no = @Line", new { may.Order, may.Line });
        Assert.Equal(16.50m, row.Quantity);
        Assert.Equal("periodicReport", conn.ExecuteScalar<string>("select type from event_log where seq = @ReportSeq", new { row.ReportSeq }));
    }

    [Fact]
    public void Reported_months_register_once_and_a_second_run_registers_nothing()
    {
        Assert.Equal(["2024-03", "2024-04", "2024-05"], cycle.June3.Registered.Where(d => d.Placement == "GR-2024-000101").Select(d => d.Month));
        Assert.Empty(cycle.June3Again.Registered);
    }

    [Fact]
    public void After_the_period_ends_the_months_after_the_interruption_are_closed_as_not_delivered()
    {
        var closed = cycle.September20.Registered.Where(d => d.Placement == "GR-2024-000101").ToList();
        Assert.Equal(["2024-06", "2024-07", "2024-08", "2024-09"], closed.Select(d => d.Month));
        Assert.All(closed, d => Assert.Equal(("not_delivered", 0m), (d.Status, d.Quantity)));
        using var conn = cycle.Db.Connect();
        Assert.Equal(0, conn.ExecuteScalar<int>("""
            select count(*) from order_lines l join orders o on o.number = l.order_number
            left join deliveries d using (order_number, line_no) where o.placement_id = 'GR-2024-000101' and d.order_number is null
            """));
    }
}
