using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using static Settlement.Engine.Tests.Build;

namespace Settlement.Engine.Tests;

/// <summary>One test per refusal code of the rule book's event table, and the checks' order.</summary>
public class EventRuleTests
{
    [Fact]
    public void SETTLE_INT_DUP_second_interruption()
    {
        var r = Calc(Level.B, "2024-03-11", Interrupt("2024-04-01", "2024-04-10"), Interrupt("2024-04-02", "2024-04-20", "SJUK"));
        Assert.Equal("SETTLE-INT-DUP", Codes(r));
        Assert.Equal(D("2024-04-10"), r.Interruption!.Date);
        Assert.Equal(1, r.Rejected[0].Event);
    }

    [Fact]
    public void SETTLE_INT_RETRO_date_before_registration_but_same_day_is_fine()
    {
        Assert.Equal("SETTLE-INT-RETRO", Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-04-11", "2024-04-10"))));
        var sameDay = Calc(Level.B, "2024-03-11", Interrupt("2024-04-10", "2024-04-10"));
        Assert.Empty(sameDay.Rejected);
        Assert.Equal(D("2024-04-10"), sameDay.Interruption!.Date);
    }

    [Theory]
    [InlineData("2024-03-10", "SETTLE-INT-RANGE")] // before the start
    [InlineData("2024-09-11", "SETTLE-INT-RANGE")] // after the end of the last period
    [InlineData("2024-03-11", "")]                 // the start itself
    [InlineData("2024-09-10", "")]                 // the last day
    public void SETTLE_INT_RANGE_outside_the_periods(string date, string code) =>
        Assert.Equal(code, Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-03-01", date))));

    [Fact]
    public void Interruption_in_period_2_is_in_range_once_extended()
    {
        var r = Calc(Level.B, "2024-03-11", Extend("2024-08-01"), Interrupt("2024-08-02", "2024-10-01"));
        Assert.Empty(r.Rejected);
        Assert.Equal(2, r.Periods.Count);
    }

    [Fact]
    public void SETTLE_EXT_INTERRUPTED_and_registration_order_decides_not_input_order()
    {
        // The extension is listed first but registered after the interruption.
        var r = Calc(Level.B, "2024-03-11", Extend("2024-08-01"), Interrupt("2024-07-01", "2024-07-15"));
        Assert.Equal("SETTLE-EXT-INTERRUPTED", Codes(r));
        Assert.Equal(0, r.Rejected[0].Event);
        Assert.Single(r.Periods);
    }

    [Fact]
    public void SETTLE_EXT_MAX_third_period()
    {
        var r = Calc(Level.B, "2024-03-11", Extend("2024-08-01"), Extend("2025-02-01"));
        Assert.Equal("SETTLE-EXT-MAX", Codes(r));
        Assert.Equal(2, r.Periods.Count);
    }

    [Fact]
    public void SETTLE_PAR_UNKNOWN_is_checked_before_the_range()
    {
        Assert.Equal("SETTLE-PAR-UNKNOWN", Codes(Calc(Level.B, "2024-03-11", Par("2024-04-01", "KURS", "2024-04-15", "2024-04-01"))));
        // No tariff version in effect on `from`: no programme is known then.
        Assert.Equal("SETTLE-PAR-UNKNOWN", Codes(Calc(Level.B, "2024-03-11", Par("2024-04-01", "PRAKTIK", "2021-12-01", "2021-12-31"))));
    }

    [Fact]
    public void SETTLE_PAR_RANGE_ends_before_it_starts() =>
        Assert.Equal("SETTLE-PAR-RANGE", Codes(Calc(Level.B, "2024-03-11", Par("2024-04-01", "PRAKTIK", "2024-04-15", "2024-04-14"))));

    [Theory]
    [InlineData("PRAKTIK", "2024-07-14", "")]                  // plusMonths(from, 3) − 1 day: allowed
    [InlineData("PRAKTIK", "2024-07-15", "SETTLE-PAR-MAX3M")]
    [InlineData("SFI", "2024-09-10", "")]                      // exempt from the cap
    public void SETTLE_PAR_MAX3M_three_months_unless_exempt(string program, string to, string code) =>
        Assert.Equal(code, Codes(Calc(Level.B, "2024-03-11", Par("2024-04-01", program, "2024-04-15", to))));

    [Fact]
    public void SETTLE_LVL_FIXED_always()
    {
        var r = Calc(Level.B, "2024-03-11", new LevelChange(D("2024-04-01"), "A"));
        Assert.Equal("SETTLE-LVL-FIXED", Codes(r));
        Assert.Equal(Level.B, r.Level);
    }

    [Fact]
    public void SETTLE_RES_NOTRANSITION_without_interruption() =>
        Assert.Equal("SETTLE-RES-NOTRANSITION", Codes(Calc(Level.B, "2024-03-11", Verified("2024-08-21", 1, "2024-08-20"))));

    [Theory]
    [InlineData("SAMHALL")]
    [InlineData("AUB")]
    [InlineData("ANNAN_TJANST")]
    [InlineData("SJUK")]
    [InlineData("BYTE")]
    [InlineData("OVRIGT")]
    public void SETTLE_RES_EXCLUDED_for_reasons_that_do_not_qualify(string reason)
    {
        var r = Calc(Level.B, "2024-03-11", Interrupt("2024-05-10", "2024-05-20", reason), Verified("2024-08-21", 1, "2024-08-20"));
        Assert.Equal("SETTLE-RES-EXCLUDED", Codes(r));
        Assert.Null(r.SpeedBonus);
        Assert.Empty(r.Results);
        Assert.Empty(r.Supplements);
    }

    [Theory]
    [InlineData("ARBETE")]
    [InlineData("SUBV")]
    [InlineData("STUDIER")]
    public void Work_subsidised_employment_and_studies_qualify(string reason)
    {
        var r = Calc(Level.B, "2024-03-11", Interrupt("2024-05-10", "2024-05-20", reason), Verified("2024-08-21", 1, "2024-08-20"));
        Assert.Empty(r.Rejected);
        Assert.NotNull(r.SpeedBonus);
        Assert.Equal(2, r.Results.Count);
    }

    [Fact]
    public void SETTLE_RES_UNKNOWN_stage_not_in_tariff() =>
        Assert.Equal("SETTLE-RES-UNKNOWN", Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-05-10", "2024-05-20"), Verified("2025-08-21", 3, "2025-08-20"))));

    [Fact]
    public void SETTLE_RES_DUP_is_checked_before_EARLY()
    {
        // The repeat is also early (before 2024-08-20): the table's order makes it a duplicate.
        var r = Calc(Level.B, "2024-03-11", Interrupt("2024-05-10", "2024-05-20"),
            Verified("2024-08-21", 1, "2024-08-20"), Verified("2024-08-22", 1, "2024-08-01"));
        Assert.Equal("SETTLE-RES-DUP", Codes(r));
        Assert.Equal(D("2024-08-20"), r.Results[0].VerifiedOn);
    }

    [Fact]
    public void Interruption_checks_run_DUP_then_RETRO_then_RANGE()
    {
        // A second interruption that is also retroactive and outside the periods.
        Assert.Equal("SETTLE-INT-DUP", Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-04-01", "2024-04-10"), Interrupt("2024-04-02", "2024-03-01"))));
        // A first one that is both retroactive and before the start.
        Assert.Equal("SETTLE-INT-RETRO", Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-04-01", "2024-03-01"))));
    }

    [Fact]
    public void Extension_checks_run_INTERRUPTED_then_MAX()
    {
        // Two periods already and an interruption: the table's order makes it INTERRUPTED.
        var r = Calc(Level.B, "2024-03-11", Extend("2024-08-01"), Interrupt("2024-08-02", "2024-10-01"), Extend("2025-01-02"));
        Assert.Equal("SETTLE-EXT-INTERRUPTED", Codes(r));
        Assert.Equal(2, r.Rejected[0].Event);
    }

    [Fact]
    public void SETTLE_RES_ORDER_stage_2_before_stage_1() =>
        Assert.Equal("SETTLE-RES-ORDER", Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-05-10", "2024-05-20"), Verified("2024-11-21", 2, "2024-11-20"))));

    [Theory]
    [InlineData("2024-08-19", "SETTLE-RES-EARLY")]
    [InlineData("2024-08-20", "")]
    public void SETTLE_RES_EARLY_before_plusMonths_of_the_transition(string verifiedOn, string code) =>
        Assert.Equal(code, Codes(Calc(Level.B, "2024-03-11", Interrupt("2024-05-10", "2024-05-20"), Verified("2024-08-21", 1, verifiedOn))));

    [Fact]
    public void SETTLE_RES_EARLY_uses_clamped_month_ends()
    {
        // 2024-11-30 + 3 months = 2025-02-28 (the rule book's own example).
        var r = Calc(Level.B, "2024-09-01", Interrupt("2024-11-01", "2024-11-30"), Verified("2025-03-01", 1, "2025-02-28"));
        Assert.Empty(r.Rejected);
        Assert.Equal(D("2025-02-28"), r.Results[0].EarliestOn);
        Assert.Equal(D("2025-05-30"), r.Results[1].EarliestOn);
    }

    [Fact]
    public void SETTLE_EVENT_UNKNOWN_any_other_type()
    {
        var r = Calc(Level.B, "2024-03-11", new UnknownEvent(D("2024-04-01"), "holiday"));
        Assert.Equal("SETTLE-EVENT-UNKNOWN", Codes(r));
    }

    [Theory]
    [InlineData("""{"type":"holiday","registeredOn":"2024-04-01"}""")]
    [InlineData("""{"type":"holiday"}""")]                             // no registeredOn: still unknown, not invalid
    [InlineData("""{"type":"holiday","registeredOn":"2024-13-01"}""")]
    public void SETTLE_EVENT_UNKNOWN_whatever_its_fields(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("SETTLE-EVENT-UNKNOWN", Codes(Calc(Level.B, "2024-03-11", EventJson.Read(doc.RootElement))));
    }

    [Theory]
    [InlineData("""{"type":"levelChange","registeredOn":"2024-10-01","to":"A"}""", "SETTLE-LVL-FIXED")]
    [InlineData("""{"type":"levelChange","registeredOn":"2024-10-01","to":3}""", "SETTLE-LVL-FIXED")] // no rule reads `to`
    [InlineData("""{"type":"levelChange","registeredOn":"2024-10-01"}""", "SETTLE-LVL-FIXED")]
    [InlineData("""{"type":"levelChange","to":"A"}""", "SETTLE-EVENT-INVALID")]                        // a known type needs its date
    public void A_level_change_read_from_json_is_always_fixed(string json, string code)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(code, Codes(Calc(Level.B, "2024-03-11", EventJson.Read(doc.RootElement))));
    }

    [Fact]
    public void An_event_that_cannot_be_read_is_refused_not_dropped()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"type":"interruption","registeredOn":"2024-05-10","reason":"ARBETE"}""");
        var e = EventJson.Read(doc.RootElement);
        var r = Calc(Level.B, "2024-03-11", e);
        Assert.Equal("SETTLE-EVENT-INVALID", Codes(r));
        Assert.Contains("'date' is missing", r.Rejected[0].Message);
        Assert.Null(r.Interruption);
    }

    [Fact]
    public void An_unknown_interruption_reason_is_invalid()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"type":"interruption","registeredOn":"2024-05-10","date":"2024-05-20","reason":"SEMESTER"}""");
        Assert.Equal("SETTLE-EVENT-INVALID", Codes(Calc(Level.B, "2024-03-11", EventJson.Read(doc.RootElement))));
    }

    [Fact]
    public void Refused_events_change_nothing_and_are_reported_in_input_order()
    {
        var r = Calc(Level.B, "2024-03-11",
            new LevelChange(D("2024-09-01"), "C"),
            Interrupt("2024-04-11", "2024-04-10"),
            Verified("2024-08-21", 1, "2024-08-20"));
        Assert.Equal([0, 1, 2], r.Rejected.Select(x => x.Event));
        Assert.Null(r.Interruption);
        var plain = Calc(Level.B, "2024-03-11");
        Assert.Equal(plain.Periods.SelectMany(p => p.Months).Select(m => m.Amount), r.Periods.SelectMany(p => p.Months).Select(m => m.Amount));
    }
}
