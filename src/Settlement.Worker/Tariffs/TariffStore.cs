using Dapper;
using Npgsql;
using Settlement.Worker.Database;
using Settlement.Engine.Tariffs;

namespace Settlement.Worker.Tariffs;

/// <summary>A tariff as stored: the exact JSON that was imported, so every figure can be redone from it.</summary>
internal sealed record StoredTariff(long Id, string Sha256, Tariff Tariff);

/// <summary>
/// `settle tariff import`: the engine's reader validates the file (every problem with its JSON
/// path); the JSON is stored byte for byte with its SHA-256. The tariff in force is the one
/// imported last; orders record the hash of the tariff they were computed from.
/// </summary>
internal static class TariffStore
{
    public sealed record ImportResult(string Sha256, bool AlreadyImported, int Versions);

    public static ImportResult Import(NpgsqlDataSource ds, string file)
    {
        string json;
        try { json = File.ReadAllText(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettleException($"{file}: cannot read the file: {ex.Message}");
        }
        var read = TariffReader.Read(json);
        if (read.Tariff is null)
        {
            var first = read.Errors[0];
            var more = read.Errors.Count > 1 ? $" (and {read.Errors.Count - 1} more)" : "";
            throw new SettleException($"{file}: invalid tariff at {first}{more}");
        }
        var sha = Hashing.Sha256Hex(json);
        using var conn = ds.Connect();
        var inserted = conn.Execute(
            "insert into tariffs (content_sha256, source_file, json) values (@sha, @file, @json) on conflict (content_sha256) do nothing",
            new { sha, file = Path.GetFileName(file), json });
        return new(sha, inserted == 0, read.Tariff.Versions.Count);
    }

    /// <summary>The tariff in force (imported last), or null when none was imported.</summary>
    public static StoredTariff? Current(NpgsqlConnection conn, NpgsqlTransaction? tx = null)
    {
        var row = conn.QuerySingleOrDefault<(long Id, string Sha, string Json)>(
            "select id, content_sha256, json from tariffs order by id desc limit 1", transaction: tx);
        return row.Json is null ? null : Parse(row.Id, row.Sha, row.Json);
    }

    public static StoredTariff Require(NpgsqlConnection conn, NpgsqlTransaction? tx = null) =>
        Current(conn, tx) ?? throw new SettleException("no tariff has been imported: run 'settle tariff import FILE' first");

    private static StoredTariff Parse(long id, string sha, string json)
    {
        var read = TariffReader.Read(json);
        return read.Tariff is { } t ? new(id, sha, t)
            : throw new SettleException($"stored tariff {sha[..12]} no longer reads: {read.Errors[0]}", ExitCodes.Problem);
    }
}
