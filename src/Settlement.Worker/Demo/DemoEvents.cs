using System.Text;
using System.Text.Json;
using NodaTime;
using Settlement.Engine.Calculation;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Demo;

/// <summary>A provider of the demo: a valid organisation number (Luhn) and its PEPPOL id.</summary>
internal sealed record DemoProvider(string OrgNumber, string Name, string Agreement, string Street, string City, string PostalZone)
{
    public string PeppolId => "0007:" + OrgNumber;
    public string VatNumber => $"SE{OrgNumber}01";
}

/// <summary>
/// Generates the demo's event file (samples/demo-events.jsonl) from a fixed seed: 4 providers and
/// about 300 placements over 18 months with a realistic mix — levels, parallel programmes,
/// interruptions of every reason (one registered retroactively, and refused), extensions,
/// verified results at 3 and 6 months, an attempted level change, and the monthly periodic
/// reports. Lines are in registration order, as they would arrive. A test keeps the committed
/// file equal to what this generates.
/// </summary>
internal static class DemoEvents
{
    public static readonly LocalDate First = new(2024, 1, 1);
    public static readonly LocalDate Last = new(2025, 6, 30);

    public static readonly IReadOnlyList<DemoProvider> Providers =
    [
        new("5569876542", "Exempel Rusta AB", "AVT-2023-0117", "Storgatan 1", "Umeå", "90326"),
        new("5561234567", "Norrlands Matchning AB", "AVT-2023-0342", "Kungsgatan 12", "Luleå", "97231"),
        new("5590348719", "Vägen Vidare i Väst AB", "AVT-2023-0518", "Första Långgatan 8", "Göteborg", "41327"),
        new("5566778899", "Arbetslinjen Syd AB", "AVT-2023-0733", "Södra Förstadsgatan 30", "Malmö", "21143"),
    ];

    private static readonly (string Reason, int Weight)[] Reasons =
    [
        ("ARBETE", 50), ("STUDIER", 10), ("SUBV", 10), ("SJUK", 8), ("AUB", 7), ("SAMHALL", 5), ("BYTE", 5), ("ANNAN_TJANST", 3), ("OVRIGT", 2),
    ];

    private static readonly string[] Programmes = ["PRAKTIK", "PRAKTIK", "KOMMUNAL", "SFI", "YKB", "VALIDERING"];

    private sealed record Line(LocalDate RegisteredOn, int Order, string Json);

    public static string Generate(int placements = 300, int seed = 20240101)
    {
        var random = new Random(seed);
        var lines = new List<Line>();
        int order = 0;
        void Add(LocalDate registered, object e) => lines.Add(new Line(registered, order++, JsonSerializer.Serialize(e)));

        foreach (var p in Providers)
            Add(new LocalDate(2023, 12, 18), new
            {
                type = "provider", registeredOn = "2023-12-18", orgNumber = p.OrgNumber, name = p.Name, peppolId = p.PeppolId,
                agreement = p.Agreement, vatNumber = p.VatNumber,
                address = new { street = p.Street, city = p.City, postalZone = p.PostalZone, country = "SE" },
            });

        bool retroactiveDone = false, levelChangeDone = false;
        for (int n = 1; n <= placements; n++)
        {
            var start = First.PlusDays(7 + random.Next(0, 440));
            var id = $"GR-{start.Year}-{n:D6}";
            var provider = Providers[random.Next(Providers.Count)];
            var level = random.Next(100) switch { < 35 => "A", < 75 => "B", _ => "C" };
            var registered = start.PlusDays(-random.Next(2, 8));
            Add(registered, new { type = "placement", registeredOn = D(registered), placement = id, provider = provider.OrgNumber, level, start = D(start) });

            var period1End = Periods.End(start);
            var lastEnd = period1End;
            LocalDate? interruption = null;
            string? reason = null;

            if (random.Next(100) < 25)
            {
                var from = start.PlusDays(random.Next(5, 120));
                var programme = Programmes[random.Next(Programmes.Length)];
                var to = from.PlusDays(random.Next(14, 70));
                var on = from.PlusDays(-random.Next(1, 6));
                Add(on, new { type = "parallel", registeredOn = D(on), placement = id, program = programme, from = D(from), to = D(to) });
            }
            bool extend = random.Next(100) < 22;
            if (extend)
            {
                var on = period1End.PlusDays(-random.Next(5, 20));
                Add(on, new { type = "extension", registeredOn = D(on), placement = id });
                lastEnd = Periods.End(period1End.PlusDays(1));
            }
            if (random.Next(100) < 50)
            {
                // Extended placements are interrupted in period 2, so the extension always comes first.
                var from = extend ? period1End.PlusDays(15) : start.PlusDays(10);
                var date = from.PlusDays(random.Next(0, Period.DaysBetween(from, lastEnd)));
                reason = Pick(random);
                if (!retroactiveDone && reason == "ARBETE" && date.Year == 2024)
                {
                    // The one retroactive registration of the demo: refused (SETTLE-INT-RETRO), then registered properly later.
                    retroactiveDone = true;
                    Add(date.PlusDays(4), new { type = "interruption", registeredOn = D(date.PlusDays(4)), placement = id, date = D(date), reason });
                    date = date.PlusDays(7);
                    Add(date.PlusDays(-2), new { type = "interruption", registeredOn = D(date.PlusDays(-2)), placement = id, date = D(date), reason });
                }
                else
                {
                    var on = date.PlusDays(-random.Next(0, 10));
                    Add(on, new { type = "interruption", registeredOn = D(on), placement = id, date = D(date), reason });
                }
                interruption = date;
                if (reason is "ARBETE" or "STUDIER" or "SUBV")
                {
                    foreach (var (stage, months, chance) in new[] { (1, 3, 85), (2, 6, 75) })
                    {
                        if (random.Next(100) >= chance) break;
                        var verified = date.PlusMonths(months).PlusDays(random.Next(0, 10));
                        var on = verified.PlusDays(random.Next(1, 6));
                        if (on > Last) break;
                        Add(on, new { type = "resultVerified", registeredOn = D(on), placement = id, stage, verifiedOn = D(verified) });
                    }
                }
            }
            if (!levelChangeDone && level == "C")
            {
                levelChangeDone = true;
                var on = start.PlusDays(30);
                Add(on, new { type = "levelChange", registeredOn = D(on), placement = id, to = "B" });
            }

            // Periodic reports: each month with days in service, early in the next month.
            var serviceEnd = interruption is { } i ? i.PlusDays(-1) : lastEnd;
            for (var month = start.ToYearMonth(); month <= serviceEnd.ToYearMonth(); month = month.PlusMonths(1))
            {
                var on = month.PlusMonths(1).OnDayOfMonth(1).PlusDays(random.Next(1, 6));
                if (on > Last) break;
                if (month.OnDayOfMonth(1) > serviceEnd) break;
                Add(on, new { type = "periodicReport", registeredOn = D(on), placement = id, month = Dates.Format(month) });
            }
        }

        var sb = new StringBuilder();
        foreach (var line in lines.Where(l => l.RegisteredOn <= Last).OrderBy(l => l.RegisteredOn).ThenBy(l => l.Order))
            sb.Append(line.Json).Append('\n');
        return sb.ToString();
    }

    private static string Pick(Random random)
    {
        int roll = random.Next(Reasons.Sum(r => r.Weight));
        foreach (var (reason, weight) in Reasons)
        {
            if (roll < weight) return reason;
            roll -= weight;
        }
        return "ARBETE";
    }

    private static string D(LocalDate date) => Dates.Format(date);
}
