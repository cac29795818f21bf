using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;
using Settlement.Engine.Tariffs;
using Settlement.Worker.Events;
using Settlement.Worker.Orders;

namespace Settlement.Worker.Tests.Replay;

/// <summary>
/// A synthetic national data set for measuring replay: N placements started over the twelve months
/// before 2025-06-30, with parallel programmes, extensions, interruptions of every reason, verified
/// results and the monthly periodic reports; the hash-chained event log; and the figures the daily
/// order and delivery runs would have stored (orders when they fell due, deliveries on each report's
/// date, closings when a period ended), computed with the engine exactly as the runs do. Written
/// with binary COPY, because issuing a million order lines one transaction at a time (with their
/// PEPPOL documents) is the runs' job, not what is measured here. Nothing is committed as a file.
/// </summary>
public static class ScaleData
{
    public static readonly LocalDate Snapshot = new(2025, 6, 30);
    private static readonly LocalDate FirstStart = new(2024, 7, 1);

    private static readonly (string Reason, int Weight)[] Reasons =
        [("ARBETE", 50), ("STUDIER", 10), ("SUBV", 10), ("SJUK", 8), ("AUB", 7), ("SAMHALL", 5), ("BYTE", 5), ("ANNAN_TJANST", 3), ("OVRIGT", 2)];
    private static readonly string[] Programmes = ["PRAKTIK", "PRAKTIK", "KOMMUNAL", "SFI", "YKB", "VALIDERING"];

    private sealed record Row(LocalDate RegisteredOn, int Order, string Type, string? Placement, string? Provider, string Canonical);

    public sealed record Counts(int Placements, int Events, int Orders, int Lines, int Deliveries);

