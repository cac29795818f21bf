using System.Text;
using Dapper;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Settlement.Worker.Events;

/// <summary>One row of the event log as it is appended.</summary>
internal sealed record LogEntry(
    string SourceFile, int SourceLine, string? Type, string? PlacementId, string? ProviderOrg, LocalDate? RegisteredOn,
    string? Code, string? Message, string Canonical)
{
    public bool Accepted => Code is null;
    public byte[] ContentHash { get; } = Hashing.Sha256(Canonical);
}

/// <summary>
/// The append-only, hash-chained event log. The database refuses UPDATE, DELETE and TRUNCATE
/// (a trigger); appends hold the chain head row FOR UPDATE, so concurrent imports queue up and
/// the chain stays one line. Each row stores the SHA-256 of its canonical JSON, the previous
/// row's hash, and its own hash = SHA-256(previous hash ‖ content hash ‖ verdict), the verdict
/// ("accepted" or "refused CODE") being part of what cannot be altered unnoticed.
/// </summary>
internal sealed class EventLog
{
    private readonly NpgsqlConnection conn;
    private readonly NpgsqlTransaction tx;
    /// <summary>The last row before this transaction's appends.</summary>
    private readonly long headSeq;
    private long lastSeq;
    private byte[] lastHash;

    private EventLog(NpgsqlConnection conn, NpgsqlTransaction tx, long lastSeq, byte[] lastHash)
    {
        this.conn = conn; this.tx = tx; headSeq = this.lastSeq = lastSeq; this.lastHash = lastHash;
    }

    /// <summary>Takes the chain head for this transaction (other appenders wait until it commits).</summary>
    public static EventLog Lock(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        var head = conn.QuerySingle<(long LastSeq, byte[] Hash)>("select last_seq, hash from event_chain_head for update", transaction: tx);
        return new EventLog(conn, tx, head.LastSeq, head.Hash);
    }

    public static byte[] ChainHash(byte[] prev, byte[] content, string? code) =>
        Hashing.Sha256([.. prev, .. content, .. Encoding.UTF8.GetBytes(code is null ? "accepted" : "refused " + code)]);

    /// <summary>
    /// Which of these content hashes (hex) the log held before this transaction took the head; call
    /// with the head held, so none can arrive meanwhile. Rows appended since (this import's, flushed
    /// chunk by chunk) do not count: a line repeating an earlier line of the same file is the event
    /// used twice and is checked, not skipped as a resend.
    /// </summary>
    public HashSet<string> Existing(IEnumerable<byte[]> contentHashes)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in contentHashes.Chunk(5000))
            foreach (var h in conn.Query<byte[]>("select content_hash from event_log where content_hash = any(@chunk) and seq <= @headSeq",
                         new { chunk, headSeq }, tx))
                found.Add(Hashing.Hex(h));
        return found;
    }

    /// <summary>
    /// Appends one row and returns its sequence number. The row is chained at once (its seq and
    /// hashes are final) and written with the others by <see cref="Flush"/> (binary COPY), which
    /// <see cref="Close"/> calls; rows are only visible to queries after a flush.
    /// </summary>
    public long Append(LogEntry e)
    {
        var seq = lastSeq + 1;
        var hash = ChainHash(lastHash, e.ContentHash, e.Code);
        pending.Add((seq, e, lastHash, hash));
        lastSeq = seq;
        lastHash = hash;
        return seq;
    }

    private readonly List<(long Seq, LogEntry Entry, byte[] Prev, byte[] Hash)> pending = [];

    /// <summary>Writes the appended rows in one binary COPY (in the transaction holding the head).</summary>
    public void Flush()
    {
        if (pending.Count == 0) return;
        using (var copy = conn.BeginBinaryImport("""
            copy event_log (seq, source_file, source_line, type, placement_id, provider_org, registered_on,
                            status, code, message, canonical, event, content_hash, prev_hash, hash) from stdin (format binary)
            """))
        {
            foreach (var (seq, e, prev, hash) in pending)
            {
                copy.StartRow();
                copy.Write(seq, NpgsqlDbType.Bigint);
                copy.Write(e.SourceFile, NpgsqlDbType.Text);
                copy.Write(e.SourceLine, NpgsqlDbType.Integer);
                Text(copy, e.Type);
                Text(copy, e.PlacementId);
                Text(copy, e.ProviderOrg);
                if (e.RegisteredOn is { } d) copy.Write(d, NpgsqlDbType.Date); else copy.WriteNull();
                copy.Write(e.Accepted ? "accepted" : "refused", NpgsqlDbType.Text);
                Text(copy, e.Code);
                Text(copy, e.Message);
                copy.Write(e.Canonical, NpgsqlDbType.Text);
                copy.Write(e.Canonical, NpgsqlDbType.Jsonb);
                copy.Write(e.ContentHash, NpgsqlDbType.Bytea);
                copy.Write(prev, NpgsqlDbType.Bytea);
                copy.Write(hash, NpgsqlDbType.Bytea);
            }
            copy.Complete();
        }
        pending.Clear();
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull(); else copy.Write(value, NpgsqlDbType.Text);
    }

    /// <summary>Writes what is pending and moves the chain head to the last appended row; call once before commit.</summary>
    public void Close()
    {
        Flush();
        conn.Execute("update event_chain_head set last_seq = @lastSeq, hash = @lastHash", new { lastSeq, lastHash }, tx);
    }

    public sealed record Problem(long Seq, string What);

    /// <summary>
    /// Walks the whole chain: every content hash matches its canonical text, every row links to
    /// the one before, the sequence has no gaps, and the head points at the last row.
    /// </summary>
    public static IReadOnlyList<Problem> Verify(NpgsqlConnection conn)
    {
        var problems = new List<Problem>();
        var prev = new byte[32];
        long expected = 1;
        foreach (var r in conn.Query<(long Seq, string Canonical, string? Code, byte[] ContentHash, byte[] PrevHash, byte[] Hash)>(
                     "select seq, canonical, code, content_hash, prev_hash, hash from event_log order by seq", buffered: false))
        {
            if (r.Seq != expected) problems.Add(new(r.Seq, $"sequence gap: expected {expected}"));
            if (!Hashing.Sha256(r.Canonical).AsSpan().SequenceEqual(r.ContentHash)) problems.Add(new(r.Seq, "content hash does not match the canonical event"));
            if (!r.PrevHash.AsSpan().SequenceEqual(prev)) problems.Add(new(r.Seq, "previous hash does not match the row before"));
            if (!ChainHash(r.PrevHash, r.ContentHash, r.Code).AsSpan().SequenceEqual(r.Hash)) problems.Add(new(r.Seq, "row hash does not match its contents"));
            prev = r.Hash;
            expected = r.Seq + 1;
        }
        var head = conn.QuerySingle<(long LastSeq, byte[] Hash)>("select last_seq, hash from event_chain_head");
        if (head.LastSeq != expected - 1 || !head.Hash.AsSpan().SequenceEqual(prev))
            problems.Add(new(head.LastSeq, "the chain head does not point at the last row"));
        return problems;
    }
}
