using Dapper;
using Npgsql;

namespace Settlement.Worker.Anchoring;

/// <summary>
/// Replay's check of the checkpoints (SETTLE-CHAIN-ANCHOR): every stored checkpoint and every
/// anchor given must be signed by the trusted key and name a row the log still has, with the very
/// chain hash signed. Cutting rows from the end of the log (and moving the head back) leaves a
/// checkpoint past the end; rewriting the chain and recomputing every hash leaves a row whose hash
/// is not the signed one; a forged or edited checkpoint fails its signature. Removing the stored
/// checkpoints as well is what the anchor an auditor kept elsewhere is for.
/// </summary>
internal static class AnchorCheck
{
    public sealed record Problem(long Seq, string What);

    public static (CheckpointStatus Status, List<Problem> Problems) Verify(NpgsqlConnection conn, AnchorTrust trust)
    {
        var stored = Checkpoints.All(conn);
        var problems = new List<Problem>();
        var seqs = stored.Select(c => c.Seq).Concat(trust.Anchors.Select(a => a.Checkpoint.Seq)).Distinct().ToArray();
        var rows = conn.Query<(long Seq, byte[] Hash)>("select seq, hash from event_log where seq = any(@seqs)", new { seqs })
            .ToDictionary(r => r.Seq, r => r.Hash);
        var lastSeq = conn.ExecuteScalar<long>("select last_seq from event_chain_head");

        foreach (var c in stored)
        {
            if (trust.Key is { } key)
            {
                if (c.KeyId != key.Id)
                    problems.Add(new(c.Seq, $"the checkpoint of seq {c.Seq} names key {c.KeyId}, not the checkpoint key here ({key.Id}): it was not made by this service"));
                else if (!c.VerifiesWith(key))
                    problems.Add(new(c.Seq, $"the checkpoint of seq {c.Seq}: its signature does not verify: the checkpoint was altered or forged"));
            }
            problems.AddRange(AgainstLog(c, rows, lastSeq, "the checkpoint"));
        }
        foreach (var (file, anchor) in trust.Anchors)
            problems.AddRange(AgainstLog(anchor, rows, lastSeq, $"the anchor {Path.GetFileName(file)}"));

        var latest = stored.LastOrDefault();
        var status = new CheckpointStatus(stored.Count, latest?.Seq, latest?.SignedAt, latest?.KeyId,
            trust.Key is not null && stored.Count > 0, trust.Anchors.Count, latest is null ? 0 : Math.Max(0, lastSeq - latest.Seq));
        return (status, problems);
    }

    /// <summary>A signed head against the log: the row is there and has the hash signed.</summary>
    private static IEnumerable<Problem> AgainstLog(Checkpoint c, Dictionary<long, byte[]> rows, long lastSeq, string what)
    {
        var signed = $"{what} signed {NodaTime.Text.InstantPattern.General.Format(c.SignedAt)}";
        if (!rows.TryGetValue(c.Seq, out var hash))
            yield return new(c.Seq, $"the log ends at seq {lastSeq}, but {signed} holds row {c.Seq}: events were removed from its end");
        else if (!hash.AsSpan().SequenceEqual(c.Head))
            yield return new(c.Seq, $"row {c.Seq}'s chain hash {Hashing.Hex(hash)[..12]}… is not the {Hashing.Hex(c.Head)[..12]}… of {signed}: the log up to it was rewritten");
    }
}
