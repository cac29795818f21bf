using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;
using static Settlement.Engine.Tests.Build;

namespace Settlement.Engine.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData("2024-03-11", "2024-09-10")]
    [InlineData("2024-03-01", "2024-08-31")]
    [InlineData("2024-08-31", "2025-02-28")] // the 31st does not exist in February: clamped, and that is the end
    [InlineData("2024-08-28", "2025-02-27")]
    [InlineData("2023-08-30", "2024-02-29")] // leap year
    [InlineData("2024-01-31", "2024-07-30")]
    [InlineData("2023-08-29", "2024-02-28")]
    public void Period_end_follows_the_rule_book_table(string start, string end) =>
        Assert.Equal(D(end), Periods.End(D(start)));

    [Fact]
    public void Extension_starts_the_day_after_period_1_and_runs_six_months()
    {
        var r = Calc(Level.C, "2024-08-31", Extend("2025-02-20"));
        Assert.Equal(2, r.Periods.Count);
        Assert.Equal(D("2025-03-01"), r.Periods[1].Start);
        Assert.Equal(D("2025-08-31"), r.Periods[1].End);
    }

    [Fact]
    public void Months_split_at_calendar_months_and_leap_day_counts()
    {
        var r = Calc(Level.A, "2023-08-30");
        var months = r.Periods[0].Months;
        Assert.Equal(["2023-08", "2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02"], months.Select(m => Dates.Format(m.Month)));
        Assert.Equal(2, months[0].PlannedDays);  // 30th and 31st
        Assert.Equal(29, months[^1].PlannedDays); // 2024-02-01..29
        Assert.Equal(Dates.InclusiveDays(D("2023-08-30"), D("2024-02-29")), months.Sum(m => m.PlannedDays));
    }

    [Fact]
    public void A_period_starting_on_the_first_has_six_lines_otherwise_seven()
    {
        Assert.Equal(6, Calc(Level.B, "2024-03-01").Periods[0].Months.Count);
        Assert.Equal(7, Calc(Level.B, "2024-03-02").Periods[0].Months.Count);
    }
}
