using System.Text;
using System.Text.Json;
using NodaTime;
using Settlement.Engine.Primitives;
using Settlement.Peppol.Identifiers;

namespace Settlement.Worker.Bench;

/// <summary>
/// A synthetic national month (March 2025) for `settle bench`: N placements active in the month,
/// spread over levels and start dates (October 2024 to March 2025, so about a sixth start this
/// month), their periodic reports for the month, and about 8 % with a transition to work three or
/// more months earlier whose result stage 1 is verified this month (speed bonus, stage 1 and, for
/// level C, the supplement are then earned). 40 providers with valid organisation numbers.
/// </summary>
internal static class BenchData
{
    public static readonly YearMonth Month = new(2025, 3);
    /// <summary>The run date: after the month's reports have come in.</summary>
    public static readonly LocalDate RunDate = new(2025, 4, 3);

    public static IReadOnlyList<string> Providers { get; } = Enumerable.Range(0, 40).Select(i => OrganisationNumber.WithCheckDigit($"559{100000 + i * 37:D6}").Value).ToList();

    public static string Events(int placements, int seed = 7)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        void Line(object e) => sb.Append(JsonSerializer.Serialize(e)).Append('\n');
        foreach (var org in Providers)
            Line(new { type = "provider", registeredOn = "2024-09-01", orgNumber = org, name = $"Leverantör {org} AB", peppolId = "0007:" + org,
                agreement = $"AVT-{org[^4..]}", vatNumber = $"SE{org}01", address = new { street = "Storgatan 1", city = "Stockholm", postalZone = "11122", country = "SE" } });
        var first = new LocalDate(2024, 10, 1);
        var span = Period.DaysBetween(first, Month.OnDayOfMonth(Month.Calendar.GetDaysInMonth(Month.Year, Month.Month)));
        var reports = new StringBuilder();
        for (int n = 0; n < placements; n++)
        {
            var id = $"GR-B-{n:D7}";
            var earned = random.Next(100) < 8;
            var start = earned ? first.PlusDays(random.Next(0, 40)) : first.PlusDays(random.Next(0, span + 1));
            var level = (n % 3) switch { 0 => "A", 1 => "B", _ => "C" };
            var provider = Providers[n % Providers.Count];
            Line(new { type = "placement", registeredOn = Dates.Format(start.PlusDays(-3)), placement = id, provider, level, start = Dates.Format(start) });
            if (earned)
            {
                var date = start.PlusDays(random.Next(10, 40));
                Line(new { type = "interruption", registeredOn = Dates.Format(date.PlusDays(-2)), placement = id, date = Dates.Format(date), reason = "ARBETE" });
                var verified = date.PlusMonths(3).PlusDays(random.Next(0, 5));
                Line(new { type = "resultVerified", registeredOn = Dates.Format(Month.OnDayOfMonth(25)), placement = id, stage = 1, verifiedOn = Dates.Format(verified) });
            }
            else
            {
                var reported = RunDate.PlusDays(-1);
                reports.Append(JsonSerializer.Serialize(new { type = "periodicReport", registeredOn = Dates.Format(reported), placement = id, month = Dates.Format(Month) })).Append('\n');
            }
        }
        return sb.Append(reports).ToString();
    }
}
