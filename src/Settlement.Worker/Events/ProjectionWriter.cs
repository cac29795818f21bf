using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Settlement.Worker.Events;

/// <summary>
/// The providers and placements registered by accepted lines, gathered as the importer appends
/// them and written in bulk after the log rows they refer to (their <c>event_seq</c>).
/// </summary>
internal sealed class ProjectionWriter(NpgsqlConnection conn, NpgsqlTransaction tx)
{
    private readonly List<(string Org, string Name, string PeppolId, string Agreement, string? Vat, string? Street, string? City, string? Zone,
        string Country, LocalDate RegisteredOn, long Seq)> newProviders = [];
    private readonly List<(PlacementRow Row, long Seq)> newPlacements = [];
    private readonly List<(string Id, string Org, string Role, long Seq)> newProviderIds = [];

    /// <summary>An accepted provider event (already checked: its required fields are there) and its PEPPOL ids (<see cref="ProviderCheck.Ids"/>).</summary>
    public void AddProvider(JsonElement e, IReadOnlyList<(string Id, string Role)> ids, LocalDate registeredOn, long seq)
    {
        newProviderIds.AddRange(ids.Select(i => (i.Id, Str(e, "orgNumber")!, i.Role, seq)));
        var a = e.TryGetProperty("address", out var addr) && addr.ValueKind == JsonValueKind.Object ? addr : default;
        newProviders.Add((Str(e, "orgNumber")!, Str(e, "name")!, Str(e, "peppolId")!, Str(e, "agreement")!, Str(e, "vatNumber"),
            Str(a, "street"), Str(a, "city"), Str(a, "postalZone"), Str(a, "country") ?? "SE", registeredOn, seq));
    }

    public void AddPlacement(PlacementRow row, long seq) => newPlacements.Add((row, seq));

    /// <summary>Writes what was added since the last call; call after the log rows are written.</summary>
    public void Write()
    {
        if (newProviders.Count > 0)
            conn.Execute("""
                insert into providers (org_number, name, peppol_id, agreement, vat_number, street, city, postal_zone, country, registered_on, event_seq)
                select * from unnest(@orgs::text[], @names::text[], @peppol::text[], @agreements::text[], @vats::text[], @streets::text[],
                                     @cities::text[], @zones::text[], @countries::text[], @registered::date[], @seqs::bigint[])
                """, new
            {
                orgs = newProviders.Select(p => p.Org).ToArray(), names = newProviders.Select(p => p.Name).ToArray(),
                peppol = newProviders.Select(p => p.PeppolId).ToArray(), agreements = newProviders.Select(p => p.Agreement).ToArray(),
                vats = newProviders.Select(p => p.Vat).ToArray(), streets = newProviders.Select(p => p.Street).ToArray(),
                cities = newProviders.Select(p => p.City).ToArray(), zones = newProviders.Select(p => p.Zone).ToArray(),
                countries = newProviders.Select(p => p.Country).ToArray(), registered = newProviders.Select(p => p.RegisteredOn.ToDateOnly()).ToArray(),
                seqs = newProviders.Select(p => p.Seq).ToArray(),
            }, tx);
        newProviders.Clear();
        if (newProviderIds.Count > 0)
            conn.Execute("""
                insert into provider_ids (participant_id, provider_org, role, event_seq)
                select * from unnest(@ids::text[], @orgs::text[], @roles::text[], @seqs::bigint[])
                """, new
            {
                ids = newProviderIds.Select(p => p.Id).ToArray(), orgs = newProviderIds.Select(p => p.Org).ToArray(),
                roles = newProviderIds.Select(p => p.Role).ToArray(), seqs = newProviderIds.Select(p => p.Seq).ToArray(),
            }, tx);
        newProviderIds.Clear();
        if (newPlacements.Count > 0)
            using (var copy = conn.BeginBinaryImport("copy placements (id, provider_org, level, start_date, registered_on, event_seq) from stdin (format binary)"))
            {
                foreach (var (row, seq) in newPlacements)
                {
                    copy.StartRow();
                    copy.Write(row.Id, NpgsqlDbType.Text);
                    copy.Write(row.ProviderOrg, NpgsqlDbType.Text);
                    copy.Write(row.Level, NpgsqlDbType.Char);
                    copy.Write(row.StartDate, NpgsqlDbType.Date);
                    copy.Write(row.RegisteredOn, NpgsqlDbType.Date);
                    copy.Write(seq, NpgsqlDbType.Bigint);
                }
                copy.Complete();
            }
        newPlacements.Clear();
    }

    private static string? Str(JsonElement e, string name) => EventImporter.Str(e, name);
}
