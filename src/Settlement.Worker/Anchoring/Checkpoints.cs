using Dapper;
using NodaTime;
using Npgsql;
using Serilog;
using Settlement.Worker.Database;

namespace Settlement.Worker.Anchoring;

/// <summary>The stored checkpoints (table event_checkpoints, append-only): signing the head and reading them back.</summary>
internal static class Checkpoints
{
    /// <summary>
    /// Signs the event log's current head unless a checkpoint of it is stored already; returns the
    /// new checkpoint or null. Called after every events import (its own short transaction: a crash
    /// in between leaves the head unsigned until the next import or `settle anchor checkpoint`).
    /// </summary>
    public static Checkpoint? SignHead(NpgsqlDataSource ds, CheckpointKey key, IClock clock)
    {
        using var conn = ds.Connect();
        using var tx = conn.BeginTransaction();
        var head = conn.QuerySingle<(long LastSeq, byte[] Hash)>("select last_seq, hash from event_chain_head for share", transaction: tx);
        if (head.LastSeq == 0 || conn.ExecuteScalar<bool>("select exists (select 1 from event_checkpoints where seq = @seq)", new { seq = head.LastSeq }, tx))
            return null;
        var checkpoint = Checkpoint.Sign(key, head.LastSeq, head.Hash, clock.GetCurrentInstant());
        var written = conn.Execute("""
            insert into event_checkpoints (seq, head, signed_at, key_id, signature)
            values (@Seq, @Head, @SignedAt, @KeyId, @Signature) on conflict (seq) do nothing
            """, checkpoint, tx);
        tx.Commit();
        if (written == 1)
            Log.Information("Checkpoint: event log head seq {Seq} signed with key {Key}", checkpoint.Seq, checkpoint.KeyId);
        return written == 1 ? checkpoint : null;
    }

    /// <summary>Every stored checkpoint, in order of seq.</summary>
    public static IReadOnlyList<Checkpoint> All(NpgsqlConnection conn) =>
        conn.Query<(long Seq, byte[] Head, Instant SignedAt, string KeyId, byte[] Signature)>(
                "select seq, head, signed_at, key_id, signature from event_checkpoints order by seq")
            .Select(r => new Checkpoint(r.Seq, r.Head, r.SignedAt, r.KeyId, r.Signature)).ToList();
}
