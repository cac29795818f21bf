using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Testing;
using Settlement.Worker.Configuration;

namespace Settlement.Worker.Tests.Configuration;

public sealed class SettingsTests
{
    private static Settings With(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void The_business_date_is_today_in_Stockholm_not_in_UTC()
    {
        // 23:30 UTC on 10 March is 00:30 on 11 March in Stockholm (UTC+1); in summer UTC+2.
        Assert.Equal(new LocalDate(2024, 3, 11), With().Today(new FakeClock(Instant.FromUtc(2024, 3, 10, 23, 30))));
        Assert.Equal(new LocalDate(2024, 8, 21), With().Today(new FakeClock(Instant.FromUtc(2024, 8, 20, 22, 30))));
        Assert.Equal(new LocalDate(2024, 8, 20), With().Today(new FakeClock(Instant.FromUtc(2024, 8, 20, 21, 30))));
    }

    [Fact]
    public void Settlement_Today_fixes_the_business_date_and_a_bad_one_is_refused()
    {
        Assert.Equal(new LocalDate(2024, 3, 11), With(("Settlement:Today", "2024-03-11")).Today(SystemClock.Instance));
        Assert.Throws<SettleException>(() => With(("Settlement:Today", "11/3/2024")).Today(SystemClock.Instance));
    }

    [Fact]
    public void The_buyer_defaults_to_the_agency_and_each_field_can_be_configured()
    {
        var d = With().Buyer().Party;
        Assert.Equal(("Arbetsförmedlingen", "2021002114", "0007:2021002114"), (d.Name, d.OrganisationNumber.Value, d.ParticipantId.ToString()));
        var c = With(("Settlement:Buyer:Name", "Testmyndigheten"), ("Settlement:Buyer:City", "Kiruna")).Buyer().Party;
        Assert.Equal(("Testmyndigheten", "Kiruna", "2021002114"), (c.Name, c.Address.City, c.OrganisationNumber.Value));
        Assert.Throws<SettleException>(() => With(("Settlement:Buyer:OrgNumber", "1234567890")).Buyer());
    }

    [Fact]
    public void Cron_times_and_the_outbox_come_from_configuration_with_defaults()
    {
        var s = With(("Settlement:Jobs:OrderRun:Cron", "0 15 5 * * ?"));
        Assert.Equal(("0 15 5 * * ?", "0 30 6 * * ?"), (s.OrderRunCron, s.DeliveryRunCron));
        Assert.Equal(Path.GetFullPath("/srv/outbox"), With(("Settlement:Outbox", "/srv/outbox")).OutboxDirectory(null));
        Assert.Equal(Path.GetFullPath("/x"), With(("Settlement:Outbox", "/srv/outbox")).OutboxDirectory("/x"));
    }
}
