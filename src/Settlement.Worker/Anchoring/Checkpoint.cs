using NodaTime;
using NodaTime.Text;

namespace Settlement.Worker.Anchoring;

/// <summary>
/// A signed statement "the event log's row <see cref="Seq"/> has chain hash <see cref="Head"/>",
/// made at <see cref="SignedAt"/> with the key <see cref="KeyId"/>. Since each row's hash covers
/// every row before it, a checkpoint fixes the whole log up to its seq: a row removed from the end
/// leaves the checkpoint pointing past the log, and a rewritten chain leaves the row with another hash.
/// </summary>
internal sealed record Checkpoint(long Seq, byte[] Head, Instant SignedAt, string KeyId, byte[] Signature)
{
    /// <summary>The text that is signed: versioned, one fact per line, nothing read from the database unparsed.</summary>
    public string Payload =>
        $"settlement-checkpoint/1\nseq {Seq}\nhead {Hashing.Hex(Head)}\nsigned {InstantPattern.ExtendedIso.Format(SignedAt)}\nkey {KeyId}\n";

    /// <summary>Signs the head <paramref name="seq"/>/<paramref name="head"/> now (to the microsecond, which the database keeps).</summary>
    public static Checkpoint Sign(CheckpointKey key, long seq, byte[] head, Instant now)
    {
        var at = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks() / 10 * 10);
        var unsigned = new Checkpoint(seq, head, at, key.Id, []);
        return unsigned with { Signature = key.Sign(unsigned.Payload) };
    }

    /// <summary>Whether <paramref name="key"/> made this signature over this checkpoint's facts.</summary>
    public bool VerifiesWith(CheckpointKey key) => key.Id == KeyId && key.Verify(Payload, Signature);
}
