using Dapper;
using Npgsql;
using Settlement.Worker.Database;

namespace Settlement.Worker.Intake;

/// <summary>How a document reached the service (`settle invoices` shows it with the source).</summary>
internal enum Channel { File, Inbox, Http, Portal }

/// <summary>An archived inbound document: its id and exactly the bytes that arrived (only the first of them, with the real <see cref="Size"/>, for one over the size limit).</summary>
internal sealed record ArchivedDocument(long Id, Channel Channel, string Source, string Sha256, byte[] Content, long Size);

/// <summary>
/// Archive first: the exact bytes, their SHA-256, the channel and the time are committed before
/// anything else looks at them, so a document is never lost whatever it contains or whatever
/// fails afterwards. The table is append-only (a trigger refuses UPDATE and DELETE).
/// </summary>
internal static class InboundArchive
{
    public static ArchivedDocument Store(NpgsqlDataSource ds, Channel channel, string source, byte[] content) =>
        StoreMany(ds, [InboundDocument.Of(channel, source, content)])[0];

    /// <summary>Archives a batch in one transaction (one round trip per thousand), in the order given.</summary>
    public static IReadOnlyList<ArchivedDocument> StoreMany(NpgsqlDataSource ds, IReadOnlyList<InboundDocument> documents)
    {
        var archived = new List<ArchivedDocument>(documents.Count);
        if (documents.Count == 0) return archived;
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        foreach (var chunk in documents.Chunk(1000))
        {
            var shas = chunk.Select(d => d.Sha256).ToArray();
            // Identity values are drawn in the order of the ordered select, so ascending ids follow the input order.
            var ids = conn.Query<long>("""
                insert into inbound_documents (channel, source, sha256, size_bytes, content)
                select c, s, h, z, b from unnest(@channels::text[], @sources::text[], @shas::text[], @sizes::bigint[], @contents::bytea[])
                    with ordinality as u(c, s, h, z, b, o)
                order by o
                returning id
                """, new
            {
                channels = chunk.Select(d => Name(d.Channel)).ToArray(), sources = chunk.Select(d => d.Source).ToArray(), shas,
                sizes = chunk.Select(d => d.Size).ToArray(), contents = chunk.Select(d => d.Content).ToArray(),
            }, tx).Order().ToArray();
            for (int i = 0; i < chunk.Length; i++)
                archived.Add(new ArchivedDocument(ids[i], chunk[i].Channel, chunk[i].Source, shas[i], chunk[i].Content, chunk[i].Size));
        }
        tx.Commit();
        return archived;
    }

    /// <summary>
    /// Archived documents that have no outcome yet (a crash between archiving and deciding), in
    /// chunks as <see cref="IntakeService.Chunks"/> bounds them: their ids and sizes are listed first,
    /// and each chunk's bytes are loaded only when it is taken, so memory stays flat however many wait.
    /// </summary>
    public static IEnumerable<ArchivedDocument[]> Unprocessed(NpgsqlDataSource ds)
    {
        List<(long Id, long Stored)> waiting;
        using (var conn = ds.Connect())
            waiting = conn.Query<(long Id, long Stored)>("""
                select d.id, length(d.content)::bigint from inbound_documents d
                where not exists (select 1 from inbound_outcomes o where o.document_id = d.id) order by d.id
                """).ToList();
        foreach (var chunk in IntakeService.Chunks(waiting, w => w.Stored))
        {
            using var conn = ds.Connect();
            yield return conn.Query<(long Id, string Channel, string Source, string Sha256, byte[] Content, long Size)>("""
                select d.id, d.channel, d.source, d.sha256, d.content, d.size_bytes from inbound_documents d
                where d.id = any(@ids) order by d.id
                """, new { ids = chunk.Select(c => c.Id).ToArray() })
                .Select(r => new ArchivedDocument(r.Id, Parse(r.Channel), r.Source, r.Sha256, r.Content, r.Size)).ToArray();
        }
    }

    /// <summary>
    /// Of these documents, those taken in before from the same file: the same channel (a file or the
    /// inbox folder), path and bytes, already decided; with the stored result of the first time.
    /// A resend under another name, or over HTTP, is a resend (a duplicate, answered again).
    /// </summary>
    public static Dictionary<(Channel, string, string), IntakeResult> AlreadyTaken(NpgsqlDataSource ds, IReadOnlyList<InboundDocument> documents)
    {
        var files = documents.Where(d => d.Channel is Channel.File or Channel.Inbox).ToList();
        if (files.Count == 0) return [];
        using var conn = ds.Connect();
        return conn.Query<(long Id, string Channel, string Source, string Sha256, string? Type, string? Number, string Outcome, string Reasons)>("""
                select distinct on (d.channel, d.source, d.sha256) d.id, d.channel, d.source, d.sha256, o.document_type, o.document_number, o.outcome, o.reasons::text
                from unnest(@channels::text[], @sources::text[], @shas::text[]) as k(channel, source, sha256)
                join inbound_documents d on d.channel = k.channel and d.source = k.source and d.sha256 = k.sha256
                join inbound_outcomes o on o.document_id = d.id
                order by d.channel, d.source, d.sha256, d.id
                """, new
            {
                channels = files.Select(d => Name(d.Channel)).ToArray(), sources = files.Select(d => d.Source).ToArray(), shas = files.Select(d => d.Sha256).ToArray(),
            })
            .ToDictionary(r => (Parse(r.Channel), r.Source, r.Sha256),
                r => OutcomeJson.Result(r.Id, r.Source, r.Type, r.Number, r.Outcome, r.Reasons) with { AlreadyTaken = true });
    }

    public static string Name(Channel channel) => channel.ToString().ToLowerInvariant();

    private static Channel Parse(string name) => Enum.Parse<Channel>(name, ignoreCase: true);
}
