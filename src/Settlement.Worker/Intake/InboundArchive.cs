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
    public static ArchivedDocument Store(NpgsqlDataSource ds, Channel channel, string source, byte[] content)
    {
        using var conn = ds.Connect();
        var sha = Hashing.Sha256Hex(content);
        var id = conn.ExecuteScalar<long>("""
            insert into inbound_documents (channel, source, sha256, size_bytes, content)
            values (@channel, @source, @sha, @size, @content) returning id
            """, new { channel = Name(channel), source, sha, size = content.Length, content });
        return new ArchivedDocument(id, channel, source, sha, content);
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
