using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Settlement.Worker.Anchoring;
using Settlement.Worker.Database;
using Settlement.Worker.Events;

namespace Settlement.Worker.Replay;

/// <summary>
/// The event log's hash chain, checked by replay on a connection of its own while the figures are
/// computed: the whole log (`settle replay`), or one placement's rows (`settle explain`, a portal
/// page), which is what a page showing one placement can afford.
/// </summary>
internal static class ChainCheck
{
    /// <summary>
    /// The chain check of <see cref="EventLog.Verify"/> (content hash, link, chain hash, no gaps, the
    /// head), plus: the stored JSON column and the indexed columns (type, placement, registered
    /// date) of every row agree with its hashed canonical text, since the runs select by them; and
    /// the signed checkpoints and the anchors given still hold (<see cref="AnchorCheck"/>), which
    /// finds what the hashes alone cannot: rows cut from the end, a chain rewritten and rehashed.
    /// </summary>
    public static ChainStatus Verify(NpgsqlDataSource ds, AnchorTrust? trust = null)
    {
        using var conn = ds.Connect();
        var events = conn.ExecuteScalar<long>("select count(*) from event_log");
        var problems = EventLog.Verify(conn).Select(p => (p.Seq, p.What)).ToList();
        var columns = conn.QueryFirstOrDefault<(long Seq, string What)?>("""
            select seq, case
                when event is distinct from canonical::jsonb then 'the stored JSON (column event) differs from the hashed canonical text'
                when type is distinct from canonical::jsonb->>'type' then 'the type column differs from the hashed canonical text'
                when placement_id is distinct from canonical::jsonb->>'placement' then 'the placement_id column differs from the hashed canonical text'
                else 'the registered_on column differs from the hashed canonical text' end
            from event_log
            where event is distinct from canonical::jsonb
               or case when status = 'accepted' then
                      type is distinct from canonical::jsonb->>'type'
                      or placement_id is distinct from canonical::jsonb->>'placement'
                      or to_char(registered_on, 'YYYY-MM-DD') is distinct from canonical::jsonb->>'registeredOn'
                  else false end
            order by seq limit 1
            """);
        if (columns is { } c) problems.Add(c);
        var (checkpoints, anchored) = AnchorCheck.Verify(conn, trust ?? AnchorTrust.None);
        problems.AddRange(anchored.Select(p => (p.Seq, p.What)));
        var head = Hashing.Hex(conn.ExecuteScalar<byte[]>("select hash from event_chain_head")!);
        if (problems.Count == 0) return new ChainStatus(true, events, null, null) { Head = head, Checkpoints = checkpoints };
        var first = problems.OrderBy(p => p.Seq).First();
        return new ChainStatus(false, events, first.Seq, $"seq {first.Seq}: {first.What}") { Head = head, Checkpoints = checkpoints };
    }

    /// <summary>
    /// The rows of one placement only: each row's content hash, chain hash and link to the row
    /// before it (whose hash is read too), and its JSON and indexed columns, as in
    /// <see cref="Verify"/>. Altering one of them without rewriting the rest of the chain is found.
    /// </summary>
    public static ChainStatus VerifyPlacementRows(NpgsqlDataSource ds, string placement)
    {
        using var conn = ds.Connect();
        var rows = conn.Query<(long Seq, string Canonical, string? Code, byte[] ContentHash, byte[] PrevHash, byte[] Hash, byte[]? Before, bool ColumnsOk)>("""
            select e.seq, e.canonical, e.code, e.content_hash, e.prev_hash, e.hash,
                   case when e.seq = 1 then decode(repeat('00', 32), 'hex') else b.hash end,
                   e.event = x.c and (e.status <> 'accepted' or (e.type is not distinct from x.c->>'type'
                       and e.placement_id is not distinct from x.c->>'placement'
                       and to_char(e.registered_on, 'YYYY-MM-DD') is not distinct from x.c->>'registeredOn'))
            from event_log e cross join lateral (select e.canonical::jsonb as c) x
            left join event_log b on b.seq = e.seq - 1
            where e.placement_id = @placement or e.event->>'placement' = @placement
            order by e.seq
            """, new { placement }).ToList();
        foreach (var r in rows)
        {
            string? problem =
                !SHA256.HashData(Encoding.UTF8.GetBytes(r.Canonical)).AsSpan().SequenceEqual(r.ContentHash) ? "content hash does not match the canonical event"
                : r.Before is null || !r.Before.AsSpan().SequenceEqual(r.PrevHash) ? "previous hash does not match the row before"
                : !EventLog.ChainHash(r.PrevHash, r.ContentHash, r.Code).AsSpan().SequenceEqual(r.Hash) ? "row hash does not match its contents"
                : !r.ColumnsOk ? "the stored JSON or an indexed column differs from the hashed canonical text"
                : null;
            if (problem is not null) return new ChainStatus(false, rows.Count, r.Seq, $"seq {r.Seq}: {problem}");
        }
        return new ChainStatus(true, rows.Count, null, null);
    }
}
