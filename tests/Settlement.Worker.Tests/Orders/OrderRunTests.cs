using System.Text.Json;
using Dapper;
using Settlement.Worker.Tests.Database;

namespace Settlement.Worker.Tests.Orders;

public sealed class OrderRunTests(WorkedCycle cycle) : IClassFixture<WorkedCycle>
{
    private static JsonElement Expected(string placement)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Repo.Shared("spec", "examples", "scenario-worked.expected.json")));
        return doc.RootElement.GetProperty("placements").EnumerateArray().Single(p => p.GetProperty("id").GetString() == placement);
    }

    [Fact]
    public void The_first_run_issues_the_base_pay_order_of_GR_2024_000101_with_the_engines_figures()
    {
        var order = Assert.Single(cycle.March11.Issued, o => o.Placement == "GR-2024-000101");
        Assert.Equal(("base", 1, 7), (order.Kind, order.Period!.Value, order.Lines));
        Assert.Matches(@"^IN240311-[12]$", order.Number);

        using var conn = cycle.Db.Connect();
        var lines = conn.Query<(int LineNo, string Month, decimal Quantity, string Unit, decimal Price, decimal Amount, NodaTime.LocalDate From, NodaTime.LocalDate To)>(
            "select line_no, month, quantity, unit_code, price, amount, period_from, period_to from order_lines where order_number = @Number order by line_no", order).ToList();
        var months = Expected("GR-2024-000101").GetProperty("periods")[0].GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(7, lines.Count);
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(months[i].GetProperty("month").GetString(), lines[i].Month);
            Assert.Equal(months[i].GetProperty("plannedDays").GetInt32(), (int)lines[i].Quantity);
            Assert.Equal(decimal.Parse(months[i].GetProperty("plannedAmount").GetString()!, System.Globalization.CultureInfo.InvariantCulture), lines[i].Amount);
            Assert.Equal(months[i].GetProperty("from").GetString(), lines[i].From.ToString("yyyy-MM-dd", null));
            Assert.Equal(months[i].GetProperty("to").GetString(), lines[i].To.ToString("yyyy-MM-dd", null));
            Assert.Equal(("DAY", 61.93m), (lines[i].Unit, lines[i].Price));
        }
        Assert.Equal(11395.12m, order.Total);
        Assert.Equal(11395.12m, conn.ExecuteScalar<decimal>("select total from orders where number = @Number", order));
    }

    [Fact]
    public void Every_order_records_the_tariff_and_the_derivation_it_came_from()
    {
        using var conn = cycle.Db.Connect();
        var row = conn.QuerySingle<(string Sha, string Derivation)>("select o.tariff_sha256, o.derivation from orders o where o.order_key = 'base:GR-2024-000101:1'");
        Assert.Equal(conn.ExecuteScalar<string>("select content_sha256 from tariffs"), row.Sha);
        using var d = JsonDocument.Parse(row.Derivation);
        Assert.Equal("2024-03-11", d.RootElement.GetProperty("asOf").GetString());
        Assert.Contains("round2(55.00 × 112.6/100.0) = 61.93", d.RootElement.GetProperty("explanation").GetString());
    }

    [Fact]
    public void On_2024_08_21_the_speed_bonus_and_result_stage_1_are_ordered_each_as_its_own_order()
    {
        var issued = cycle.August21.Issued;
        Assert.Equal(2, issued.Count);
        var speed = Assert.Single(issued, o => o.Kind == "speed");
        var stage1 = Assert.Single(issued, o => o.Kind == "result");
        var expected = Expected("GR-2024-000101");
        Assert.Equal(decimal.Parse(expected.GetProperty("speedBonus").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture), speed.Total);
        Assert.Equal(12386.00m, stage1.Total);
        Assert.Equal((1, "GR-2024-000101"), (stage1.Stage!.Value, stage1.Placement));
        Assert.Equal(["IN240821-1", "IN240821-2"], issued.Select(o => o.Number).Order());

        using var conn = cycle.Db.Connect();
        var line = conn.QuerySingle<(decimal Quantity, string Unit, decimal Price, string Status)>("""
            select l.quantity, l.unit_code, l.price, d.status from order_lines l join deliveries d using (order_number, line_no)
            where l.order_number = @Number
            """, stage1);
        Assert.Equal((1m, "C62", 12386.00m, "delivered"), line);
    }

    [Fact]
    public void The_same_date_twice_issues_nothing_new()
    {
        Assert.Empty(cycle.March11Again.Issued);
        Assert.Equal(cycle.March11.Issued.Count, cycle.March11Again.AlreadyIssued);
        Assert.Empty(cycle.August21Again.Issued);
        using var conn = cycle.Db.Connect();
        Assert.Equal(4, conn.ExecuteScalar<int>("select count(*) from orders"));
        Assert.Equal(2, conn.ExecuteScalar<int>("select last_serial from po_serials where issue_date = '2024-03-11'"));
    }

    [Fact]
    public void Orders_never_change()
    {
        using var conn = cycle.Db.Connect();
        Assert.Throws<Npgsql.PostgresException>(() => conn.Execute("update orders set total = 0"));
        Assert.Throws<Npgsql.PostgresException>(() => conn.Execute("delete from order_lines"));
    }
}
