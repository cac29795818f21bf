using Dapper;
using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Worker.Intake;

/// <summary>How a document reached the service (`settle invoices` shows it with the source).</summary>
public enum Channel { File, Inbox, Http, Portal }

/// <summary>An archived inbound document: its id and exactly the bytes that arrived.</summary>
public sealed record ArchivedDocument(long Id, Channel Channel, string Source, string Sha256, byte[] Content);

/// <summary>
/// Archive first: the exact bytes, their SHA-256, the channel and the time are committed before
/// anything else looks at them, so a document is never lost whatever it contains or whatever
/// fails afterwards. The table is append-only (a trigger refuses UPDATE and DELETE).
/// </summary>
public static class InboundArchive
{
    public static ArchivedDocument Store(NpgsqlDataSource ds, Channel channel, string source, byte[] content) =>
        StoreMany(ds, [(channel, source, content)])[0];

    /// <summary>Archives a batch in one transaction (one round trip per thousand), in the order given.</summary>
    public static IReadOnlyList<ArchivedDocument> StoreMany(NpgsqlDataSource ds, IReadOnlyList<(Channel Channel, string Source, byte[] Content)> documents)
    {
        var archived = new List<ArchivedDocument>(documents.Count);
        if (documents.Count == 0) return archived;
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        foreach (var chunk in documents.Chunk(1000))
        {
            var shas = chunk.Select(d => Hashing.Sha256Hex(d.Content)).ToArray();
            // Identity values are drawn in the order of the ordered select, so ascending ids follow the input order.
            var ids = conn.Query<long>("""
                insert into inbound_documents (channel, source, sha256, size_bytes, content)
                select c, s, h, z, b from unnest(@channels::text[], @sources::text[], @shas::text[], @sizes::int[], @contents::bytea[])
                    with ordinality as u(c, s, h, z, b, o)
                order by o
                returning id
                """, new
            {
                channels = chunk.Select(d => Name(d.Channel)).ToArray(), sources = chunk.Select(d => d.Source).ToArray(), shas,
                sizes = chunk.Select(d => d.Content.Length).ToArray(), contents = chunk.Select(d => d.Content).ToArray(),
            }, tx).Order().ToArray();
            for (int i = 0; i < chunk.Length; i++)
                archived.Add(new ArchivedDocument(ids[i], chunk[i].Channel, chunk[i].Source, shas[i], chunk[i].Content));
        }
        tx.Commit();
        return archived;
    }

    /// <summary>Archived documents that have no outcome yet (a crash between archiving and deciding).</summary>
    public static IReadOnlyList<ArchivedDocument> Unprocessed(NpgsqlDataSource ds)
    {
        using var conn = ds.Connect();
        return conn.Query<(long Id, string Channel, string Source, string Sha256, byte[] Content)>("""
            select d.id, d.channel, d.source, d.sha256, d.content from inbound_documents d
            where not exists (select 1 from inbound_outcomes o where o.document_id = d.id) order by d.id
            """).Select(r => new ArchivedDocument(r.Id, Parse(r.Channel), r.Source, r.Sha256, r.Content)).ToList();
    }

    public static string Name(Channel channel) => channel.ToString().ToLowerInvariant();

    private static Channel Parse(string name) => Enum.Parse<Channel>(name, ignoreCase: true);
}