    public static Counts Build(NpgsqlDataSource ds, string tariffJson, string tariffSha, Tariff tariff, int placements, int seed = 4711)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        int order = 0;
        void Add(LocalDate on, string type, string? placement, string? provider, object e)
        {
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(e));
            rows.Add(new Row(on, order++, type, placement, provider, CanonicalJson.Write(doc.RootElement)));
        }

        var providers = Enumerable.Range(0, 50).Select(i => OrgNumber(5560000000L + i * 7919L)).ToList();
        foreach (var org in providers)
            Add(new LocalDate(2024, 1, 2), "provider", null, org, new { type = "provider", registeredOn = "2024-01-02", orgNumber = org, name = $"Leverantör {org} AB",
                peppolId = "0007:" + org, agreement = "AVT-" + org[..6], vatNumber = $"SE{org}01", address = new { street = "Storgatan 1", city = "Umeå", postalZone = "90326", country = "SE" } });

        var placementsList = new List<(string Id, string Provider, Level Level, LocalDate Start, LocalDate Registered)>();
        for (int n = 1; n <= placements; n++)
        {
            var start = FirstStart.PlusDays(random.Next(0, 355));
            var id = $"GR-{start.Year}-{n:D7}";
            var provider = providers[random.Next(providers.Count)];
            var level = random.Next(100) switch { < 35 => Level.A, < 75 => Level.B, _ => Level.C };
            var registered = start.PlusDays(-random.Next(2, 8));
            Add(registered, "placement", id, provider, new { type = "placement", registeredOn = D(registered), placement = id, provider, level = level.ToString(), start = D(start) });
            placementsList.Add((id, provider, level, start, registered));

            var period1End = Periods.End(start);
            var lastEnd = period1End;
            LocalDate? interruption = null;
            if (random.Next(100) < 25)
            {
                var from = start.PlusDays(random.Next(5, 120));
                var to = from.PlusDays(random.Next(14, 70));
                var on = from.PlusDays(-random.Next(1, 6));
                Add(on, "parallel", id, null, new { type = "parallel", registeredOn = D(on), placement = id, program = Programmes[random.Next(Programmes.Length)], from = D(from), to = D(to) });
            }
            var extend = random.Next(100) < 22;
            if (extend)
            {
                var on = period1End.PlusDays(-random.Next(5, 20));
                Add(on, "extension", id, null, new { type = "extension", registeredOn = D(on), placement = id });
                lastEnd = Periods.End(period1End.PlusDays(1));
            }
            if (random.Next(100) < 45)
            {
                var from = extend ? period1End.PlusDays(15) : start.PlusDays(10);
                var date = from.PlusDays(random.Next(0, Math.Max(1, Period.DaysBetween(from, lastEnd))));
                var reason = Pick(random);
                var on = date.PlusDays(-random.Next(0, 10));
                Add(on, "interruption", id, null, new { type = "interruption", registeredOn = D(on), placement = id, date = D(date), reason });
                interruption = date;
                if (reason is "ARBETE" or "STUDIER" or "SUBV")
                    foreach (var (stage, months, chance) in new[] { (1, 3, 85), (2, 6, 75) })
                    {
                        if (random.Next(100) >= chance) break;
                        var verified = date.PlusMonths(months).PlusDays(random.Next(0, 10));
                        var vOn = verified.PlusDays(random.Next(1, 6));
                        Add(vOn, "resultVerified", id, null, new { type = "resultVerified", registeredOn = D(vOn), placement = id, stage, verifiedOn = D(verified) });
                    }
            }
            var serviceEnd = interruption is { } i ? i.PlusDays(-1) : lastEnd;
            for (var month = start.ToYearMonth(); month <= serviceEnd.ToYearMonth() && month.OnDayOfMonth(1) <= serviceEnd; month = month.PlusMonths(1))
            {
                var on = month.PlusMonths(1).OnDayOfMonth(1).PlusDays(random.Next(1, 6));
                Add(on, "periodicReport", id, null, new { type = "periodicReport", registeredOn = D(on), placement = id, month = Dates.Format(month) });
            }
        }

        var log = rows.Where(r => r.RegisteredOn <= Snapshot).OrderBy(r => r.RegisteredOn).ThenBy(r => r.Order).ToList();
        using var conn = ds.OpenConnection();
        var prev = new byte[32];
        var engineEvents = new Dictionary<string, List<(long Seq, PlacementEvent Event)>>(StringComparer.Ordinal);
        var reports = new Dictionary<string, List<(long Seq, string Month, LocalDate On)>>(StringComparer.Ordinal);
        var placementSeq = new Dictionary<string, long>(StringComparer.Ordinal);
        long seq = 0;
        var providerSeq = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var w = conn.BeginBinaryImport("""
                   copy event_log (seq, source_file, source_line, type, placement_id, provider_org, registered_on, status, code, message, canonical, event, content_hash, prev_hash, hash)
                   from stdin (format binary)
                   """))
        {
            foreach (var r in log)
            {
                seq++;
                var content = SHA256.HashData(Encoding.UTF8.GetBytes(r.Canonical));
                var hash = EventLog.ChainHash(prev, content, null);
                w.StartRow();
                w.Write(seq, NpgsqlDbType.Bigint);
                w.Write("scale.jsonl", NpgsqlDbType.Text);
                w.Write((int)seq, NpgsqlDbType.Integer);
                w.Write(r.Type, NpgsqlDbType.Text);
                if (r.Placement is null) w.WriteNull(); else w.Write(r.Placement, NpgsqlDbType.Text);
                if (r.Provider is null) w.WriteNull(); else w.Write(r.Provider, NpgsqlDbType.Text);
                w.Write(r.RegisteredOn, NpgsqlDbType.Date);
                w.Write("accepted", NpgsqlDbType.Text);
                w.WriteNull();
                w.WriteNull();
                w.Write(r.Canonical, NpgsqlDbType.Text);
                w.Write(r.Canonical, NpgsqlDbType.Jsonb);
                w.Write(content, NpgsqlDbType.Bytea);
                w.Write(prev, NpgsqlDbType.Bytea);
                w.Write(hash, NpgsqlDbType.Bytea);
                prev = hash;
                switch (r.Type)
                {
                    case "provider": providerSeq[r.Provider!] = seq; break;
                    case "placement": placementSeq[r.Placement!] = seq; break;
                    case "periodicReport":
                        using (var d = JsonDocument.Parse(r.Canonical))
                            Get(reports, r.Placement!).Add((seq, d.RootElement.GetProperty("month").GetString()!, r.RegisteredOn));
                        break;
                    default:
                        using (var d = JsonDocument.Parse(r.Canonical))
                            Get(engineEvents, r.Placement!).Add((seq, EventJson.Read(d.RootElement)));
                        break;
                }
            }
            w.Complete();
        }
        using (var head = new NpgsqlCommand("update event_chain_head set last_seq = @s, hash = @h", conn))
        {
            head.Parameters.AddWithValue("s", seq);
            head.Parameters.AddWithValue("h", prev);
            head.ExecuteNonQuery();
        }
        using (var w = conn.BeginBinaryImport("copy providers (org_number, name, peppol_id, agreement, vat_number, street, city, postal_zone, country, registered_on, event_seq) from stdin (format binary)"))
        {
            foreach (var org in providers)
            {
                w.StartRow();
                w.Write(org); w.Write($"Leverantör {org} AB"); w.Write("0007:" + org); w.Write("AVT-" + org[..6]); w.Write($"SE{org}01");
                w.Write("Storgatan 1"); w.Write("Umeå"); w.Write("90326"); w.Write("SE"); w.Write(new LocalDate(2024, 1, 2), NpgsqlDbType.Date); w.Write(providerSeq[org]);
            }
            w.Complete();
        }
        var registeredPlacements = placementsList.Where(p => placementSeq.ContainsKey(p.Id)).ToList();
        using (var w = conn.BeginBinaryImport("copy placements (id, provider_org, level, start_date, registered_on, event_seq) from stdin (format binary)"))
        {
            foreach (var p in registeredPlacements)
            {
                w.StartRow();
                w.Write(p.Id); w.Write(p.Provider); w.Write(p.Level.ToString(), NpgsqlDbType.Char); w.Write(p.Start, NpgsqlDbType.Date); w.Write(p.Registered, NpgsqlDbType.Date); w.Write(placementSeq[p.Id]);
            }
            w.Complete();
        }

        // The runs' figures.
        var serials = new Dictionary<LocalDate, int>();
        int orders = 0, lines = 0, deliveries = 0;
        using var ow = new ScaleDataWriters(conn);
        foreach (var p in registeredPlacements)
        {
            var events = engineEvents.GetValueOrDefault(p.Id) ?? [];
            var input = new PlacementInput(PlacementId.Parse(p.Id), p.Provider, p.Level, p.Start, []);
            PlacementResult AsOf(LocalDate d) => Calculator.Calculate(tariff, input with { Events = events.Where(e => e.Event.RegisteredOn <= d).Select(e => e.Event).ToList() });
            var final = AsOf(Snapshot);
            var candidates = new SortedSet<LocalDate> { p.Registered };
            foreach (var e in events) candidates.Add(e.Event.RegisteredOn);
            foreach (var period in final.Periods) candidates.Add(period.Start);
            var issued = new Dictionary<string, (string Number, DueOrder Due, LocalDate On)>();
            foreach (var d in candidates.Where(d => d >= p.Registered && d <= Snapshot))
                foreach (var due in DueOrders.On(d, AsOf(d)))
                {
                    if (issued.ContainsKey(due.Key)) continue;
                    var serial = serials[d] = serials.GetValueOrDefault(d) + 1;
                    var number = $"IN{d.Year % 100:D2}{d.Month:D2}{d.Day:D2}-{serial}";
                    issued[due.Key] = (number, due, d);
                    var vat = tariff.RequireVersionAt(due.EarnedOn).Vat;
                    ow.Order(number, due, p.Id, p.Provider, d, vat.Category, vat.Percent, tariffSha);
                    orders++;
                    foreach (var l in due.Lines) { ow.Line(number, l); lines++; }
                    if (due.Kind != "base") { ow.Delivery(number, 1, "delivered", 1m, due.Total, d, null); deliveries++; }
                }
            var delivered = new HashSet<(string, int)>();
            foreach (var r in reports.GetValueOrDefault(p.Id) ?? [])
            {
                var result = AsOf(r.On);
                foreach (var (number, due, _) in issued.Values.Where(x => x.Due.Kind == "base"))
                    foreach (var l in due.Lines.Where(l => l.Month == r.Month))
                    {
                        var m = result.Periods.First(x => x.Number == due.Period).Months.First(x => Dates.Format(x.Month) == r.Month);
                        if (!delivered.Add((number, l.LineNo))) continue;
                        ow.Delivery(number, l.LineNo, m.InServiceDays > 0 ? "delivered" : "not_delivered", m.DeliveredQuantity, m.Amount.Amount, r.On, r.Seq);
                        deliveries++;
                    }
            }
            foreach (var (number, due, _) in issued.Values.Where(x => x.Due.Kind == "base"))
            {
                var closeOn = due.Lines[^1].To.PlusDays(1);
                if (closeOn > Snapshot) continue;
                var result = AsOf(closeOn);
                foreach (var l in due.Lines.Where(l => !delivered.Contains((number, l.LineNo))))
                {
                    var m = result.Periods.First(x => x.Number == due.Period).Months.First(x => Dates.Format(x.Month) == l.Month);
                    if (m.InServiceDays > 0) continue;
                    ow.Delivery(number, l.LineNo, "not_delivered", 0m, 0m, closeOn, null);
                    deliveries++;
                }
            }
        }
        ow.Complete();
        return new Counts(registeredPlacements.Count, log.Count, orders, lines, deliveries);
    }

    private static List<T> Get<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }

    private static string OrgNumber(long nine) => Settlement.Peppol.Identifiers.OrganisationNumber.WithCheckDigit((nine / 10).ToString("D9")).Value;

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
