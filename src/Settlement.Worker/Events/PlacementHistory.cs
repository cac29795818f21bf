using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using Settlement.Engine.Calculation;
using Settlement.Engine.Events;
using Settlement.Engine.Primitives;

namespace Settlement.Worker.Events;

/// <summary>
/// What the log knows about providers and placements, read from the database once per placement
/// and kept in step by the importer as it accepts lines (within one transaction).
/// </summary>
internal sealed class PlacementHistory(NpgsqlConnection conn, NpgsqlTransaction? tx)
{
    private readonly Dictionary<string, bool> providers = [];
    /// <summary>PEPPOL id (any case) → the provider that registered it, or null when none has: few providers, so looked up one by one.</summary>
    private readonly Dictionary<string, string?> providerIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PlacementRow?> placements = [];
    private readonly Dictionary<string, List<PlacementEvent>> events = [];
    private readonly Dictionary<string, HashSet<YearMonth>> reports = [];

    public bool ProviderExists(string org)
    {
        if (!providers.TryGetValue(org, out var exists))
            providers[org] = exists = conn.ExecuteScalar<bool>("select exists (select 1 from providers where org_number = @org)", new { org }, tx);
        return exists;
    }

    /// <summary>
    /// Reads, in a few queries, what lookups of these providers and placements will need (their
    /// existence, the placements' accepted engine events and reported months), so that checking a
    /// file costs no round trip per line.
    /// </summary>
    public void Preload(IEnumerable<string> placementIds, IEnumerable<string> providerOrgs)
    {
        var orgs = providerOrgs.Where(o => !providers.ContainsKey(o)).Distinct().ToArray();
        var known = conn.Query<string>("select org_number from providers where org_number = any(@orgs)", new { orgs }, tx).ToHashSet();
        foreach (var o in orgs) providers[o] = known.Contains(o);

        var ids = placementIds.Where(i => !placements.ContainsKey(i)).Distinct().ToArray();
        var rows = conn.Query<PlacementRow>(
            "select id, provider_org as ProviderOrg, level, start_date as StartDate, registered_on as RegisteredOn from placements where id = any(@ids)",
            new { ids }, tx).ToDictionary(r => r.Id);
        foreach (var id in ids) placements[id] = rows.GetValueOrDefault(id);
        var existing = rows.Keys.Where(id => !events.ContainsKey(id) && !reports.ContainsKey(id)).ToArray();
        foreach (var id in existing) { events[id] = []; reports[id] = []; }
        foreach (var (placement, canonical) in conn.Query<(string, string)>("""
            select placement_id, canonical from event_log
            where placement_id = any(@existing) and status = 'accepted' and type = any(@types)
            order by seq
            """, new { existing, types = EventJson.EngineTypes.ToArray() }, tx))
        {
            using var d = JsonDocument.Parse(canonical);
            events[placement].Add(EventJson.Read(d.RootElement));
        }
        foreach (var (placement, month) in conn.Query<(string, string)>("""
            select placement_id, event->>'month' from event_log
            where placement_id = any(@existing) and status = 'accepted' and type = 'periodicReport'
            """, new { existing }, tx))
            reports[placement].Add(Dates.TryParseMonth(month, out var ym) ? ym : default);
    }

    /// <summary>
    /// Drops the remembered misses (ids no provider or placement has), which a file of lines
    /// referring to unknown placements would otherwise pile up line by line. Safe at any time: an id
    /// registered since is remembered as present, and a miss is looked up again when needed.
    /// </summary>
    public void ForgetUnknown()
    {
        foreach (var (org, exists) in providers) if (!exists) providers.Remove(org);
        foreach (var (id, row) in placements) if (row is null) placements.Remove(id);
    }

    /// <summary>The organisation number of the provider that registered the PEPPOL id, or null.</summary>
    public string? ProviderOfId(string participantId)
    {
        if (!providerIds.TryGetValue(participantId, out var owner))
            providerIds[participantId] = owner = conn.QuerySingleOrDefault<string?>(
                "select provider_org from provider_ids where lower(participant_id) = lower(@participantId)", new { participantId }, tx);
        return owner;
    }

    public void AddProvider(string org, IEnumerable<string> participantIds)
    {
        providers[org] = true;
        foreach (var id in participantIds) providerIds[id] = org;
    }

    public PlacementRow? Placement(string id)
    {
        if (!placements.TryGetValue(id, out var row))
            placements[id] = row = conn.QuerySingleOrDefault<PlacementRow>(
                "select id, provider_org as ProviderOrg, level, start_date as StartDate, registered_on as RegisteredOn from placements where id = @id", new { id }, tx);
        return row;
    }

    public void AddPlacement(PlacementRow row)
    {
        placements[row.Id] = row;
        events[row.Id] = [];
        reports[row.Id] = [];
    }

    /// <summary>The engine's input: the accepted engine events in log order, those registered by <paramref name="asOf"/> when given.</summary>
    public PlacementInput Input(PlacementRow p, LocalDate? asOf) => PlacementAsOf.Input(p, Events(p.Id), asOf);

    public void AddEvent(string placement, PlacementEvent e) => Events(placement).Add(e);

    public bool Reported(string placement, YearMonth month) => Reports(placement).Contains(month);

    public void AddReport(string placement, YearMonth month) => Reports(placement).Add(month);

    private List<PlacementEvent> Events(string placement)
    {
        if (!events.TryGetValue(placement, out var list))
            events[placement] = list = LoadEvents(conn, tx, placement);
        return list;
    }

    private HashSet<YearMonth> Reports(string placement)
    {
        if (!reports.TryGetValue(placement, out var set))
        {
            set = conn.Query<string>("""
                select event->>'month' from event_log
                where placement_id = @placement and status = 'accepted' and type = 'periodicReport'
                """, new { placement }, tx)
                .Select(m => Dates.TryParseMonth(m, out var ym) ? ym : default).ToHashSet();
            reports[placement] = set;
        }
        return set;
    }

    /// <summary>The accepted engine events of a placement, in the order they entered the log.</summary>
    public static List<PlacementEvent> LoadEvents(NpgsqlConnection conn, NpgsqlTransaction? tx, string placement) =>
        conn.Query<string>("""
            select canonical from event_log
            where placement_id = @placement and status = 'accepted' and type = any(@types)
            order by seq
            """, new { placement, types = EventJson.EngineTypes.ToArray() }, tx)
            .Select(c => { using var d = JsonDocument.Parse(c); return EventJson.Read(d.RootElement); })
            .ToList();
}
